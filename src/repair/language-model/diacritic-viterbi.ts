/**
 * A small diacritic restorer: every word's candidates are the valid syllables (and known vocabulary
 * words, e.g. "hđnd") with the same mark-free spelling; a trigram Viterbi search over each segment
 * picks the most probable sequence under the language model. It validates the LM and is a baseline
 * for the repair decoder.
 *
 *   node --import tsx src/repair/language-model/diacritic-viterbi.ts [--model <file>] [--adapt CLEAN.txt]… IN.txt OUT.txt
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { LanguageModel } from '../types.ts';
import { applyCase, stripMarks, variantsOfKey } from '../syllable/syllable.ts';
import { lmToken, rawTokens } from './tokenize.ts';
import { buildAdaptiveModel } from './adaptive.ts';
import { loadLanguageModel } from './trigram-model.ts';

export interface RestoreOptions {
  /** At most this many candidates per word, the most frequent first (default 16). */
  maxCandidates?: number;
  /** Vocabulary words to add as candidates, by stripped key (see vocabularyIndex). */
  vocabulary?: ReadonlyMap<string, readonly string[]>;
}

/** stripped lower-case key → vocabulary words with that key (non-syllables such as "hđnd", "đu"). */
export function vocabularyIndex(words: Iterable<string>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const w of words) {
    if (w.startsWith('<')) continue;
    const k = stripMarks(w);
    const list = m.get(k);
    if (list) list.push(w);
    else m.set(k, [w]);
  }
  return m;
}

interface Slot {
  /** Offset of the core in the text, and the core (a word, code, or one word of a joined pair). */
  start: number;
  core: string;
  /** Lower-case candidate spellings ('' = keep the token as is) and their LM ids. */
  cands: string[];
  ids: number[];
}

const WORD = /^\p{L}+$/u;
/** Letter words joined by / , – or - without digits. */
const JOINED = /^\p{L}+(?:[/,–-]\p{L}+)+$/u;

/** A model that knows the usual marked spelling of abbreviations (SyllableTrigramModel does). */
interface AbbreviationSource {
  markAbbreviation(run: string): string;
}

/**
 * Marks inside codes and abbreviations ("757/QD-BKHCN" → "757/QĐ-BKHCN", "HDND" → "HĐND"): each
 * mark-free letter run of two or more letters that is not a syllable takes its usual spelling.
 */
function restoreLetterRuns(lm: LanguageModel, core: string): string {
  const src = lm as Partial<AbbreviationSource>;
  if (typeof src.markAbbreviation !== 'function') return core;
  return core.replace(/\p{L}{2,}/gu, (run) => {
    const key = stripMarks(run).toLowerCase();
    if (key !== run.toLowerCase() || variantsOfKey(key).length > 0) return run;
    return src.markAbbreviation!(run);
  });
}

/** Candidates of one token: known spellings sharing its mark-free form; itself when none is known. */
function candidates(lm: LanguageModel, core: string, opts: RestoreOptions): { cands: string[]; ids: number[] } {
  if (!WORD.test(core)) {
    const fixed = restoreLetterRuns(lm, core);
    return { cands: [fixed === core ? '' : fixed.toLowerCase()], ids: [lm.wordId(lmToken(core))] };
  }
  const key = stripMarks(core).toLowerCase();
  const seen = new Set<string>();
  const scored: { w: string; id: number; u: number }[] = [];
  for (const w of [...variantsOfKey(key), ...(opts.vocabulary?.get(key) ?? [])]) {
    if (seen.has(w)) continue;
    seen.add(w);
    const id = lm.wordId(w);
    if (id !== lm.unkId) scored.push({ w, id, u: lm.unigramLogProb(id) });
  }
  if (scored.length === 0) {
    const fixed = restoreLetterRuns(lm, core);
    return { cands: [fixed === core ? '' : fixed.toLowerCase()], ids: [lm.wordId(fixed.toLowerCase())] };
  }
  scored.sort((a, b) => b.u - a.u);
  const top = scored.slice(0, opts.maxCandidates ?? 16);
  return { cands: top.map((s) => s.w), ids: top.map((s) => s.id) };
}

/** Best candidate index per slot of one segment (trigram Viterbi, BOS BOS … EOS). */
export function viterbi(lm: LanguageModel, ids: number[][]): number[] {
  const n = ids.length;
  if (n === 0) return [];
  // state (i, a, b): slot i-1 took candidate a, slot i took b; score arrays per slot of size |i-1|×|i|
  const prevSize = (i: number) => (i === 0 ? 1 : ids[i - 1]!.length);
  const prevId = (i: number, a: number) => (i === 0 ? lm.bosId : ids[i - 1]![a]!);
  let score = new Float64Array(ids[0]!.length);
  const back: Int32Array[] = [];
  for (let b = 0; b < ids[0]!.length; b++) score[b] = lm.logProb(lm.bosId, lm.bosId, ids[0]![b]!);
  back.push(new Int32Array(ids[0]!.length).fill(-1));
  // score is indexed [a * |i| + b]
  for (let i = 1; i < n; i++) {
    const P = prevSize(i); // candidates of slot i-1
    const C = ids[i]!.length;
    const next = new Float64Array(P * C).fill(-Infinity);
    const bp = new Int32Array(P * C).fill(-1);
    const PP = prevSize(i - 1); // candidates of slot i-2 (1 at the start)
    for (let a = 0; a < P; a++) {
      for (let z = 0; z < PP; z++) {
        const s = score[z * P + a]!;
        if (s === -Infinity) continue;
        const w1 = prevId(i - 1, z);
        const w2 = ids[i - 1]![a]!;
        for (let b = 0; b < C; b++) {
          const v = s + lm.logProb(w1, w2, ids[i]![b]!);
          if (v > next[a * C + b]!) {
            next[a * C + b] = v;
            bp[a * C + b] = z;
          }
        }
      }
    }
    score = next;
    back.push(bp);
  }
  // close with EOS
  const P = prevSize(n - 1);
  const C = ids[n - 1]!.length;
  let best = -Infinity;
  let bestA = 0;
  let bestB = 0;
  for (let a = 0; a < P; a++) {
    for (let b = 0; b < C; b++) {
      const s = score[a * C + b]!;
      if (s === -Infinity) continue;
      const v = s + lm.logProb(n >= 2 ? ids[n - 2]![a]! : lm.bosId, ids[n - 1]![b]!, lm.eosId);
      if (v > best) {
        best = v;
        bestA = a;
        bestB = b;
      }
    }
  }
  const out = new Array<number>(n);
  out[n - 1] = bestB;
  let a = bestA;
  let b = bestB;
  for (let i = n - 1; i >= 1; i--) {
    out[i - 1] = a;
    const z = back[i]![a * ids[i]!.length + b]!;
    b = a;
    a = z;
  }
  return out;
}

/** Restores the marks of every word of a text, keeping punctuation, spacing and letter case. */
export function restoreDiacritics(lm: LanguageModel, text: string, opts: RestoreOptions = {}): string {
  const toks = rawTokens(text, false);
  const replacements: { start: number; end: number; text: string }[] = [];
  let seg: Slot[] = [];
  const flush = () => {
    const choice = viterbi(lm, seg.map((s) => s.ids));
    seg.forEach((s, i) => {
      const c = s.cands[choice[i]!]!;
      if (c === '') return;
      replacements.push({ start: s.start, end: s.start + s.core.length, text: applyCase(stripMarks(s.core), c) });
    });
    seg = [];
  };
  for (const tok of toks) {
    if (tok.breakBefore && seg.length > 0) flush();
    const start = tok.start + tok.lead.length;
    if (JOINED.test(tok.core)) {
      // words joined by punctuation ("thon/tieu", "nganh,trung") are restored as words in context
      for (const m of tok.core.matchAll(/\p{L}+/gu)) seg.push({ start: start + (m.index ?? 0), core: m[0], ...candidates(lm, m[0], opts) });
    } else seg.push({ start, core: tok.core, ...candidates(lm, tok.core, opts) });
    if (tok.breakAfter) flush();
  }
  if (seg.length > 0) flush();
  let out = '';
  let pos = 0;
  for (const r of replacements) {
    out += text.slice(pos, r.start) + r.text;
    pos = r.end;
  }
  return out + text.slice(pos);
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { model: { type: 'string' }, adapt: { type: 'string', multiple: true } },
  });
  const [input, output] = positionals;
  if (!input || !output) throw new Error('usage: diacritic-viterbi.ts [--model <file>] [--adapt CLEAN.txt]… IN.txt OUT.txt');
  const base = loadLanguageModel(values.model);
  const vocab: string[] = [];
  for (let i = 0; i < base.vocabSize; i++) vocab.push(base.word(i));
  const clean = (values.adapt ?? []).map((f) => readFileSync(f, 'utf8'));
  const lm = clean.length > 0 ? buildAdaptiveModel(base, clean) : base;
  writeFileSync(output, restoreDiacritics(lm, readFileSync(input, 'utf8'), { vocabulary: vocabularyIndex(vocab) }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
