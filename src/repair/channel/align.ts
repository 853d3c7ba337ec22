/**
 * Aligns OCR output to the clean text it was read from: first whitespace tokens (with 1→2 splits and
 * 2→1 joins), then the characters inside one token pair. The channel estimates come from these
 * alignments, so they are learned from data rather than listed by hand.
 */
import { alignKey } from './text.ts';

export type AlignOp = 'sub' | 'del' | 'ins' | 'join' | 'split';

export interface AlignedUnit {
  op: AlignOp;
  /** Clean tokens (1 for sub/split, 2 for join, 1 for del, 0 for ins). */
  clean: string[];
  /** OCR tokens (1 for sub/join, 2 for split, 0 for del, 1 for ins). */
  ocr: string[];
  /** Normalised key edit distance, 0 (same letters) .. 1. */
  cost: number;
  /** Indices of the OCR tokens in the list given to alignTokens (same order as `ocr`). */
  ocrAt: number[];
}

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const s = prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(s, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

const isLetterCode = (c: number) => (c >= 97 && c <= 122) || c > 0xbf;

/**
 * Edit distance where a digit or symbol standing for a letter costs half ("$6" ~ "so": OCR reads
 * marked letters as digits/symbols), normalised by the longer key.
 */
export function keyCost(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length, m = b.length;
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      const sub = ca === cb ? 0 : isLetterCode(ca) && isLetterCode(cb) ? 1 : 0.5;
      cur[j] = Math.min(prev[j - 1] + sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m] / Math.max(n, m, 1);
}

const GAP = 0.5;
const MULTI = 0.15;

/**
 * Token alignment by dynamic programming over mark-free lower-case keys. Tokens whose key is empty
 * (pure punctuation) are dropped on both sides first.
 */
export function alignTokens(cleanTokens: string[], ocrTokens: string[]): AlignedUnit[] {
  const c = cleanTokens.filter((t) => alignKey(t));
  const oAt = ocrTokens.flatMap((t, k) => (alignKey(t) ? [k] : []));
  const o = oAt.map((k) => ocrTokens[k]);
  const ck = c.map(alignKey);
  const ok = o.map(alignKey);
  const n = c.length;
  const m = o.length;
  const W = m + 1;
  const cost = new Float64Array((n + 1) * W).fill(Infinity);
  const back = new Uint8Array((n + 1) * W);
  cost[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const here = i * W + j;
      const base = cost[here];
      if (base === Infinity) continue;
      const relax = (ni: number, nj: number, add: number, op: number) => {
        const k = ni * W + nj;
        if (base + add < cost[k]) {
          cost[k] = base + add;
          back[k] = op;
        }
      };
      if (i < n && j < m) relax(i + 1, j + 1, keyCost(ck[i], ok[j]), 1);
      if (i < n) relax(i + 1, j, GAP, 2);
      if (j < m) relax(i, j + 1, GAP, 3);
      if (i + 1 < n && j < m) relax(i + 2, j + 1, keyCost(ck[i] + ck[i + 1], ok[j]) + MULTI, 4);
      if (i < n && j + 1 < m) relax(i + 1, j + 2, keyCost(ck[i], ok[j] + ok[j + 1]) + MULTI, 5);
    }
  }
  const out: AlignedUnit[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const op = back[i * W + j];
    if (op === 1) {
      out.push({ op: 'sub', clean: [c[i - 1]], ocr: [o[j - 1]], cost: keyCost(ck[i - 1], ok[j - 1]), ocrAt: [oAt[j - 1]] });
      i--; j--;
    } else if (op === 2) {
      out.push({ op: 'del', clean: [c[i - 1]], ocr: [], cost: 1, ocrAt: [] });
      i--;
    } else if (op === 3) {
      out.push({ op: 'ins', clean: [], ocr: [o[j - 1]], cost: 1, ocrAt: [oAt[j - 1]] });
      j--;
    } else if (op === 4) {
      out.push({ op: 'join', clean: [c[i - 2], c[i - 1]], ocr: [o[j - 1]], cost: keyCost(ck[i - 2] + ck[i - 1], ok[j - 1]), ocrAt: [oAt[j - 1]] });
      i -= 2; j--;
    } else if (op === 5) {
      out.push({ op: 'split', clean: [c[i - 1]], ocr: [o[j - 2], o[j - 1]], cost: keyCost(ck[i - 1], ok[j - 2] + ok[j - 1]), ocrAt: [oAt[j - 2], oAt[j - 1]] });
      i--; j -= 2;
    } else {
      throw new Error(`alignTokens: broken back-pointer at ${i},${j}`);
    }
  }
  return out.reverse();
}

/** log10 P(observed chunk | true char); chunk is '' (dropped), one char, or two chars. */
export type ChunkScorer = (trueChar: string, chunk: string) => number;

/** Cost of an observed character that no true character explains (noise inside a token). */
export const INSERT_LOGP = -3.5;

export interface CharAlignment {
  /** [trueChar, observedChunk] in order; trueChar '' marks an inserted observed char. */
  pairs: [string, string][];
  logp: number;
}

/**
 * Best segmentation of `obs` into one chunk (0–2 chars) per char of `truth`, plus rare insertions.
 * Both strings lower-case NFC.
 */
export function alignChars(truth: string, obs: string, score: ChunkScorer): CharAlignment {
  const t = [...truth];
  const o = [...obs];
  const n = t.length;
  const m = o.length;
  const W = m + 1;
  const best = new Float64Array((n + 1) * W).fill(-Infinity);
  const back = new Int8Array((n + 1) * W).fill(-1);
  best[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const b = best[i * W + j];
      if (b === -Infinity) continue;
      if (j < m) {
        const k = i * W + j + 1;
        if (b + INSERT_LOGP > best[k]) { best[k] = b + INSERT_LOGP; back[k] = 3; }
      }
      if (i === n) continue;
      for (let len = 0; len <= 2 && j + len <= m; len++) {
        const s = b + score(t[i], o.slice(j, j + len).join(''));
        const k = (i + 1) * W + j + len;
        if (s > best[k]) { best[k] = s; back[k] = len; }
      }
    }
  }
  const pairs: [string, string][] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const op = back[i * W + j];
    if (op === 3) { pairs.push(['', o[j - 1]]); j--; continue; }
    if (op < 0) throw new Error('alignChars: no path');
    pairs.push([t[i - 1], o.slice(j - op, j).join('')]);
    i--; j -= op;
  }
  return { pairs: pairs.reverse(), logp: best[n * W + m] };
}
