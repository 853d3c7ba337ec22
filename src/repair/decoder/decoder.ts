/**
 * Noisy-channel decoder: for each paragraph (consecutive non-blank lines; lines break mid-sentence)
 * every word token gets candidate true syllables from the channel, and a second-order
 * forward–backward pass over each clause combines trigram LM and channel scores. Each token takes its
 * highest-posterior candidate; that posterior is its confidence. Results map back to the lines.
 */
import type { LanguageModel } from '../types.ts';
import type { Candidate, Channel } from '../channel/model.ts';
import { applyCase, casePattern, splitEdges, VI_LETTER } from '../channel/text.ts';
import { BREAK_CHARS, CODE, lmKeyOfCore, NUM } from './lm-tokens.ts';
import { repairRomanHeading } from './roman.ts';
import { repairCode, repairCodePart, type CodeLexicon } from './codes.ts';

export interface DecoderOptions {
  /** Weight of the LM log-probabilities against the channel's. */
  lmWeight: number;
  /** Extra log10 bonus for keeping an observed token that already is a lexicon word. */
  keepBonus: number;
  /** log10 penalty for a candidate the LM does not know: P(<unk>) is the mass of ALL unknown words. */
  unkPenalty: number;
}

export const DEFAULT_DECODER_OPTIONS: DecoderOptions = { lmWeight: 1, keepBonus: 0, unkPenalty: -2 };

export interface DecoderContext {
  lm: LanguageModel;
  channel: Channel;
  codes?: CodeLexicon;
  options?: Partial<DecoderOptions>;
}

export interface DecodedToken {
  original: string;
  repaired: string;
  confidence: number;
  start: number;
}

export interface DecodedLine {
  text: string;
  tokens: DecodedToken[];
}

interface Slot {
  line: number;
  tok: number;
  original: string;
  /** Length of the token as it stands in the raw line. */
  rawLen: number;
  start: number;
  pre: string;
  core: string;
  post: string;
  /** Candidate true words (lower case) with channel scores; one entry for fixed tokens. */
  cands: { word: string; channel: number; lmId: number; keep: boolean }[];
  chosen: number;
  confidence: number;
  /** Whether the token is decoded (a word) or passed through. */
  decoded: boolean;
}

const WORDLIKE = /^[\p{L}0-9$&¢¥@§€£]+$/u;
const MAX_WORD_CHARS = 9;

function isWordCore(core: string): boolean {
  if (!core || [...core].length > MAX_WORD_CHARS || !WORDLIKE.test(core)) return false;
  const lower = core.toLowerCase();
  if (/^[0-9]+$/.test(lower)) return false; // numbers stay numbers
  return VI_LETTER.test(lower) || /[$&¢¥@§€£]/.test(lower);
}

function logSumExp10(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log10(10 ** (a - m) + 10 ** (b - m));
}

/** Forward–backward over one clause; sets chosen/confidence on its decoded slots. */
function decodeClause(slots: Slot[], lm: LanguageModel, opt: DecoderOptions): void {
  if (slots.length === 0) return;
  const w = opt.lmWeight;
  const bos = { word: '<s>', channel: 0, lmId: lm.bosId, keep: true };
  const C = [[bos], [bos], ...slots.map((s) => s.cands)];
  const n = C.length;
  const ch = C.map((cs) => cs.map((c) => c.channel + (c.keep ? opt.keepBonus : 0) + (c.lmId === lm.unkId ? opt.unkPenalty : 0)));
  // alpha[i][a * K_i + b]: a over C[i-1], b over C[i]
  const alpha: Float64Array[] = new Array(n);
  const lmc: Float64Array[] = new Array(n);
  alpha[1] = new Float64Array([0]);
  for (let i = 2; i < n; i++) {
    const Kz = C[i - 2].length, Ka = C[i - 1].length, Kb = C[i].length;
    const lmArr = new Float64Array(Kz * Ka * Kb);
    const al = new Float64Array(Ka * Kb).fill(-Infinity);
    const prev = alpha[i - 1];
    for (let z = 0; z < Kz; z++) {
      const zid = C[i - 2][z].lmId;
      for (let a = 0; a < Ka; a++) {
        const pa = prev[z * Ka + a];
        if (pa === -Infinity) continue;
        const aid = C[i - 1][a].lmId;
        for (let b = 0; b < Kb; b++) {
          const l = w * lm.logProb(zid, aid, C[i][b].lmId);
          lmArr[(z * Ka + a) * Kb + b] = l;
          al[a * Kb + b] = logSumExp10(al[a * Kb + b], pa + l);
        }
      }
    }
    for (let a = 0; a < Ka; a++) for (let b = 0; b < Kb; b++) al[a * Kb + b] += ch[i][b];
    alpha[i] = al;
    lmc[i] = lmArr;
  }
  const last = n - 1;
  const Ka = C[last - 1].length, Kb = C[last].length;
  const beta: Float64Array[] = new Array(n);
  beta[last] = new Float64Array(Ka * Kb);
  for (let a = 0; a < Ka; a++) {
    for (let b = 0; b < Kb; b++) beta[last][a * Kb + b] = w * lm.logProb(C[last - 1][a].lmId, C[last][b].lmId, lm.eosId);
  }
  for (let i = last - 1; i >= 2; i--) {
    const Ka2 = C[i - 1].length, Kb2 = C[i].length, Kc = C[i + 1].length;
    const be = new Float64Array(Ka2 * Kb2).fill(-Infinity);
    const nb = beta[i + 1];
    const lmArr = lmc[i + 1];
    for (let a = 0; a < Ka2; a++) {
      for (let b = 0; b < Kb2; b++) {
        let acc = -Infinity;
        for (let c = 0; c < Kc; c++) acc = logSumExp10(acc, lmArr[(a * Kb2 + b) * Kc + c] + ch[i + 1][c] + nb[b * Kc + c]);
        be[a * Kb2 + b] = acc;
      }
    }
    beta[i] = be;
  }
  let Z = -Infinity;
  for (let k = 0; k < Ka * Kb; k++) Z = logSumExp10(Z, alpha[last][k] + beta[last][k]);
  for (let i = 2; i < n; i++) {
    const slot = slots[i - 2];
    const Ka3 = C[i - 1].length, Kb3 = C[i].length;
    let best = 0, bestP = -Infinity;
    for (let b = 0; b < Kb3; b++) {
      let p = -Infinity;
      for (let a = 0; a < Ka3; a++) p = logSumExp10(p, alpha[i][a * Kb3 + b] + beta[i][a * Kb3 + b]);
      if (p > bestP) { bestP = p; best = b; }
    }
    slot.chosen = best;
    slot.confidence = Math.min(1, Math.max(0, 10 ** (bestP - Z)));
  }
}

/** log10 channel score of reading a known code part (HĐND) as a look-alike (HDND). */
const CODE_PART_LOGP = -0.5;

function candidatesFor(core: string, channel: Channel, lm: LanguageModel, codes?: CodeLexicon): Slot['cands'] {
  const lower = core.toLowerCase();
  let cs: Candidate[] = channel.candidates(lower);
  if (codes && core.length >= 2 && core === core.toUpperCase()) {
    const part = repairCodePart(core, codes);
    if (part !== core) cs = [...cs, { word: part.toLowerCase(), channel: CODE_PART_LOGP }];
  }
  return cs.map((c) => ({ word: c.word, channel: c.channel, lmId: lm.wordId(lmKeyOfCore(c.word)), keep: c.word === lower }));
}

function renderSlot(s: Slot): string {
  if (!s.decoded) return s.original;
  const c = s.cands[s.chosen];
  if (c.keep) return s.original;
  return s.pre + applyCase(c.word, casePattern(s.core)) + s.post;
}

/** Repairs lines; the output has the same number of lines, each token carrying its confidence. */
export function decodeLines(lines: string[], ctx: DecoderContext): DecodedLine[] {
  const opt = { ...DEFAULT_DECODER_OPTIONS, ...ctx.options };
  const { lm, channel } = ctx;
  const perLine: Slot[][] = lines.map(() => []);
  let clause: Slot[] = [];
  const flush = () => {
    decodeClause(clause.filter((s) => s.cands.length > 0), lm, opt);
    clause = [];
  };
  for (let li = 0; li < lines.length; li++) {
    if (!lines[li].trim()) { flush(); continue; }
    const toks = [...lines[li].matchAll(/\S+/g)];
    for (let ti = 0; ti < toks.length; ti++) {
      const original = toks[ti][0];
      const start = toks[ti].index ?? 0;
      let { pre, core, post } = splitEdges(original);
      let text = original;
      if (ti === 0) {
        const roman = repairRomanHeading(original, lines[li]);
        if (roman !== null) ({ pre, core, post } = splitEdges((text = roman)));
      }
      const slot: Slot = { line: li, tok: ti, original: text, rawLen: original.length, start, pre, core, post, cands: [], chosen: 0, confidence: 1, decoded: false };
      if (BREAK_CHARS.test(pre)) flush();
      if (isWordCore(core)) {
        slot.decoded = true;
        slot.cands = candidatesFor(core, channel, lm, ctx.codes);
      } else if (core) {
        const fixedCore = ctx.codes ? repairCode(core, ctx.codes) : core;
        slot.original = pre + fixedCore + post;
        const key = lmKeyOfCore(fixedCore.toLowerCase());
        const id = key === NUM || key === CODE ? lm.wordId(key) : lm.wordId(fixedCore.toLowerCase());
        slot.cands = [{ word: fixedCore, channel: 0, lmId: id, keep: true }];
      }
      perLine[li].push(slot);
      clause.push(slot);
      if (BREAK_CHARS.test(post)) flush();
    }
  }
  flush();
  return lines.map((line, li) => {
    const slots = perLine[li];
    if (slots.length === 0) return { text: line, tokens: [] };
    let text = '';
    let pos = 0;
    const tokens: DecodedToken[] = [];
    for (const s of slots) {
      const rep = renderSlot(s);
      text += line.slice(pos, s.start) + rep;
      pos = s.start + s.rawLen;
      tokens.push({ original: line.substr(s.start, s.rawLen), repaired: rep, confidence: s.confidence, start: s.start });
    }
    text += line.slice(pos);
    return { text, tokens };
  });
}
