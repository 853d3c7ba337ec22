/**
 * Interpolated modified Kneser–Ney trigram estimation (Chen & Goodman 1998) over an id stream, with
 * count pruning and exact renormalisation of the backoff weights of the pruned model. Counting is
 * done with packed numeric keys in typed arrays, sorted and run-length counted (no Map of n-grams).
 */
import type { TrigramArrays } from './trigram-model.ts';

/** Segment separator in an id stream. */
export const SEP = 0xffffffff;

export interface KneserNeyOptions {
  /** Keep trigrams seen at least this often (default 2). */
  minTrigramCount?: number;
  /** Keep bigrams whose (continuation) count is at least this, plus every context of a kept trigram (default 1). */
  minBigramCount?: number;
  log?: (msg: string) => void;
}

const P16 = 65536;
const P32 = 4294967296;

/** Discounts D1, D2, D3+ from count-of-counts (Chen & Goodman), with safe fallbacks for tiny data. */
export function discounts(countOf: (k: number) => number): [number, number, number] {
  const n1 = countOf(1);
  const n2 = countOf(2);
  const n3 = countOf(3);
  const n4 = countOf(4);
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return [0.5, 1, 1.5];
  const y = n1 / (n1 + 2 * n2);
  const clampD = (d: number, k: number) => Math.min(k, Math.max(0.05, d));
  return [clampD(1 - (2 * y * n2) / n1, 1), clampD(2 - (3 * y * n3) / n2, 2), clampD(3 - (4 * y * n4) / n3, 3)];
}

const disc = (d: [number, number, number], c: number): number => (c <= 0 ? 0 : c === 1 ? d[0] : c === 2 ? d[1] : d[2]);

/** Run-length counts of a sorted array. */
function runLength<T extends Float64Array | Uint32Array>(sorted: T, make: (n: number) => T): { keys: T; counts: Uint32Array } {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  const keys = make(n);
  const counts = new Uint32Array(n);
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++j] = sorted[i]!;
    counts[j]!++;
  }
  return { keys, counts };
}

function countOfCounts(counts: Uint32Array | Float64Array): (k: number) => number {
  const h = [0, 0, 0, 0, 0];
  for (const c of counts) if (c >= 1 && c <= 4) h[c]!++;
  return (k) => h[k] ?? 0;
}

/** First index of key in a sorted array, or -1. */
function bsearch(arr: Uint32Array | Float64Array, key: number): number {
  let lo = 0;
  let hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = arr[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Estimates the model. `stream` holds word ids (< vocab.length ≤ 65535) with SEP between segments;
 * vocab[bos] and vocab[eos] are the sentence markers (ids 0 and 1 by convention).
 */
export function buildKneserNey(stream: Uint32Array, vocab: string[], bos: number, eos: number, opts: KneserNeyOptions = {}): TrigramArrays {
  const log = opts.log ?? (() => {});
  const minTri = opts.minTrigramCount ?? 2;
  const minBi = opts.minBigramCount ?? 1;
  const V = vocab.length;
  if (V > 65535) throw new Error(`vocabulary too large for 16-bit ids: ${V}`);

  // ---- count trigrams (bos w1 w2 … wn eos) and sentence-initial bigrams
  let nTri = 0;
  for (let i = 0; i < stream.length; i++) if (stream[i] !== SEP) nTri++;
  nTri += countSegments(stream); // one extra trigram per segment (… wn eos)
  const triRaw = new Float64Array(nTri);
  const startCount = new Uint32Array(V);
  let k = 0;
  let p2 = bos;
  let p1 = bos;
  let first = true;
  for (let i = 0; i <= stream.length; i++) {
    const w = i < stream.length ? stream[i]! : SEP;
    if (w === SEP) {
      if (!first) triRaw[k++] = (p2 * P16 + p1) * P16 + eos;
      p2 = bos;
      p1 = bos;
      first = true;
      continue;
    }
    if (first) startCount[w]!++;
    else triRaw[k++] = (p2 * P16 + p1) * P16 + w;
    first = false;
    p2 = p1;
    p1 = w;
  }
  // the first word of a segment has no trigram of its own: (bos, w1) is a bigram; (bos, w1, w2) is kept
  const triSorted = triRaw.subarray(0, k).sort();
  const tri = runLength(triSorted, (n) => new Float64Array(n));
  log(`trigram tokens ${k}, distinct ${tri.keys.length}`);

  // ---- bigram adjusted counts: continuation counts N1+(• w2 w3); raw counts for (bos, w)
  const suffix = new Uint32Array(tri.keys.length);
  for (let i = 0; i < tri.keys.length; i++) suffix[i] = tri.keys[i]! % P32;
  suffix.sort();
  const cont = runLength(suffix, (n) => new Uint32Array(n));
  let nStart = 0;
  for (let w = 0; w < V; w++) if (startCount[w]! > 0) nStart++;
  const bKeys = new Uint32Array(nStart + cont.keys.length);
  const bAdj = new Uint32Array(bKeys.length);
  let j = 0;
  for (let w = 0; w < V; w++) if (startCount[w]! > 0) {
    bKeys[j] = bos * P16 + w;
    bAdj[j++] = startCount[w]!;
  }
  // bos (id 0) keys sort first only if bos is 0; merge generally
  bKeys.set(cont.keys, j);
  bAdj.set(cont.counts, j);
  if (bos !== 0) sortParallel(bKeys, bAdj);
  log(`bigrams distinct ${bKeys.length}`);

  // ---- unigram continuation counts N1+(• w)
  const uAdj = new Float64Array(V);
  for (let i = 0; i < bKeys.length; i++) uAdj[bKeys[i]! % P16]!++;
  uAdj[bos] = 0;
  const d1 = discounts(countOfCounts(uAdj));
  let uTotal = 0;
  let uDisc = 0;
  for (let w = 0; w < V; w++) {
    uTotal += uAdj[w]!;
    uDisc += disc(d1, uAdj[w]!);
  }
  const uniProb = new Float64Array(V);
  for (let w = 0; w < V; w++) uniProb[w] = (Math.max(0, uAdj[w]! - disc(d1, uAdj[w]!)) + uDisc / (V - 1)) / uTotal;
  uniProb[bos] = 0;

  // ---- bigram interpolated probabilities (unpruned)
  const d2 = discounts(countOfCounts(bAdj));
  const bProb = new Float64Array(bKeys.length);
  const gamma2 = new Float64Array(V).fill(1);
  forGroups(bKeys, (key) => Math.floor(key / P16), (w, a, b) => {
    let total = 0;
    let dsum = 0;
    for (let i = a; i < b; i++) {
      total += bAdj[i]!;
      dsum += disc(d2, bAdj[i]!);
    }
    gamma2[w] = dsum / total;
    for (let i = a; i < b; i++) bProb[i] = (bAdj[i]! - disc(d2, bAdj[i]!)) / total + gamma2[w]! * uniProb[bKeys[i]! % P16]!;
  });

  // ---- trigram interpolated probabilities (unpruned)
  const d3 = discounts(countOfCounts(tri.counts));
  log(`discounts uni ${d1.map((x) => x.toFixed(3))} bi ${d2.map((x) => x.toFixed(3))} tri ${d3.map((x) => x.toFixed(3))}`);
  const tProb = new Float64Array(tri.keys.length);
  const tLower = new Int32Array(tri.keys.length); // index of the (w2, w3) bigram
  forGroups(tri.keys, (key) => Math.floor(key / P16), (_ctx, a, b) => {
    let total = 0;
    let dsum = 0;
    for (let i = a; i < b; i++) {
      total += tri.counts[i]!;
      dsum += disc(d3, tri.counts[i]!);
    }
    const g = dsum / total;
    for (let i = a; i < b; i++) {
      const bi = bsearch(bKeys, tri.keys[i]! % P32);
      if (bi < 0) throw new Error('internal: trigram suffix missing from bigrams');
      tLower[i] = bi;
      tProb[i] = (tri.counts[i]! - disc(d3, tri.counts[i]!)) / total + g * bProb[bi]!;
    }
  });

  // ---- pruning: trigrams by count; bigrams by adjusted count, keeping every context of a kept trigram
  const keepTri = new Uint8Array(tri.keys.length);
  const keepBi = new Uint8Array(bKeys.length);
  for (let i = 0; i < bKeys.length; i++) if (bAdj[i]! >= minBi) keepBi[i] = 1;
  let ctxIdx = -1;
  let ctxKey = -1;
  for (let i = 0; i < tri.keys.length; i++) {
    if (tri.counts[i]! < minTri) continue;
    keepTri[i] = 1;
    const ck = Math.floor(tri.keys[i]! / P16);
    if (ck !== ctxKey) {
      ctxKey = ck;
      ctxIdx = bsearch(bKeys, ck);
      if (ctxIdx < 0) throw new Error('internal: trigram context missing from bigrams');
    }
    keepBi[ctxIdx] = 1;
  }

  // ---- renormalised backoff weights of the pruned model
  const uniBow = new Float64Array(V);
  forGroups(bKeys, (key) => Math.floor(key / P16), (w, a, b) => {
    let kept = 0;
    let keptLower = 0;
    for (let i = a; i < b; i++) if (keepBi[i]) {
      kept += bProb[i]!;
      keptLower += uniProb[bKeys[i]! % P16]!;
    }
    uniBow[w] = Math.log10(Math.max(1e-12, 1 - kept) / Math.max(1e-12, 1 - keptLower));
  });
  const bigramFinal = (bi: number): number => (keepBi[bi] ? bProb[bi]! : Math.pow(10, uniBow[Math.floor(bKeys[bi]! / P16)]!) * uniProb[bKeys[bi]! % P16]!);

  const keptBiIdx: number[] = [];
  for (let i = 0; i < bKeys.length; i++) if (keepBi[i]) keptBiIdx.push(i);
  const B = keptBiIdx.length;
  const bigW = new Uint16Array(B);
  const bigP = new Float32Array(B);
  const bigBow = new Float32Array(B);
  const bigOff = new Uint32Array(B + 1);
  const uniOff = new Uint32Array(V + 1);
  const newIndex = new Int32Array(bKeys.length).fill(-1);
  keptBiIdx.forEach((bi, n) => {
    newIndex[bi] = n;
    bigW[n] = bKeys[bi]! % P16;
    bigP[n] = Math.log10(bProb[bi]!);
    uniOff[Math.floor(bKeys[bi]! / P16) + 1]!++;
  });
  for (let w = 0; w < V; w++) uniOff[w + 1]! += uniOff[w]!;

  let T = 0;
  for (let i = 0; i < keepTri.length; i++) T += keepTri[i]!;
  const triW = new Uint16Array(T);
  const triP = new Float32Array(T);
  let t = 0;
  let nb = 0;
  forGroups(tri.keys, (key) => Math.floor(key / P16), (ck, a, b) => {
    const ctx = bsearch(bKeys, ck);
    const n = newIndex[ctx]!;
    if (n < 0) return; // context pruned, so no trigram of it is kept
    while (nb <= n) bigOff[nb++] = t;
    let kept = 0;
    let keptLower = 0;
    for (let i = a; i < b; i++) if (keepTri[i]) {
      triW[t] = tri.keys[i]! % P16;
      triP[t++] = Math.log10(tProb[i]!);
      kept += tProb[i]!;
      keptLower += bigramFinal(tLower[i]!);
    }
    bigBow[n] = Math.log10(Math.max(1e-12, 1 - kept) / Math.max(1e-12, 1 - keptLower));
  });
  while (nb <= B) bigOff[nb++] = t;
  // bigram contexts without any trigram entry keep a neutral backoff (their trigram mass equals the bigram's)
  log(`kept bigrams ${B}, trigrams ${T}`);

  const uniP = new Float32Array(V);
  for (let w = 0; w < V; w++) uniP[w] = w === bos ? -99 : Math.log10(uniProb[w]!);
  return {
    vocab,
    uniP,
    uniBow: Float32Array.from(uniBow),
    uniOff,
    bigW,
    bigP,
    bigBow,
    bigOff,
    triW,
    triP,
    meta: { discounts: { uni: d1, bi: d2, tri: d3 }, minTrigramCount: minTri, minBigramCount: minBi },
  };
}

function countSegments(stream: Uint32Array): number {
  let n = 0;
  let inSeg = false;
  for (let i = 0; i < stream.length; i++) {
    if (stream[i] === SEP) inSeg = false;
    else if (!inSeg) {
      inSeg = true;
      n++;
    }
  }
  return n;
}

/** Calls fn(groupKey, start, end) for each run of equal group keys in a sorted key array. */
function forGroups(keys: Float64Array | Uint32Array, group: (key: number) => number, fn: (g: number, a: number, b: number) => void): void {
  let a = 0;
  while (a < keys.length) {
    const g = group(keys[a]!);
    let b = a + 1;
    while (b < keys.length && group(keys[b]!) === g) b++;
    fn(g, a, b);
    a = b;
  }
}

function sortParallel(keys: Uint32Array, vals: Uint32Array): void {
  const order = Array.from(keys.keys()).sort((x, y) => keys[x]! - keys[y]!);
  const k2 = Uint32Array.from(order, (i) => keys[i]!);
  const v2 = Uint32Array.from(order, (i) => vals[i]!);
  keys.set(k2);
  vals.set(v2);
}
