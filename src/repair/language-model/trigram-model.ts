import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LanguageModel } from '../types.ts';
import { decodeModelFile, dequantize, dequantize8, type Quant } from './model-file.ts';
import { BOS, CODE, EOS, lmToken, NUM, UNK } from './tokenize.ts';

/** The committed model, built by `npm run build-model`. */
export const DEFAULT_MODEL_PATH = join(dirname(fileURLToPath(import.meta.url)), 'syllable-trigram.bin');

/** The arrays of a backoff trigram model in trie layout (see README.md). */
export interface TrigramArrays {
  vocab: string[];
  /** log10 P(w) and log10 backoff(w) for a bigram context w that lacks the bigram. */
  uniP: Float32Array;
  uniBow: Float32Array;
  /** Bigrams of first word w are bigW[uniOff[w] .. uniOff[w+1]), sorted by second word. */
  uniOff: Uint32Array;
  bigW: Uint16Array;
  bigP: Float32Array;
  /** log10 backoff of the bigram as a trigram context. */
  bigBow: Float32Array;
  /** Trigrams of bigram b are triW[bigOff[b] .. bigOff[b+1]), sorted by third word. */
  bigOff: Uint32Array;
  triW: Uint16Array;
  triP: Float32Array;
  meta: Record<string, unknown>;
}


/** Extra accessors beyond the LanguageModel contract. */
export interface SyllableTrigramModel extends LanguageModel {
  readonly numId: number;
  readonly codeId: number;
  /** Token string of an id ("<unk>" beyond the vocabulary). */
  word(id: number): string;
  /**
   * The usual marked spelling of a mark-free abbreviation in the token's case ("QD" → "QĐ",
   * "Hdnd" → "Hđnd"); the input itself when none is known. Codes are <code> to the LM, so this is how
   * the marks inside them are restored.
   */
  markAbbreviation(run: string): string;
  /** log10 P(w3 | w1 w2) for raw token strings (mapped through lmToken). */
  scoreTokens(tokens: string[]): number;
  readonly meta: Record<string, unknown>;
}

/**
 * First words with at least this many bigrams get a successor bitmap. Below it a binary search stays
 * inside a few cache lines; above it the search's last steps were a cache miss each, and finding
 * bigrams was most of the decoder's time on new text (8 to 64 measured within 10 % of each other).
 */
const DENSE_MIN_BIGRAMS = 32;

/**
 * Successor bitmaps of the frequent first words: for dense word d and 32-word block k of the
 * vocabulary, table[(d · blocks + k) · 2] holds one bit per second word that forms a bigram, and
 * table[… + 1] the number of such bigrams in earlier blocks, so a bigram's index in the word's sorted
 * run is that rank plus the set bits below it. Bits and rank share a cache line: one miss per look-up.
 */
function denseSuccessors(V: number, uniOff: Uint32Array, bigW: Uint16Array): { index: Int32Array; table: Int32Array; blocks: number } {
  const blocks = (V + 31) >>> 5;
  const index = new Int32Array(V).fill(-1);
  let n = 0;
  for (let w = 0; w < V; w++) if (uniOff[w + 1]! - uniOff[w]! >= DENSE_MIN_BIGRAMS) index[w] = n++;
  const table = new Int32Array(n * blocks * 2);
  for (let w = 0; w < V; w++) {
    const d = index[w]!;
    if (d < 0) continue;
    const base = d * blocks * 2;
    for (let b = uniOff[w]!; b < uniOff[w + 1]!; b++) {
      const w2 = bigW[b]!;
      table[base + 2 * (w2 >>> 5)] |= 1 << (w2 & 31);
    }
    let rank = 0;
    for (let k = 0; k < blocks; k++) {
      table[base + 2 * k + 1] = rank;
      rank += popcount32(table[base + 2 * k]!);
    }
  }
  return { index, table, blocks };
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The look-up tables a model derives from its arrays at load time (see trigramModelFromArrays). */
export interface DerivedTables {
  /**
   * Each word's bigrams as one sorted run of (second word, log10 P as float32 bits) pairs, 8 bytes
   * each: a look-up is a binary search inside the run, and the runs of a row's context word stay in
   * cache across the row (a hash probe per pair was a cache miss per pair).
   */
  run: Uint32Array;
  dense: { index: Int32Array; table: Int32Array; blocks: number };
}

/** Builds the run and successor-bitmap tables of a model (about 0.1 s for the committed model). */
export function deriveTables(a: TrigramArrays, alloc: (bytes: number) => ArrayBufferLike = (n) => new ArrayBuffer(n)): DerivedTables {
  const B = a.bigW.length;
  const run = new Uint32Array(alloc(B * 8));
  const runP = new Float32Array(run.buffer, run.byteOffset, run.length);
  for (let b = 0; b < B; b++) {
    run[2 * b] = a.bigW[b]!;
    runP[2 * b + 1] = a.bigP[b]!;
  }
  return { run, dense: denseSuccessors(a.vocab.length, a.uniOff, a.bigW) };
}

/**
 * A model's arrays and derived tables in SharedArrayBuffers: made once (in the main thread), passed
 * to worker threads (workerData or postMessage share the memory, they do not copy it), where
 * languageModelFromShared builds a model on them. N threads then hold one copy of the ~90 MB of
 * tables instead of N.
 */
export interface SharedLanguageModel {
  arrays: TrigramArrays;
  derived: DerivedTables;
}

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array;
function toShared<T extends TypedArray>(a: T): T {
  const C = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new C(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** Loads a model file into shared memory (see SharedLanguageModel). */
export function loadSharedLanguageModel(path: string = DEFAULT_MODEL_PATH): SharedLanguageModel {
  const a = trigramArraysFromBytes(readModelBytes(path), path);
  const arrays: TrigramArrays = {
    vocab: a.vocab,
    meta: a.meta,
    uniP: toShared(a.uniP),
    uniBow: toShared(a.uniBow),
    uniOff: toShared(a.uniOff),
    // bigW and bigP live on only inside the derived run: a model built with derived tables never reads them
    bigW: new Uint16Array(0),
    bigP: new Float32Array(0),
    bigBow: toShared(a.bigBow),
    bigOff: toShared(a.bigOff),
    triW: toShared(a.triW),
    triP: toShared(a.triP),
  };
  const d = deriveTables(a, (n) => new SharedArrayBuffer(n));
  return { arrays, derived: { run: d.run, dense: { index: toShared(d.dense.index), table: toShared(d.dense.table), blocks: d.dense.blocks } } };
}

/** A model on shared tables (in any thread); nothing is copied but the vocabulary's id map. */
export function languageModelFromShared(s: SharedLanguageModel): SyllableTrigramModel {
  return trigramModelFromArrays(s.arrays, s.derived);
}

/**
 * Builds the in-memory model: bigrams through the successor bitmaps of frequent first words, else by
 * binary search in sorted runs; trigrams by binary search in their context's run.
 */
export function trigramModelFromArrays(a: TrigramArrays, derived: DerivedTables = deriveTables(a)): SyllableTrigramModel {
  const { vocab, meta } = a;
  const V = vocab.length;
  const ids = new Map<string, number>();
  vocab.forEach((w, i) => ids.set(w, i));
  const bosId = ids.get(BOS)!;
  const eosId = ids.get(EOS)!;
  const unkId = ids.get(UNK)!;
  const numId = ids.get(NUM) ?? unkId;
  const codeId = ids.get(CODE) ?? unkId;

  const { uniP, uniOff, uniBow, bigBow, bigOff, triW, triP } = a;
  const { run, dense } = derived;
  const runP = new Float32Array(run.buffer, run.byteOffset, run.length);
  const W32 = dense.blocks;
  /** Index of the bigram w1 w2 (into bigBow, bigOff), or -1. */
  const findBigram = (w1: number, w2: number): number => {
    const d = dense.index[w1]!;
    if (d >= 0) {
      // a frequent first word: one bit says whether the bigram exists, the block's rank where it is
      const at = (d * W32 + (w2 >>> 5)) * 2;
      const bits = dense.table[at]!;
      const s = w2 & 31;
      if (((bits >>> s) & 1) === 0) return -1;
      return uniOff[w1]! + dense.table[at + 1]! + popcount32(bits & ~(-1 << s));
    }
    let lo = uniOff[w1]!;
    let hi = uniOff[w1 + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = run[2 * mid]!;
      if (w === w2) return mid;
      if (w < w2) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  /** Index of w3 among the trigrams triW[lo .. hi] (one context's sorted run), or -1. */
  const searchTrigrams = (lo: number, hi: number, w3: number): number => {
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const w = triW[mid]!;
      if (w === w3) return mid;
      if (w < w3) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const findTrigram = (b: number, w3: number): number => searchTrigrams(bigOff[b]!, bigOff[b + 1]! - 1, w3);
  const bigramLogProb = (w2: number, w3: number): number => {
    const b = findBigram(w2, w3);
    return b >= 0 ? runP[2 * b + 1]! : uniBow[w2]! + uniP[w3]!;
  };
  const clamp = (w: number): number => (w >= 0 && w < V ? w : unkId);

  const logProb = (w1: number, w2: number, w3: number): number => {
    w3 = clamp(w3);
    w2 = clamp(w2);
    if (w2 === bosId) return bigramLogProb(bosId, w3);
    const b = findBigram(clamp(w1), w2);
    let bo = 0;
    if (b >= 0) {
      const t = findTrigram(b, w3);
      if (t >= 0) return triP[t]!;
      bo = bigBow[b]!;
    }
    return bo + bigramLogProb(w2, w3);
  };
  // the same arithmetic as logProb, with the context's bigram look-up hoisted out of the loop
  const logProbRow = (w1: number, w2: number, ws: Int32Array, out: Float64Array, start = 0, count = ws.length - start): void => {
    const n = count;
    w2 = clamp(w2);
    if (w2 === bosId) {
      for (let k = 0; k < n; k++) out[k] = bigramLogProb(bosId, clamp(ws[start + k]!));
      return;
    }
    const b = findBigram(clamp(w1), w2);
    if (b < 0) {
      for (let k = 0; k < n; k++) out[k] = 0 + bigramLogProb(w2, clamp(ws[start + k]!));
      return;
    }
    const lo0 = bigOff[b]!;
    const hi0 = bigOff[b + 1]! - 1;
    const bo = bigBow[b]!;
    for (let k = 0; k < n; k++) {
      const w3 = clamp(ws[start + k]!);
      const t = searchTrigrams(lo0, hi0, w3);
      out[k] = t >= 0 ? triP[t]! : bo + bigramLogProb(w2, w3);
    }
  };
  const wordId = (token: string): number => {
    const direct = ids.get(token);
    if (direct !== undefined) return direct;
    const t = lmToken(token);
    return ids.get(t) ?? unkId;
  };
  const abbreviations = new Map(Object.entries((a.meta.abbreviations as Record<string, string> | undefined) ?? {}));
  const markAbbreviation = (run: string): string => {
    const form = abbreviations.get(run.toLowerCase());
    if (form === undefined || form.length !== run.length) return run;
    return [...form].map((c, i) => (run[i] !== run[i]!.toLowerCase() ? c.toUpperCase() : c)).join('');
  };
  return {
    markAbbreviation,
    vocabSize: V,
    bosId,
    eosId,
    unkId,
    numId,
    codeId,
    meta,
    wordId,
    logProb,
    logProbRow,
    unigramLogProb: (w: number) => uniP[clamp(w)]!,
    word: (id: number) => vocab[id] ?? UNK,
    scoreTokens: (tokens: string[]) => {
      let w1 = bosId;
      let w2 = bosId;
      let s = 0;
      for (const t of [...tokens.map(wordId), eosId]) {
        s += logProb(w1, w2, t);
        w1 = w2;
        w2 = t;
      }
      return s;
    },
  };
}

/** Decodes the bytes of a model file into arrays. */
export function trigramArraysFromBytes(bytes: Uint8Array, source = 'model'): TrigramArrays {
  const { meta, sections: s } = decodeModelFile(bytes, source);
  const need = (name: string) => {
    const x = s[name];
    if (!x) throw new Error(`${source}: missing section ${name}`);
    return x;
  };
  const q = meta.quant as Record<string, Quant>;
  return {
    vocab: Buffer.from(need('vocab') as Uint8Array).toString('utf8').split('\n'),
    uniP: need('uniP') as Float32Array,
    uniBow: need('uniBow') as Float32Array,
    uniOff: need('uniOff') as Uint32Array,
    bigW: need('bigW') as Uint16Array,
    bigP: dequantize(need('bigP') as Uint16Array, q.bigP!),
    bigBow: dequantize(need('bigBow') as Uint16Array, q.bigBow!),
    bigOff: need('bigOff') as Uint32Array,
    triW: need('triW') as Uint16Array,
    triP: s.triPTable ? dequantize8(need('triP') as Uint8Array, s.triPTable as Float32Array) : dequantize(need('triP') as Uint16Array, q.triP!),
    meta,
  };
}

/** Loads a model file (default: the committed syllable-trigram.bin). */
export function loadLanguageModel(path: string = DEFAULT_MODEL_PATH): SyllableTrigramModel {
  return trigramModelFromArrays(trigramArraysFromBytes(readModelBytes(path), path));
}

function readModelBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read language model (${(e as Error).message}); build it with npm run build-model`);
  }
}
