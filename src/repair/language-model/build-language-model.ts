/**
 * Builds the syllable trigram model from a folder of clean Vietnamese text.
 *   npm run build-model -- --corpus /work/shared/data/vi-text [--out <file>] [--min-trigram 1]
 *     [--min-bigram 1] [--min-syllable 2] [--min-word 30] [--holdout-every 200] [--holdout-out <dir>]
 *     [--weight <file-name-prefix>=<n>]…   (count the documents of matching files n times)
 * Documents (blank-line separated) whose index in their file is ≡ -1 mod holdout-every are left out of
 * training (written to --holdout-out when given) so the model can be validated on unseen text.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isVietnameseSyllable, stripMarks } from '../syllable/syllable.ts';
import { buildKneserNey, SEP } from './kneser-ney.ts';
import { dequantize8, encodeModelFile, quantize, quantize8, quantRange } from './model-file.ts';
import { DEFAULT_MODEL_PATH, type TrigramArrays } from './trigram-model.ts';
import { BOS, CODE, EOS, lmSegments, NUM, UNK } from './tokenize.ts';

export interface BuildOptions {
  minTrigramCount: number;
  minBigramCount: number;
  /** Syllables seen fewer times become <unk>. */
  minSyllableCount: number;
  /** Non-syllable words (abbreviations, foreign words) seen fewer times become <unk>. */
  minWordCount: number;
  holdoutEvery: number;
}

export const DEFAULT_BUILD_OPTIONS: BuildOptions = {
  minTrigramCount: 1,
  minBigramCount: 1,
  minSyllableCount: 2,
  minWordCount: 30,
  holdoutEvery: 200, // LM_HOLDOUT_EVERY
};

/** Growable Uint32 buffer for the token-id stream. */
class IdStream {
  buf = new Uint32Array(1 << 20);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const b = new Uint32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.length++] = v;
  }
  view(): Uint32Array {
    return this.buf.subarray(0, this.length);
  }
}

/** Interns token strings to provisional ids and counts them. */
class Interner {
  ids = new Map<string, number>();
  words: string[] = [];
  counts: number[] = [];
  id(w: string): number {
    let i = this.ids.get(w);
    if (i === undefined) {
      i = this.words.length;
      this.ids.set(w, i);
      this.words.push(w);
      this.counts.push(0);
    }
    this.counts[i]!++;
    return i;
  }
}

/** Splits a corpus file into documents (blank-line separated). */
export function corpusDocuments(text: string): string[] {
  return text.split(/\n[ \t]*\n/).filter((d) => d.trim() !== '');
}

/** The committed model holds out every 200th document of each corpus file (see trainingDocuments). */
export const LM_HOLDOUT_EVERY = 200;

/**
 * The documents the committed model holds out, of the corpus files given (default: the administrative
 * and codified-law files): unseen text for benches, which the channel builders leave out too.
 */
export function heldOutDocuments(dir: string, files = ['vanban_hanhchinh_01.txt', 'vanban_hanhchinh_02.txt', 'phapdien_01.txt', 'phapdien_02.txt']): string[] {
  const out: string[] = [];
  for (const f of files) {
    const p = join(dir, f);
    if (!existsSync(p)) continue;
    const docs = corpusDocuments(readFileSync(p, 'utf8'));
    for (let i = LM_HOLDOUT_EVERY - 1; i < docs.length; i += LM_HOLDOUT_EVERY) out.push(docs[i]!);
  }
  return out;
}

export function listCorpusFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listCorpusFiles(p));
    else if (name.endsWith('.txt')) out.push(p);
  }
  return out;
}

/** Chooses the vocabulary: specials, then frequent syllables and frequent other words, by count. */
export function chooseVocabulary(words: string[], counts: number[], opts: BuildOptions): string[] {
  const specials = [BOS, EOS, UNK, NUM, CODE];
  const cand: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (specials.includes(w)) continue;
    const c = counts[i]!;
    if (isVietnameseSyllable(w) ? c >= opts.minSyllableCount : c >= opts.minWordCount) cand.push(i);
  }
  cand.sort((a, b) => counts[b]! - counts[a]!);
  return [...specials, ...cand.slice(0, 65535 - specials.length).map((i) => words[i]!)];
}

/** Counts all-capital letter runs that are not syllables ("QĐ", "HĐND", "BCĐ") by spelling. */
function countAbbreviations(doc: string, counts: Map<string, number>): void {
  for (const m of doc.matchAll(/\p{L}{2,}/gu)) {
    const run = m[0];
    if (run !== run.toUpperCase() || isVietnameseSyllable(run)) continue;
    counts.set(run, (counts.get(run) ?? 0) + 1);
  }
}

/**
 * Mark-free lower-case key → the marked spelling of an abbreviation, when that spelling is the
 * usual one (≥ minCount occurrences and more than half of the key's): codes keep their Đ
 * ("757/QD-BKHCN" → "757/QĐ-BKHCN") although the LM sees codes only as <code>.
 */
export function chooseAbbreviations(counts: Map<string, number>, minCount = 5): Record<string, string> {
  const byKey = new Map<string, { form: string; n: number; total: number }>();
  for (const [form, n] of counts) {
    const key = stripMarks(form).toLowerCase();
    const e = byKey.get(key) ?? { form, n: 0, total: 0 };
    e.total += n;
    if (n > e.n) {
      e.form = form;
      e.n = n;
    }
    byKey.set(key, e);
  }
  const out: Record<string, string> = {};
  for (const [key, e] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (e.n >= minCount && e.n * 2 > e.total && e.form.toLowerCase() !== key) out[key] = e.form.toLowerCase();
  }
  return out;
}

/** Estimates a model from texts (each a document; one paragraph per line). */
export function buildFromDocuments(docs: Iterable<string>, opts: BuildOptions, log: (m: string) => void = () => {}): TrigramArrays {
  const interner = new Interner();
  const stream = new IdStream();
  const abbrevCounts = new Map<string, number>();
  for (const doc of docs) {
    countAbbreviations(doc, abbrevCounts);
    for (const seg of lmSegments(doc, true)) {
      for (const w of seg) stream.push(interner.id(w));
      stream.push(SEP);
    }
  }
  log(`tokens ${stream.length}, distinct ${interner.words.length}`);
  const vocab = chooseVocabulary(interner.words, interner.counts, opts);
  const finalId = new Map(vocab.map((w, i) => [w, i]));
  const unk = finalId.get(UNK)!;
  const remap = Uint32Array.from(interner.words, (w) => finalId.get(w) ?? unk);
  const ids = stream.view();
  for (let i = 0; i < ids.length; i++) if (ids[i] !== SEP) ids[i] = remap[ids[i]!]!;
  log(`vocabulary ${vocab.length}`);
  const arrays = buildKneserNey(ids, vocab, finalId.get(BOS)!, finalId.get(EOS)!, {
    minTrigramCount: opts.minTrigramCount,
    minBigramCount: opts.minBigramCount,
    log,
  });
  const abbreviations = chooseAbbreviations(abbrevCounts);
  log(`abbreviations with marks ${Object.keys(abbreviations).length}`);
  arrays.meta = { ...arrays.meta, tokens: stream.length, options: opts, abbreviations };
  return arrays;
}

/**
 * Backoff weights of the trigram contexts recomputed from the quantised trigram probabilities, so
 * each context's distribution still sums to 1 after quantisation.
 */
function renormalisedContextBackoffs(a: TrigramArrays, triP: Float32Array): Float32Array {
  const out = Float32Array.from(a.bigBow);
  const V = a.vocab.length;
  const bigramLevel = (w2: number, w3: number): number => {
    let lo = a.uniOff[w2]!;
    let hi = a.uniOff[w2 + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = a.bigW[mid]!;
      if (w === w3) return Math.pow(10, a.bigP[mid]!);
      if (w < w3) lo = mid + 1;
      else hi = mid - 1;
    }
    return Math.pow(10, a.uniBow[w2]! + a.uniP[w3]!);
  };
  for (let w1 = 0; w1 < V; w1++) {
    for (let b = a.uniOff[w1]!; b < a.uniOff[w1 + 1]!; b++) {
      const t0 = a.bigOff[b]!;
      const t1 = a.bigOff[b + 1]!;
      if (t1 === t0) continue;
      const w2 = a.bigW[b]!;
      let kept = 0;
      let lower = 0;
      for (let t = t0; t < t1; t++) {
        kept += Math.pow(10, triP[t]!);
        lower += bigramLevel(w2, a.triW[t]!);
      }
      out[b] = Math.log10(Math.max(1e-12, 1 - kept) / Math.max(1e-12, 1 - lower));
    }
  }
  return out;
}

/** Serialises a model: 16-bit linear bigram log-probs/backoffs, 8-bit binned trigram log-probs. */
export function encodeTrigramArrays(a: TrigramArrays): Buffer {
  const tri8 = quantize8(a.triP);
  const bigBow = renormalisedContextBackoffs(a, dequantize8(tri8.codes, tri8.table));
  const quant = { bigP: quantRange(a.bigP), bigBow: quantRange(bigBow) };
  return encodeModelFile(
    { ...a.meta, format: 'vnplan syllable trigram, interpolated modified Kneser-Ney, backoff trie', vocabSize: a.vocab.length, quant },
    {
      vocab: new Uint8Array(Buffer.from(a.vocab.join('\n'), 'utf8')),
      uniP: a.uniP,
      uniBow: a.uniBow,
      uniOff: a.uniOff,
      bigW: a.bigW,
      bigP: quantize(a.bigP, quant.bigP),
      bigBow: quantize(bigBow, quant.bigBow),
      bigOff: a.bigOff,
      triW: a.triW,
      triP: tri8.codes,
      triPTable: tri8.table,
    },
  );
}

/** Training weight of a corpus file: the first `--weight prefix=n` whose prefix starts the file name, else 1. */
function fileWeight(file: string, weights: [string, number][]): number {
  const name = file.split('/').pop() ?? file;
  return weights.find(([p]) => name.startsWith(p))?.[1] ?? 1;
}

function* trainingDocuments(
  files: string[],
  holdoutEvery: number,
  weights: [string, number][],
  heldOut: Map<string, string[]>,
  log: (m: string) => void,
): Generator<string> {
  for (const f of files) {
    const docs = corpusDocuments(readFileSync(f, 'utf8'));
    const w = fileWeight(f, weights);
    log(`${f}: ${docs.length} documents, weight ${w}`);
    const held: string[] = [];
    heldOut.set(f, held);
    for (let i = 0; i < docs.length; i++) {
      if (holdoutEvery > 0 && i % holdoutEvery === holdoutEvery - 1) held.push(docs[i]!);
      else for (let k = 0; k < w; k++) yield docs[i]!;
    }
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      out: { type: 'string', default: DEFAULT_MODEL_PATH },
      'min-trigram': { type: 'string' },
      'min-bigram': { type: 'string' },
      'min-syllable': { type: 'string' },
      'min-word': { type: 'string' },
      'holdout-every': { type: 'string' },
      'holdout-out': { type: 'string' },
      weight: { type: 'string', multiple: true },
    },
  });
  if (!values.corpus) throw new Error('usage: build-language-model --corpus <dir> [--out <file>]');
  const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
  const d = DEFAULT_BUILD_OPTIONS;
  const opts: BuildOptions = {
    minTrigramCount: num(values['min-trigram'], d.minTrigramCount),
    minBigramCount: num(values['min-bigram'], d.minBigramCount),
    minSyllableCount: num(values['min-syllable'], d.minSyllableCount),
    minWordCount: num(values['min-word'], d.minWordCount),
    holdoutEvery: num(values['holdout-every'], d.holdoutEvery),
  };
  const t0 = Date.now();
  const log = (m: string) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  const files = listCorpusFiles(values.corpus);
  if (files.length === 0) throw new Error(`${values.corpus}: no .txt files`);
  const weights = (values.weight ?? []).map((w): [string, number] => {
    const [p, n] = w.split('=');
    return [p!, Number(n)];
  });
  const heldOut = new Map<string, string[]>();
  const arrays = buildFromDocuments(trainingDocuments(files, opts.holdoutEvery, weights, heldOut, log), opts, log);
  arrays.meta = { ...arrays.meta, weights };
  const bytes = encodeTrigramArrays(arrays);
  writeFileSync(values.out, bytes);
  const nHeld = [...heldOut.values()].reduce((n, d) => n + d.length, 0);
  log(`wrote ${values.out}: ${(bytes.length / 1e6).toFixed(1)} MB; held out ${nHeld} documents`);
  const dir = values['holdout-out'];
  if (dir) {
    mkdirSync(dir, { recursive: true });
    for (const [f, docs] of heldOut) writeFileSync(join(dir, f.split('/').pop()!), docs.join('\n\n') + '\n');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
