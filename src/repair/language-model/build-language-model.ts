/**
 * Builds the syllable trigram model from a folder of clean Vietnamese text.
 *   npm run build-model -- --corpus /work/shared/data/vi-text [--out <file>] [--min-trigram 2]
 *     [--min-bigram 1] [--min-syllable 2] [--min-word 30] [--holdout-every 200] [--holdout-out <dir>]
 * Documents (blank-line separated) whose index in their file is ≡ -1 mod holdout-every are left out of
 * training (written to --holdout-out when given) so the model can be validated on unseen text.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isVietnameseSyllable } from '../syllable/syllable.ts';
import { buildKneserNey, SEP } from './kneser-ney.ts';
import { encodeModelFile, quantize, quantRange } from './model-file.ts';
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
  minTrigramCount: 2,
  minBigramCount: 1,
  minSyllableCount: 2,
  minWordCount: 30,
  holdoutEvery: 200,
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

/** Estimates a model from texts (each a document; one paragraph per line). */
export function buildFromDocuments(docs: Iterable<string>, opts: BuildOptions, log: (m: string) => void = () => {}): TrigramArrays {
  const interner = new Interner();
  const stream = new IdStream();
  for (const doc of docs) {
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
  arrays.meta = { ...arrays.meta, tokens: stream.length, options: opts };
  return arrays;
}

/** Serialises a model (16-bit quantised bigram/trigram log-probs and backoffs). */
export function encodeTrigramArrays(a: TrigramArrays): Buffer {
  const quant = { bigP: quantRange(a.bigP), bigBow: quantRange(a.bigBow), triP: quantRange(a.triP) };
  return encodeModelFile(
    { format: 'vnplan syllable trigram, interpolated modified Kneser-Ney, backoff trie', vocabSize: a.vocab.length, quant, ...a.meta },
    {
      vocab: new Uint8Array(Buffer.from(a.vocab.join('\n'), 'utf8')),
      uniP: a.uniP,
      uniBow: a.uniBow,
      uniOff: a.uniOff,
      bigW: a.bigW,
      bigP: quantize(a.bigP, quant.bigP),
      bigBow: quantize(a.bigBow, quant.bigBow),
      bigOff: a.bigOff,
      triW: a.triW,
      triP: quantize(a.triP, quant.triP),
    },
  );
}

function* trainingDocuments(files: string[], holdoutEvery: number, heldOut: string[], log: (m: string) => void): Generator<string> {
  for (const f of files) {
    const docs = corpusDocuments(readFileSync(f, 'utf8'));
    log(`${f}: ${docs.length} documents`);
    for (let i = 0; i < docs.length; i++) {
      if (holdoutEvery > 0 && i % holdoutEvery === holdoutEvery - 1) heldOut.push(docs[i]!);
      else yield docs[i]!;
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
  const heldOut: string[] = [];
  const arrays = buildFromDocuments(trainingDocuments(files, opts.holdoutEvery, heldOut, log), opts, log);
  const bytes = encodeTrigramArrays(arrays);
  writeFileSync(values.out, bytes);
  log(`wrote ${values.out}: ${(bytes.length / 1e6).toFixed(1)} MB; held out ${heldOut.length} documents`);
  if (values['holdout-out']) {
    mkdirSync(values['holdout-out'], { recursive: true });
    writeFileSync(join(values['holdout-out'], 'heldout.txt'), heldOut.join('\n\n') + '\n');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
