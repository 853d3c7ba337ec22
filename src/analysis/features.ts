/**
 * Per-document similarity features, computed once when a document is stored (in the pipeline's
 * worker threads) so that corpus-wide similarity never re-reads and re-tokenises the lines of every
 * document in the store:
 *
 * - the document's terms (accent-folded syllable unigrams and bigrams, as `termCounts`), each as a
 *   32-bit FNV-1a hash, with its count: what TF-IDF vectors are built from;
 * - a MinHash signature of its bigram set: what locality-sensitive hashing finds candidate
 *   near-copies with, without comparing every pair of documents.
 *
 * Hashing the terms makes two different terms collide with probability ~ 2^-32 per pair: at 10^6
 * distinct terms a handful of collisions in the whole store, each merging two rare terms' counts.
 */
import { fmix32, MINHASH_SIZE } from './lsh.ts';
import { termCounts } from './similar.ts';

export { MINHASH_SIZE };

/** Bumped whenever the features of a text change; stored rows of another version are recomputed. */
export const FEATURES_VERSION = 1;


export interface DocumentFeatures {
  version: number;
  /** Term hashes, ascending, distinct. */
  terms: Uint32Array;
  /** Count of each term in the document (capped at 65,535). */
  counts: Uint16Array;
  /** MinHash of the document's bigram set (of its unigram set when it has no bigram). */
  minhash: Uint32Array;
}

/** 32-bit FNV-1a over the UTF-16 code units: fast, no allocation, well spread for short strings. */
export function hashTerm(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One fixed seed per signature position (a fixed generator, so signatures from any run or thread compare). */
const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));

/**
 * MinHash signature of a set of 32-bit items: position i holds min over items of fmix32(item ⊕ seed_i).
 * Two sets agree at a position with probability ≈ their Jaccard similarity.
 */
export function minhash(items: ArrayLike<number>, size = MINHASH_SIZE): Uint32Array {
  const sig = new Uint32Array(size).fill(0xffffffff);
  for (let k = 0; k < items.length; k++) {
    const x = items[k]!;
    for (let i = 0; i < size; i++) {
      const v = fmix32((x ^ SEEDS[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Share of equal positions of two signatures: the Jaccard estimate. */
export function minhashSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Features of a document's (repaired) lines. */
export function documentFeatures(lines: readonly string[]): DocumentFeatures {
  const counts = termCounts(lines);
  const entries: [number, number][] = [];
  const merged = new Map<number, number>();
  const bigrams: number[] = [];
  const unigrams: number[] = [];
  for (const [term, n] of counts) {
    const h = hashTerm(term);
    const before = merged.get(h);
    merged.set(h, (before ?? 0) + n);
    if (before === undefined) (term.includes(' ') ? bigrams : unigrams).push(h);
  }
  for (const [h, n] of merged) entries.push([h, Math.min(n, 65535)]);
  entries.sort((a, b) => a[0] - b[0]);
  return {
    version: FEATURES_VERSION,
    terms: Uint32Array.from(entries, (e) => e[0]),
    counts: Uint16Array.from(entries, (e) => e[1]),
    minhash: minhash(bigrams.length > 0 ? bigrams : unigrams),
  };
}

/** Bytes of a typed array, for a BLOB column. */
export function blobOf(a: Uint32Array | Uint16Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A BLOB column back as a typed array (copied: SQLite's buffers need not be aligned). */
export function uint32sOf(b: Buffer): Uint32Array {
  const out = new Uint32Array(b.byteLength >>> 2);
  new Uint8Array(out.buffer).set(b.subarray(0, out.byteLength));
  return out;
}

export function uint16sOf(b: Buffer): Uint16Array {
  const out = new Uint16Array(b.byteLength >>> 1);
  new Uint8Array(out.buffer).set(b.subarray(0, out.byteLength));
  return out;
}
