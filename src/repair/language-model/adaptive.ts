/**
 * Batch adaptation: the n-gram counts of a batch's clean (born-digital) documents make a small
 * Witten–Bell trigram model A (trigram → bigram → unigram maximum likelihood over the batch), which is
 * linearly interpolated with the base model B:
 *
 *   P(w | u v) = λ · A(w | u v) + (1 − λ) · B(w | u v)
 *
 * Both parts are normalised, so P is. Words absent from the batch only see B scaled by (1 − λ): the
 * decoder's cost barely moves. Ids are the base's; words the base lacks get fresh ids from
 * base.vocabSize on (B gives them its <unk> probability).
 */
import type { LanguageModel } from '../types.ts';
import { lmSegments } from './tokenize.ts';

export interface AdaptiveOptions {
  /** Weight of the in-batch model (0..1). */
  lambda?: number;
}

/** Tuned on vi-text administrative documents: adapt on one, restore the marks of its most similar sibling (README). */
export const DEFAULT_ADAPTIVE_OPTIONS: Required<AdaptiveOptions> = { lambda: 0.2 };

const K = 131072; // 2^17 ids: packed trigram keys stay below 2^51

/** An adapted model keeps its base reachable (e.g. to adapt again from scratch). */
export interface AdaptedLanguageModel extends LanguageModel {
  readonly base: LanguageModel;
  /** Tokens counted from the clean texts. */
  readonly adaptationTokens: number;
  /** The base's abbreviation spelling (see SyllableTrigramModel.markAbbreviation), identity without one. */
  markAbbreviation(run: string): string;
}

export function buildAdaptiveModel(base: LanguageModel, cleanTexts: string[], opts: AdaptiveOptions = {}): AdaptedLanguageModel {
  const { lambda } = { ...DEFAULT_ADAPTIVE_OPTIONS, ...opts };
  const newIds = new Map<string, number>();
  const wordId = (token: string): number => {
    const id = base.wordId(token);
    if (id !== base.unkId) return id;
    return newIds.get(token.normalize('NFC').toLowerCase()) ?? base.unkId;
  };
  const internId = (token: string): number => {
    const id = base.wordId(token);
    if (id !== base.unkId) return id;
    const key = token.normalize('NFC').toLowerCase();
    let n = newIds.get(key);
    if (n === undefined) {
      n = base.vocabSize + newIds.size;
      if (n >= K) return base.unkId;
      newIds.set(key, n);
    }
    return n;
  };

  // per-word counts in flat arrays (ids < 2^17): the hot path is one array read
  const uni = new Uint32Array(K);
  const ctx1 = new Uint32Array(K); // c(v •)
  const types1 = new Uint32Array(K); // distinct w after v
  const bi = new Map<number, number>(); // c(v w)
  const tri = new Map<number, number>(); // c(u v w)
  const inc = (m: Map<number, number>, k: number): number => {
    const c = (m.get(k) ?? 0) + 1;
    m.set(k, c);
    return c;
  };
  let N = 0;
  for (const text of cleanTexts) {
    for (const seg of lmSegments(text, true)) {
      let u = base.bosId;
      let v = base.bosId;
      for (const w of [...seg.map(internId), base.eosId]) {
        uni[w]!++;
        N++;
        ctx1[v]!++;
        if (inc(bi, v * K + w) === 1) types1[v]!++;
        if (v !== base.bosId) {
          inc(tri, (u * K + v) * K + w);
        }
        u = v;
        v = w;
      }
    }
  }

  // The counting maps become sorted arrays: a context's successors are one run, found by one
  // look-up per row and a binary search per candidate. (Looking up v * K + w and (u * K + v) * K + w
  // in the maps hashed and allocated a heap number per candidate: most of a row's cost.)
  const biRuns = successorRuns(bi, K);
  const biOff = new Uint32Array(K + 1);
  for (let i = 0, v = 0; v <= K; v++) {
    while (i < biRuns.ctx.length && biRuns.ctx[i]! < v) i++;
    biOff[v] = i < biRuns.ctx.length ? biRuns.off[i]! : biRuns.w.length;
  }
  const triRuns = successorRuns(tri, K);
  /** u * K + v → index of its run in triRuns */
  const triCtx = new Map<number, number>();
  triRuns.ctx.forEach((c, i) => triCtx.set(c, i));
  // c(u v •) is the sum of the run's counts, the distinct successors its length
  const ctx2N = new Uint32Array(triRuns.ctx.length);
  for (let i = 0; i < triRuns.ctx.length; i++) for (let j = triRuns.off[i]!; j < triRuns.off[i + 1]!; j++) ctx2N[i] += triRuns.c[j]!;
  const ctx2T = (i: number): number => triRuns.off[i + 1]! - triRuns.off[i]!;
  bi.clear();
  tri.clear();
  const biCount = (w2: number, w3: number): number => findCount(biRuns.w, biRuns.c, biOff[w2]!, biOff[w2 + 1]!, w3);
  const triCount = (i: number | undefined, w3: number): number =>
    i === undefined ? 0 : findCount(triRuns.w, triRuns.c, triRuns.off[i]!, triRuns.off[i + 1]!, w3);

  const logKeep = Math.log10(1 - lambda);
  const baseId = (w: number) => (w < base.vocabSize ? w : base.unkId);
  /** Witten–Bell in-batch probability of w3 (0 when w3 is not in the batch). */
  const batchProb = (w1: number, w2: number, w3: number): number => {
    const c1 = uni[w3] ?? 0;
    if (c1 === 0) return 0;
    let p = c1 / N;
    const n1 = ctx1[w2] ?? 0;
    if (n1 > 0) {
      const t1 = types1[w2]!;
      p = (biCount(w2, w3) + t1 * p) / (n1 + t1);
      if (w2 !== base.bosId) {
        const k2 = w1 * K + w2;
        const i2 = triCtx.get(k2);
        if (i2 !== undefined) {
          const n2 = ctx2N[i2]!;
          const t2 = ctx2T(i2);
          p = (triCount(i2, w3) + t2 * p) / (n2 + t2);
        }
      }
    }
    return p;
  };
  const logProb = (w1: number, w2: number, w3: number): number => {
    const lb = base.logProb(baseId(w1), baseId(w2), baseId(w3));
    const pa = N === 0 ? 0 : batchProb(w1, w2, w3);
    if (pa === 0) return lb + logKeep;
    return Math.log10(lambda * pa + (1 - lambda) * Math.pow(10, lb));
  };
  /** logProb for every ws[k]: the base row in one call, the batch context's counts read once. */
  const logProbRow = (w1: number, w2: number, ws: Int32Array, out: Float64Array, start = 0, count = ws.length - start): void => {
    const n = count;
    let bws = ws;
    let bstart = start;
    for (let k = 0; k < n; k++) {
      if (ws[start + k]! >= base.vocabSize) {
        bws = new Int32Array(n);
        bstart = 0;
        for (let j = 0; j < n; j++) bws[j] = baseId(ws[start + j]!);
        break;
      }
    }
    base.logProbRow(baseId(w1), baseId(w2), bws, out, bstart, n);
    const n1 = N === 0 ? 0 : (ctx1[w2] ?? 0);
    const t1 = n1 > 0 ? types1[w2]! : 0;
    const k2 = w1 * K + w2;
    const triRun = n1 > 0 && w2 !== base.bosId ? triCtx.get(k2) : undefined;
    const n2 = triRun !== undefined ? ctx2N[triRun]! : undefined;
    const t2 = triRun !== undefined ? ctx2T(triRun) : 0;
    for (let k = 0; k < n; k++) {
      const lb = out[k]!;
      const w3 = ws[start + k]!;
      const c1 = N === 0 ? 0 : (uni[w3] ?? 0);
      let p = 0;
      if (c1 !== 0) {
        p = c1 / N;
        if (n1 > 0) {
          p = (biCount(w2, w3) + t1 * p) / (n1 + t1);
          if (n2 !== undefined) p = (triCount(triRun, w3) + t2 * p) / (n2 + t2);
        }
      }
      out[k] = p === 0 ? lb + logKeep : Math.log10(lambda * p + (1 - lambda) * Math.pow(10, lb));
    }
  };
  const unigramLogProb = (w: number): number => {
    const lb = base.unigramLogProb(baseId(w));
    const c = uni[w] ?? 0;
    return N === 0 || c === 0 ? lb + logKeep : Math.log10((lambda * c) / N + (1 - lambda) * Math.pow(10, lb));
  };
  const markAbbreviation = (run: string): string => {
    const b = base as LanguageModel & { markAbbreviation?: (r: string) => string };
    return typeof b.markAbbreviation === 'function' ? b.markAbbreviation(run) : run;
  };
  return {
    base,
    markAbbreviation,
    adaptationTokens: N,
    vocabSize: base.vocabSize + newIds.size,
    bosId: base.bosId,
    eosId: base.eosId,
    unkId: base.unkId,
    wordId,
    logProb,
    logProbRow,
    unigramLogProb,
  };
}

/**
 * Counts keyed by context * K + successor as runs sorted by context, then successor: the distinct
 * contexts (ascending), where each one's run starts (`off`, with the total at the end), and the
 * successors and their counts.
 */
function successorRuns(counts: Map<number, number>, K: number): { ctx: number[]; off: Uint32Array; w: Int32Array; c: Uint32Array } {
  const keys = new Float64Array(counts.size);
  let i = 0;
  for (const k of counts.keys()) keys[i++] = k;
  keys.sort();
  const ctx: number[] = [];
  const offs: number[] = [];
  const w = new Int32Array(keys.length);
  const c = new Uint32Array(keys.length);
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j]!;
    const cx = Math.floor(key / K);
    if (ctx.length === 0 || ctx[ctx.length - 1] !== cx) {
      ctx.push(cx);
      offs.push(j);
    }
    w[j] = key - cx * K;
    c[j] = counts.get(key)!;
  }
  offs.push(keys.length);
  return { ctx, off: Uint32Array.from(offs), w, c };
}

/** The count of successor `x` in the run w[lo .. hi), 0 when absent. */
function findCount(w: Int32Array, c: Uint32Array, lo: number, hi: number, x: number): number {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const y = w[mid]!;
    if (y === x) return c[mid]!;
    if (y < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}
