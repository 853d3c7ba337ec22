/**
 * Noisy-channel decoder: for each paragraph (consecutive non-blank lines; lines break mid-sentence)
 * every word token gets candidate true syllables from the channel, and a second-order
 * forward–backward pass over each clause combines trigram LM and channel scores. Each token takes its
 * highest-posterior candidate; that posterior is its confidence. Results map back to the lines.
 */
import type { LanguageModel } from '../types.ts';
import type { Candidate, Channel } from '../channel/model.ts';
import { applyCase, casePattern, splitEdges, stripMarks, VI_LETTER, type CasePattern } from '../channel/text.ts';
import { BREAK_CHARS, CODE, lmKeyOfCore, NUM } from './lm-tokens.ts';
import { repairRomanHeading, romanSequence } from './roman.ts';
import type { PlaceNamePairs } from './names.ts';
import { isVietnameseSyllable, variantsOfKey } from '../syllable/syllable.ts';
import { continuesCode, repairCode, repairCodePart, type CodeLexicon } from './codes.ts';
import { MatrixArena, Workspace } from './workspace.ts';
import { confidenceRight, evidenceScores, type OcrEvidenceModel, type TokenEvidence } from '../channel/evidence.ts';

export interface DecoderOptions {
  /** Weight of the LM log-probabilities against the channel's. */
  lmWeight: number;
  /** Extra log10 bonus for keeping an observed token that already is a lexicon word. */
  keepBonus: number;
  /** log10 penalty for a candidate the LM does not know: P(<unk>) is the mass of ALL unknown words. */
  unkPenalty: number;
  /** log10 bonus for two capitalised words that form a known place name ("Thiện Tín"). */
  nameBonus: number;
  /** Weight of the OCR's own evidence (word confidence, LSTM alternatives) against the channel. */
  evidenceWeight: number;
}

export const DEFAULT_DECODER_OPTIONS: DecoderOptions = { lmWeight: 1.2, keepBonus: 0, unkPenalty: -4, nameBonus: 3, evidenceWeight: 1 };

export interface DecoderContext {
  lm: LanguageModel;
  channel: Channel;
  codes?: CodeLexicon;
  options?: Partial<DecoderOptions>;
  /** Memo for one (lm, channel, options) combination: pass the same instance again to reuse it. */
  cache?: DecoderCache;
  /** Letter pairs (true lower-case letter + observed lower-case char) that mean a lost capital. */
  capitals?: Record<string, number>;
  /** log10 share of clean tokens the OCR joined with the next (enables splitting joined tokens). */
  joinLogp?: number;
  /** log10 share of clean tokens the OCR split in two (enables merging split tokens: "hi én"). */
  splitLogp?: number;
  /** Adjacent syllable pairs of known place names, lower case (see names.ts). */
  names?: PlaceNamePairs;
  /**
   * Per line, per whitespace token: what the OCR knew of it (word confidence, LSTM alternatives),
   * weighed by `evidenceModel`. A line given as null did not come from the OCR (a PDF's text layer
   * beside scanned pages): its words are kept as written and only give context.
   */
  evidence?: (readonly (TokenEvidence | undefined)[] | null)[];
  evidenceModel?: OcrEvidenceModel;
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

/**
 * Per-repairer memo: candidate lists per observed core, their emission weights, and bigram transition
 * matrices between candidate lists (the same token pairs recur across a corpus).
 */
export class DecoderCache {
  readonly cands = new Map<string, Cand[]>();
  readonly emit = new WeakMap<Cand[], Float64Array>();
  readonly listId = new WeakMap<Cand[], number>();
  /** Whether a pair of adjacent tokens, joined, may be one word (see mergeable). */
  readonly mergeable = new Map<string, boolean>();
  /** LM ids per candidate list. */
  readonly ids = new WeakMap<Cand[], Int32Array>();
  /**
   * Bigram transition matrices between two candidate lists (Ka·Kb weights, then Ka flags: row filled),
   * by first list key, then second list key (see listKey): positions in `matrices`. A row is filled
   * when first needed.
   */
  readonly bigram = new Map<number, Map<number, number>>();
  readonly matrices: MatrixArena;
  /** Scratch buffers of the decoder's passes. */
  readonly work = new Workspace();
  /** LM id per candidate word (the LM's tokenizer runs once per word). */
  readonly wordIds = new Map<string, number>();
  private next = 1;
  /** maxMatrixSlabs: how much memory the memo of bigram matrices may take (slabs of 512 kB). */
  constructor(maxMatrixSlabs = MAX_MATRIX_SLABS) {
    this.matrices = new MatrixArena(maxMatrixSlabs);
  }
  idOf(list: Cand[]): number {
    let id = this.listId.get(list);
    if (id === undefined) this.listId.set(list, (id = this.next++));
    return id;
  }
}

/** Memoised bigram matrices stop at 64 slabs of 512 kB: a long batch's memo cannot grow without bound. */
const MAX_MATRIX_SLABS = 64;

export interface Cand {
  word: string;
  channel: number;
  lmId: number;
  keep: boolean;
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
  cands: Cand[];
  chosen: number;
  confidence: number;
  /** Whether the token is decoded (a word) or passed through. */
  decoded: boolean;
  /** Observed with a capital first letter (a name may start here). */
  titled: boolean;
  /** A later part of one raw token (a join the OCR made, or a slash): rendered right after the
   * previous part with this separator. */
  joined?: string;
  /** The second half of a word the OCR split in two: the previous slot renders the whole word. */
  absorbed?: boolean;
  /** The OCR's evidence about this token, and the char offset of `core` in the token. */
  ev?: TokenEvidence;
  evOff?: number;
  /** Emission weights of `cands` with the evidence (computed once per slot). */
  emit?: Float64Array;
}

/** Below this channel score (log10) for the whole token, splitting it in two is considered. */
const SPLIT_TRIGGER = -3;
/** Extra log10 a split must win by: the LM cannot weigh in on the decision. */
const SPLIT_MARGIN = 2.5;
const SEARCH_FLOOR_LOGP = -8;

const LETTERS_ONLY = /^\p{L}+$/u;
const bestChannel = (cs: Cand[]) => cs.reduce((m, c) => (c.lmId !== -1 && !(c.keep && !LETTERS_ONLY.test(c.word)) ? Math.max(m, c.channel) : m), -Infinity);

/**
 * A token the OCR ran together from two words ("chircTu", "kéhoach"): the split whose halves are
 * best explained by the channel, when that beats reading the token as one word by the learned join
 * rate. Case changes inside the token ("chircTu") are the only split points considered there.
 */
function splitJoined(core: string, cands: Cand[], channel: Channel, lm: LanguageModel, ctx: DecoderContext): [string, string] | null {
  const chars = [...core];
  if (chars.length < 5 && !/\p{Ll}\p{Lu}/u.test(core)) return null;
  // "chircTu": a lower-case run then a capitalised word; not "VNeID"
  const camel = /\p{Ll}{2}\p{Lu}\p{Ll}/u.exec(core);
  // plain ASCII words outside the lexicon (Zalo, email) are names or loan words, not joins
  if (!camel && /^[A-Za-z]+$/.test(core)) return null;
  // (the Vietnamese-model OCR mostly reads words right: there the word as read counts as a reading,
  // unless the LM does not know it)
  const vie = channel.kind === 'ocr-vie';
  // the Vietnamese-model OCR keeps letter case: a capital inside a token is printed (AgriTech, CNSCĐ)
  if (vie && /.\p{Lu}/u.test(core) && core !== core.toUpperCase()) return null;
  const whole = Math.max(SEARCH_FLOOR_LOGP, bestChannel(cands.filter((c) => !c.keep || (vie && c.lmId !== lm.unkId))));
  if (!camel && whole > SPLIT_TRIGGER) return null;
  let best: [string, string] | null = null;
  let bestScore = whole - (ctx.joinLogp ?? 0) + SPLIT_MARGIN;
  const points = camel ? [[...core.slice(0, camel.index + 2)].length] : chars.map((_, k) => k).filter((k) => k >= 2 && k <= chars.length - 2);
  for (const k of points) {
    const a = chars.slice(0, k).join('');
    const b = chars.slice(k).join('');
    if (!isWordCore(a) || !isWordCore(b)) continue;
    // a token the Vietnamese-model OCR ran together is two syllables as read ("VIỆTNẠM"); an
    // abbreviation (CNSCĐ, ĐĐBQH) is not
    if (vie && (!isVietnameseSyllable(a) || !isVietnameseSyllable(b))) continue;
    const sa = bestChannel(candidatesFor(a, channel, lm, ctx.codes, ctx.cache));
    const sb = bestChannel(candidatesFor(b, channel, lm, ctx.codes, ctx.cache));
    if (sa + sb > bestScore) { bestScore = sa + sb; best = [a, b]; }
  }
  return best;
}

/**
 * P^w for a log10 probability: exp is several times faster than a power of ten in V8, and this runs
 * once per transition.
 */
const LN10 = Math.LN10;

/**
 * Fills row[b] with the weighted transition P(b | context)^w for the candidates Cb, adding the
 * place-name bonus where `follow` (the words that follow a in a place name) holds b. In: n log10
 * probabilities in `row`; out: linear weights in `out` at offset `at`.
 */
function weightRow(row: Float64Array, n: number, w: number, Cb: Cand[], follow: ReadonlySet<string> | undefined, bonus: number, out: Float64Array | Float32Array, at: number): void {
  const k = w * LN10;
  if (!follow) {
    for (let b = 0; b < n; b++) out[at + b] = Math.exp(k * row[b]);
    return;
  }
  for (let b = 0; b < n; b++) out[at + b] = Math.exp(k * row[b] + (follow.has(Cb[b].word) ? bonus * LN10 : 0));
}

const SLASHED_WORDS = /^[^/]+(?:\/[^/]+)+$/;
/** A list label glued to the word after it, at the start of a line: "a)Chủ", "1.2.Mục", "IV.GIẢI". */
const GLUED_LABEL = /^((?:[IVXHL]{1,4}|\d{1,2}(?:\.\d{1,2}){0,2})\.|[a-zđ]\)|\d{1,2}\))(\p{L}+)$/u;
const NO_PARTS: ReadonlySet<number> = new Set();
const SECOND_PART: ReadonlySet<number> = new Set([1]);
/**
 * A token of several syllables or numbers glued by marks the scan left between them ("phải-có.sự",
 * "ngày:06/3/2025", "19/11/2025.của"): its parts, when every part is a Vietnamese syllable, an
 * abbreviation in capitals or a number (a date, a code), at least one is a syllable in lower case,
 * and a hyphen only joins parts read with doubt. Numbers and abbreviations are kept as written.
 */
function gluedChain(core: string, confidence: number): { parts: string[]; fixed: Set<number> } | null {
  // "số-32/CT-TTg": a word, then a document number glued by a speck
  const lead = /^(\p{Ll}{2,7})[.:,;_'`"“”‘’^~*-]+(\d+\/.+)$/u.exec(core);
  if (lead && isVietnameseSyllable(lead[1])) return { parts: [lead[1], lead[2]], fixed: new Set([1]) };
  // (a slash alone joins words, xã/phường; with another mark it is a speck: "vị,/UBND")
  const bits = core.split(/([.:,;_'`"“”‘’^~*\/-]+)/u);
  if (bits.length < 3) return null;
  const parts: string[] = [];
  const seps: string[] = [];
  for (let k = 0; k < bits.length; k++) (k % 2 === 0 ? parts : seps).push(bits[k]);
  if (parts.some((p) => p === '') || seps.some((x) => x === '/')) return null;
  const kind = (p: string) => (isVietnameseSyllable(p) ? 'word' : CAPS_ABBREVIATION.test(p) ? 'caps' : /^\d[\d/]*(?:\/[\p{Lu}Đ\d-]+)*$/u.test(p) ? 'number' : null);
  const kinds = parts.map(kind);
  if (kinds.some((k) => k === null) || !parts.some((p, k) => kinds[k] === 'word' && /^\p{Ll}/u.test(p))) return null;
  // a hyphen between two numbers is a range (2026-2030); between words, printed unless read with doubt
  for (let k = 0; k < seps.length; k++) {
    if (!seps[k].includes('-')) continue;
    if (kinds[k] === 'number' && kinds[k + 1] === 'number') return null;
    if (confidence >= GLUED_HYPHEN_CONFIDENCE) return null;
  }
  return { parts, fixed: new Set(kinds.flatMap((k, i) => (k !== 'word' ? [i] : []))) };
}

/** A word glued to the number after it ("số42/2013/QH13"). */
const GLUED_NUMBER = /^(\p{Ll}{2,7})(\d[\d/.,-]*[\p{Lu}\d/.-]*)$/u;
/** A percentage with a speck read as a letter after it ("100%c"): no word follows a % without a space. */
const PERCENT_SPECK = /^(\d+(?:[.,]\d+)?%)\p{Ll}{1,2}$/u;

/** A token kept as written, seen by the LM as a number, a code or itself. */
function fixedCand(core: string, lm: LanguageModel): Cand {
  const key = lmKeyOfCore(core.toLowerCase());
  return { word: core, channel: 0, lmId: lm.wordId(key === NUM || key === CODE ? key : core.toLowerCase()), keep: true };
}
const FIRST_PART: ReadonlySet<number> = new Set([0]);

/** Below this OCR confidence a hyphen between two syllables is taken for a speck (see GLUED_WORDS). */
const GLUED_HYPHEN_CONFIDENCE = 0.92;
/** Two words with one punctuation mark between them and no space (Vietnamese-model OCR of a speck). */
const GLUED_WORDS = /^(\p{L}+)([.:,;\-_'`"“”‘’^~*/]{1,3})(\p{L}+)$/u;
/** An abbreviation in capitals (UBND, VP): a part of a glued token as good as a syllable. */
const CAPS_ABBREVIATION = /^[A-ZĐ]{2,6}$/u;
const WORDLIKE = /^[\p{L}0-9$&¢¥@§€£]+$/u;
const OCR_SYMBOLS = /[$&¢¥@§€£]/u;

/**
 * A token the Vietnamese-model OCR read that may be a misread word: letters only (that model reads
 * marked letters as letters, so a symbol or digit in a token is printed: GD&ĐT, ương2, 3C) and more
 * than one letter (a single letter is a list label or an initial).
 */
const vieWordCore = (core: string): boolean => !OCR_SYMBOLS.test(core) && !/[0-9]/.test(core) && [...core].length > 1 && !/^[IVXLC]+$/.test(core);
const MAX_WORD_CHARS = 9;

function isWordCore(core: string): boolean {
  if (!core || [...core].length > MAX_WORD_CHARS || !WORDLIKE.test(core)) return false;
  const lower = core.toLowerCase();
  if (/^[0-9]+$/.test(lower)) return false; // numbers stay numbers
  return VI_LETTER.test(lower) || /[$&¢¥@§€£]/.test(lower);
}

/**
 * Forward–backward over one clause, second order (states are candidate pairs), in the linear domain
 * with per-position scaling: one power of ten per trigram instead of log-sum-exps. Sets chosen and
 * confidence (the posterior of the chosen candidate) on each slot. All per-position arrays live in
 * flat workspace buffers at offsets: candidates at off[i], pair states at soff[i] (K[i−1]·K[i] of
 * them), transitions at toff[i] (K[i−2]·K[i−1]·K[i]).
 */
function decodeClause(slots: Slot[], lm: LanguageModel, opt: DecoderOptions, names?: PlaceNamePairs, cache?: DecoderCache, model?: OcrEvidenceModel): void {
  if (slots.length === 0) return;
  const ws = cache?.work ?? new Workspace();
  const w = opt.lmWeight;
  const bos: Cand = { word: '<s>', channel: 0, lmId: lm.bosId, keep: true };
  const pruned = pruneByBigram(slots, lm, opt, ws, names, cache, model);
  const C: Cand[][] = [[bos], [bos], ...pruned.map((p) => p.cands)];
  const n = C.length;
  const off = ws.i32('dc.off', n + 1), soff = ws.i32('dc.soff', n + 1), toff = ws.i32('dc.toff', n + 1);
  let kmax = 0;
  off[0] = 0;
  soff[0] = soff[1] = 0;
  toff[0] = toff[1] = toff[2] = 0;
  for (let i = 0; i < n; i++) {
    const K = C[i].length;
    if (K > kmax) kmax = K;
    off[i + 1] = off[i] + K;
    if (i >= 1) soff[i + 1] = soff[i] + C[i - 1].length * K;
    if (i >= 2) toff[i + 1] = toff[i] + C[i - 2].length * C[i - 1].length * K;
  }
  const ids = ws.i32('dc.ids', off[n]);
  const emit = ws.f64('dc.emit', off[n]);
  for (let i = 0; i < n; i++) {
    const cs = C[i];
    for (let k = 0; k < cs.length; k++) ids[off[i] + k] = cs[k].lmId;
    const slot = i >= 2 ? slots[i - 2] : undefined;
    if (slot?.emit) {
      // the evidence-weighted emissions of the slot's full list, at the indices the pruning kept
      const index = pruned[i - 2].index;
      for (let k = 0; k < cs.length; k++) emit[off[i] + k] = slot.emit[index[k]];
    } else emissionsInto(cs, lm, opt, emit, off[i]);
  }
  const alpha = ws.f64('dc.alpha', soff[n]).fill(0, 0, soff[n]);
  const beta = ws.f64('dc.beta', soff[n]);
  // rows outside the beam stay 0, so they drop out of the backward pass too
  const trans = ws.f64('dc.trans', toff[n]).fill(0, 0, toff[n]);
  const scale = ws.f64('dc.scale', n).fill(1, 0, n);
  const row = ws.f64('dc.row', kmax);
  alpha[soff[1]] = 1;
  for (let i = 2; i < n; i++) {
    const Cz = C[i - 2], Ca = C[i - 1], Cb = C[i];
    const Kz = Cz.length, Ka = Ca.length, Kb = Cb.length;
    const po = soff[i - 1], ao = soff[i], to = toff[i], eo = off[i];
    const named = i >= 3 && !!names && slots[i - 3].titled && slots[i - 2].titled;
    const floor = beamFloor(alpha, po, Kz * Ka, FORWARD_BEAM);
    for (let z = 0; z < Kz; z++) {
      const zid = Cz[z].lmId;
      for (let a = 0; a < Ka; a++) {
        const pa = alpha[po + z * Ka + a];
        if (pa < floor) continue;
        const base = to + (z * Ka + a) * Kb;
        lm.logProbRow(zid, Ca[a].lmId, ids, row, eo, Kb);
        weightRow(row, Kb, w, Cb, named ? names!.get(Ca[a].word) : undefined, opt.nameBonus, trans, base);
        for (let b = 0; b < Kb; b++) alpha[ao + a * Kb + b] += pa * trans[base + b];
      }
    }
    let sum = 0;
    for (let a = 0; a < Ka; a++) for (let b = 0; b < Kb; b++) sum += (alpha[ao + a * Kb + b] *= emit[eo + b]);
    if (sum > 0) for (let k = 0; k < Ka * Kb; k++) alpha[ao + k] /= sum;
    scale[i] = sum > 0 ? sum : 1;
  }
  const last = n - 1;
  {
    const Ka = C[last - 1].length, Kb = C[last].length, bo = soff[last];
    for (let a = 0; a < Ka; a++) for (let b = 0; b < Kb; b++) beta[bo + a * Kb + b] = Math.exp(w * LN10 * lm.logProb(C[last - 1][a].lmId, C[last][b].lmId, lm.eosId));
  }
  for (let i = last - 1; i >= 2; i--) {
    const Ka = C[i - 1].length, Kb = C[i].length, Kc = C[i + 1].length;
    const bo = soff[i], nbo = soff[i + 1], to = toff[i + 1], eo = off[i + 1];
    const s = scale[i + 1];
    for (let a = 0; a < Ka; a++) {
      for (let b = 0; b < Kb; b++) {
        let acc = 0;
        const base = to + (a * Kb + b) * Kc;
        for (let c = 0; c < Kc; c++) acc += trans[base + c] * emit[eo + c] * beta[nbo + b * Kc + c];
        beta[bo + a * Kb + b] = acc / s;
      }
    }
  }
  for (let i = 2; i < n; i++) {
    const slot = slots[i - 2];
    const Ka = C[i - 1].length, Kb = C[i].length, o = soff[i];
    let best = 0, bestP = -1, total = 0;
    for (let b = 0; b < Kb; b++) {
      let p = 0;
      for (let a = 0; a < Ka; a++) p += alpha[o + a * Kb + b] * beta[o + a * Kb + b];
      total += p;
      if (p > bestP) { bestP = p; best = b; }
    }
    slot.chosen = pruned[i - 2].index[best];
    slot.confidence = total > 0 ? Math.min(1, bestP / total) : 1 / Kb;
  }
}

function lmIdsOf(cs: Cand[]): Int32Array {
  const ids = new Int32Array(cs.length);
  for (let k = 0; k < cs.length; k++) ids[k] = cs[k].lmId;
  return ids;
}

/** Memo key of a slot's candidate list: the list's id and whether the slot is capitalised (name bonus). */
const listKey = (cache: DecoderCache, list: Cand[], slot: Slot): number => cache.idOf(list) * 2 + (slot.titled ? 1 : 0);

/** The LM ids of a candidate list, memoised per list (lists are memoised per observed form). */
function idsOfList(cs: Cand[], cache?: DecoderCache): Int32Array {
  let ids = cache?.ids.get(cs);
  if (!ids) {
    ids = lmIdsOf(cs);
    cache?.ids.set(cs, ids);
  }
  return ids;
}

/** log10 emission score of a candidate: channel, keep bonus, unknown-word penalty. */
const emissionLogp = (c: Cand, lm: LanguageModel, opt: DecoderOptions) => c.channel + (c.keep ? opt.keepBonus : 0) + (c.lmId === lm.unkId ? opt.unkPenalty : 0);

/** Emission weights of a list, scaled so the best is 1, into out[at ..]. */
function emissionsInto(cs: Cand[], lm: LanguageModel, opt: DecoderOptions, out: Float64Array, at: number): void {
  let max = -Infinity;
  for (let k = 0; k < cs.length; k++) {
    const v = emissionLogp(cs[k], lm, opt);
    if (v > max) max = v;
  }
  for (let k = 0; k < cs.length; k++) out[at + k] = Math.exp((emissionLogp(cs[k], lm, opt) - max) * LN10);
}

function emissions(cs: Cand[], lm: LanguageModel, opt: DecoderOptions): Float64Array {
  const e = new Float64Array(cs.length);
  emissionsInto(cs, lm, opt, e, 0);
  return e;
}

/**
 * Emission weights of a slot's candidates (scaled so the best is 1): the list's own, memoised per list,
 * or, for a token with OCR evidence, the channel scores plus the evidence (word confidence for the
 * word as read, LSTM alternatives for the others), once per slot.
 */
function slotEmissions(slot: Slot, lm: LanguageModel, opt: DecoderOptions, model?: OcrEvidenceModel, cache?: DecoderCache): Float64Array {
  const cs = slot.cands;
  if (!slot.ev || !model || cs.length < 2) {
    let e = cache?.emit.get(cs);
    if (!e) { e = emissions(cs, lm, opt); cache?.emit.set(cs, e); }
    return e;
  }
  if (slot.emit) return slot.emit;
  const e = new Float64Array(cs.length);
  evidenceScores(model, slot.ev, slot.core, slot.evOff ?? 0, cs.map((c) => c.word), cs.map((c) => c.keep), e);
  let max = -Infinity;
  for (let k = 0; k < cs.length; k++) {
    e[k] = opt.evidenceWeight * e[k] + emissionLogp(cs[k], lm, opt);
    if (e[k] > max) max = e[k];
  }
  for (let k = 0; k < cs.length; k++) e[k] = Math.exp((e[k] - max) * LN10);
  slot.emit = e;
  return e;
}

/**
 * Forward beam of the trigram pass: a state whose forward probability is below this share of the best
 * at its position gets no transitions (its LM look-ups are skipped) and drops out.
 */
const FORWARD_BEAM = 1e-6;
/**
 * The same for the bigram (pruning) pass, whose look-ups are most of the LM's work on new text: 1e-4
 * skips 31 % of them; on the unseen pages it costs 2 syllables in 22,607, the seeds are unchanged
 * (alone and batch, OCR'd and stripped). 1e-3 cost 0.07 points.
 */
const PRUNING_FORWARD_BEAM = 1e-4;

/** Forward probabilities below this value are outside the beam (`beam` times the best of v[at .. at + n)). */
function beamFloor(v: Float64Array, at: number, n: number, beam: number): number {
  let max = 0;
  for (let k = at; k < at + n; k++) if (v[k] > max) max = v[k];
  return max * beam;
}

/** Candidates whose bigram posterior is below this share of the best are dropped before the trigram pass. */
const PRUNE_RATIO = 1e-4;
const MAX_AFTER_PRUNE = 5;

/**
 * Indices of the MAX_AFTER_PRUNE largest of post[0 .. n), largest first (ties: lower index first, as a
 * stable sort), keeping the first always and the others only at or above `floor`.
 */
function topByPosterior(post: Float64Array, n: number, floor: number): number[] {
  const top: number[] = [];
  for (let b = 0; b < n; b++) {
    if (top.length === MAX_AFTER_PRUNE && !(post[b] > post[top[top.length - 1]])) continue;
    let r = top.length < MAX_AFTER_PRUNE ? top.length : top.length - 1;
    while (r > 0 && post[b] > post[top[r - 1]]) { if (r < MAX_AFTER_PRUNE) top[r] = top[r - 1]; r--; }
    top[r] = b;
  }
  return top.filter((b, r) => r === 0 || post[b] >= floor);
}

/**
 * First-order forward–backward (bigram LM, P(b | a)) to prune each slot's candidates
 * before the second-order pass, which costs K³ per token. Forward probabilities of slot i sit at
 * off[i] of one workspace buffer; the transition matrix between two candidate lists is memoised
 * (Ka·Kb weights, then Ka flags for the rows filled so far).
 */
function pruneByBigram(
  slots: Slot[],
  lm: LanguageModel,
  opt: DecoderOptions,
  ws: Workspace,
  names?: PlaceNamePairs,
  cache?: DecoderCache,
  model?: OcrEvidenceModel,
): { cands: Cand[]; index: number[] }[] {
  const w = opt.lmWeight;
  const n = slots.length;
  const C = slots.map((s) => s.cands);
  if (C.every((c) => c.length === 1)) return C.map((c) => ({ cands: c, index: [0] }));
  const off = ws.i32('pb.off', n + 1);
  let kmax = 0;
  off[0] = 0;
  for (let i = 0; i < n; i++) {
    off[i + 1] = off[i] + C[i].length;
    if (C[i].length > kmax) kmax = C[i].length;
  }
  const total = off[n];
  const E = slots.map((s) => slotEmissions(s, lm, opt, model, cache));
  // the transition matrix into slot i: array T[i] at offset Toff[i] (memoised, or scratch for this clause)
  const T: Float32Array[] = new Array(n);
  const Toff = ws.i32('pb.toff', n);
  let scratchSize = 0;
  for (let i = 1; i < n; i++) scratchSize += C[i - 1].length * (C[i].length + 1);
  // single precision like the memoised matrices: one array type in the loops below
  const scratch = ws.f32('pb.matrices', scratchSize);
  let scratchUsed = 0;
  const alpha = ws.f64('pb.alpha', total).fill(0, 0, total);
  /** live[off[i − 1] + a]: candidate a of slot i−1 was inside the forward beam (its transitions to slot i are used). */
  const live = ws.u8('pb.live', total).fill(0, 0, total);
  const scale = ws.f64('pb.scale', n).fill(1, 0, n);
  const row = ws.f64('pb.row', kmax);
  // no trigram starts with </s>, so with it as the first context word a row is the bigram P(b | a)
  // (the pass knows only one word of context; "<unk> a" was a trigram context for many words)
  const bos = lm.bosId, bigramContext = lm.eosId;
  for (let i = 0; i < n; i++) {
    const Kb = C[i].length;
    const o = off[i];
    const Eb = E[i];
    if (i === 0) {
      lm.logProbRow(bos, bos, idsOfList(C[0], cache), row);
      for (let b = 0; b < Kb; b++) alpha[o + b] = Math.exp(w * LN10 * row[b]) * Eb[b];
    } else {
      const Ka = C[i - 1].length;
      const po = off[i - 1];
      const size = Ka * Kb + Ka;
      let t: Float32Array, tb: number;
      const keyA = cache ? listKey(cache, C[i - 1], slots[i - 1]) : 0;
      const keyB = cache ? listKey(cache, C[i], slots[i]) : 0;
      let inner = cache?.bigram.get(keyA);
      let pos = inner?.get(keyB);
      if (pos === undefined && cache && (pos = cache.matrices.alloc(size)) >= 0) {
        if (!inner) cache.bigram.set(keyA, (inner = new Map()));
        inner.set(keyB, pos);
      }
      if (pos !== undefined && pos >= 0) {
        t = cache!.matrices.slabs[pos >>> MatrixArena.SLAB_BITS]!;
        tb = pos & (MatrixArena.SLAB - 1);
      } else {
        t = scratch;
        tb = scratchUsed;
        scratch.fill(0, tb, tb + size);
        scratchUsed += size;
      }
      const done = tb + Ka * Kb;
      const floor = beamFloor(alpha, po, Ka, PRUNING_FORWARD_BEAM);
      let idsB: Int32Array | null = null;
      const Ca = C[i - 1], Cb = C[i];
      // the name bonus needs two capitalised words; otherwise it is 0 and x + 0 === x
      const named = !!names && slots[i - 1].titled && slots[i].titled;
      for (let a = 0; a < Ka; a++) {
        const pa = alpha[po + a];
        if (pa < floor) continue;
        live[po + a] = 1;
        // rows of the memoised matrix are filled on first use
        if (t[done + a] === 0) {
          idsB ??= idsOfList(Cb, cache);
          lm.logProbRow(bigramContext, Ca[a].lmId, idsB, row);
          weightRow(row, Kb, w, Cb, named ? names!.get(Ca[a].word) : undefined, opt.nameBonus, t, tb + a * Kb);
          t[done + a] = 1;
        }
        for (let b = 0; b < Kb; b++) alpha[o + b] += pa * t[tb + a * Kb + b];
      }
      for (let b = 0; b < Kb; b++) alpha[o + b] *= Eb[b];
      T[i] = t;
      Toff[i] = tb;
    }
    let sum = 0;
    for (let b = 0; b < Kb; b++) sum += alpha[o + b];
    if (sum > 0) for (let b = 0; b < Kb; b++) alpha[o + b] /= sum;
    scale[i] = sum > 0 ? sum : 1;
  }
  const out: { cands: Cand[]; index: number[] }[] = new Array(n);
  let beta = ws.f64('pb.beta', kmax).fill(1, 0, C[n - 1].length);
  let nextBeta = ws.f64('pb.beta2', kmax);
  const post = ws.f64('pb.post', kmax);
  for (let i = n - 1; i >= 0; i--) {
    const Kb = C[i].length;
    const o = off[i];
    let max = 0;
    for (let b = 0; b < Kb; b++) { post[b] = alpha[o + b] * beta[b]; if (post[b] > max) max = post[b]; }
    const keep = topByPosterior(post, Kb, max * PRUNE_RATIO);
    out[i] = { cands: keep.map((b) => C[i][b]), index: keep };
    if (i > 0) {
      const Ka = C[i - 1].length;
      const po = off[i - 1];
      const t = T[i], tb = Toff[i], Eb = E[i];
      for (let a = 0; a < Ka; a++) {
        if (!live[po + a]) { nextBeta[a] = 0; continue; }
        let acc = 0;
        for (let b = 0; b < Kb; b++) acc += t[tb + a * Kb + b] * Eb[b] * beta[b];
        nextBeta[a] = acc / scale[i];
      }
      [beta, nextBeta] = [nextBeta, beta];
    }
  }
  return out;
}

const VOWELLESS_CAPS = /^[BCDFGHJKLMNPQRSTVWXZĐ]{2,4}$/u;

/** log10 channel score of reading a known code part (HĐND) as a look-alike (HDND). */
const CODE_PART_LOGP = -0.5;

/** A candidate list from the repairer's memo, computed once per key. */
function memoCands(cache: DecoderCache | undefined, key: string, compute: () => Cand[]): Cand[] {
  const hit = cache?.cands.get(key);
  if (hit) return hit;
  const out = compute();
  cache?.cands.set(key, out);
  return out;
}

function candidatesFor(core: string, channel: Channel, lm: LanguageModel, codes?: CodeLexicon, cache?: DecoderCache, inHeading = false): Cand[] {
  const upper = core.length >= 2 && core === core.toUpperCase();
  const key = upper ? (inHeading && VOWELLESS_CAPS.test(core) ? `H|${core}` : core) : core.toLowerCase();
  return memoCands(cache, key, () => computeCandidates(core, channel, lm, codes, cache?.wordIds, inHeading));
}

function computeCandidates(core: string, channel: Channel, lm: LanguageModel, codes?: CodeLexicon, wordIds?: Map<string, number>, inHeading = false): Cand[] {
  const lower = core.toLowerCase();
  // "VT", "TH" after "Lưu:": an all-caps run of consonants is an abbreviation, not a syllable whose
  // vowel the OCR lost (it keeps vowels in capitals); only a known code part (HDND → HĐND) may replace
  // it. Inside a heading in capitals, though, a marked capital is often read as a consonant ("PQ" for
  // ĐỘ): there the channel's readings compete with the abbreviation.
  let cs: Candidate[] = VOWELLESS_CAPS.test(core) && !inHeading ? [{ word: lower, channel: 0 }] : channel.candidates(lower);
  if (codes && core.length >= 2 && core === core.toUpperCase()) {
    const part = repairCodePart(core, codes);
    if (part !== core) cs = [...cs, { word: part.toLowerCase(), channel: CODE_PART_LOGP, codePart: true }];
  }
  // a page printed in the other tone-placement style ("hoà", "thuỷ"): the Vietnamese-model OCR reads
  // it as printed, so that spelling is the word as read, not an error to normalise
  const variantOf = channel.kind === 'ocr-vie' ? channel.spellingVariant?.(lower) : undefined;
  return cs.map((c) => {
    const keep = c.word === lower || c.word === variantOf;
    let lmId = wordIds?.get(c.word) ?? -1;
    if (lmId === -1) {
      lmId = lm.wordId(lmKeyOfCore(c.word));
      wordIds?.set(c.word, lmId);
    }
    // a known code part the LM never saw as a word reads as a code, not as an unknown word
    if (c.codePart && lmId === lm.unkId) lmId = lm.wordId(CODE);
    // OCR debris such as "x&" or "s6" kept as is would read as a <code> to the LM: score it as unknown
    if (keep && /[^\p{L}]/u.test(lower)) lmId = lm.unkId;
    return { word: c.word, channel: c.channel, lmId, keep };
  });
}

/**
 * Whether two adjacent tokens joined may be one word: short enough, word-like, and letters that some
 * syllable spells once its marks are off ("hi én" → "hien": hiện, hiền …). Memoised per joined
 * string (adjacent pairs recur; the mark stripping was most of the merge step's time).
 */
function mergeable(core: string, cache?: DecoderCache): boolean {
  let ok = cache?.mergeable.get(core);
  if (ok === undefined) {
    ok = [...core].length <= MAX_SYLLABLE_CHARS && isWordCore(core) && variantsOfKey(stripMarks(core.toLowerCase())).length > 0;
    cache?.mergeable.set(core, ok);
  }
  return ok;
}

/** Extra log10 a merge must win by: the comparison sees only the decoded neighbours. */
const MERGE_MARGIN = 1;
/** A merged reading must be at least this likely under the channel (log10). */
const MERGE_FLOOR = -3;
const MAX_SYLLABLE_CHARS = 7;

/**
 * Words the OCR split in two ("hi én" for hiển, "TH U" for THỦ): after a clause is decoded, each pair of
 * adjacent word tokens with nothing between them is read once more as one word. The pair becomes one
 * word when its best single reading, with the learned split rate, beats the two decoded words in the
 * context of their decoded neighbours (trigram LM on both sides) by MERGE_MARGIN.
 */
function mergeSplitTokens(slots: Slot[], lm: LanguageModel, opt: DecoderOptions, ctx: DecoderContext): boolean {
  const splitLogp = ctx.splitLogp;
  if (splitLogp === undefined) return false;
  let any = false;
  const w = opt.lmWeight;
  const idAt = (i: number) => (i < 0 ? lm.bosId : i >= slots.length ? lm.eosId : slots[i].cands[slots[i].chosen].lmId);
  for (let i = 0; i + 1 < slots.length; i++) {
    const a = slots[i], b = slots[i + 1];
    if (!a.decoded || !b.decoded || a.absorbed || a.joined || b.joined || a.line !== b.line || a.post || b.pre) continue;
    const core = a.core + b.core;
    if (!mergeable(core, ctx.cache)) continue;
    const merged = candidatesFor(core, ctx.channel, lm, ctx.codes, ctx.cache).filter((c) => !c.keep && c.lmId !== lm.unkId && c.channel >= MERGE_FLOOR);
    if (!merged.length) continue;
    const ca = a.cands[a.chosen], cb = b.cands[b.chosen];
    const l2 = idAt(i - 2), l1 = idAt(i - 1), r1 = idAt(i + 2), r2 = idAt(i + 3);
    const separate = ca.channel + cb.channel +
      w * (lm.logProb(l2, l1, ca.lmId) + lm.logProb(l1, ca.lmId, cb.lmId) + lm.logProb(ca.lmId, cb.lmId, r1) + lm.logProb(cb.lmId, r1, r2));
    let best: Cand | null = null;
    let bestScore = -Infinity;
    for (const c of merged) {
      const score = c.channel + splitLogp + w * (lm.logProb(l2, l1, c.lmId) + lm.logProb(l1, c.lmId, r1) + lm.logProb(c.lmId, r1, r2));
      if (score > bestScore) { bestScore = score; best = c; }
    }
    const margin = bestScore - separate;
    if (!best || margin < MERGE_MARGIN) continue;
    a.cands = [best];
    a.chosen = 0;
    a.emit = undefined;
    a.ev = undefined;
    a.confidence = 1 / (1 + 10 ** -margin);
    a.original = a.pre + core + b.post;
    a.core = core;
    a.post = b.post;
    a.titled = /^\p{Lu}/u.test(core);
    b.absorbed = true;
    b.confidence = a.confidence;
    any = true;
    i++;
  }
  return any;
}

/**
 * A bare number this short may stand for a word; longer ones (years, counts) are always numbers, and
 * so are numbers that open a line or carry a list marker's punctuation ("1/", "2.", "3)").
 */
const SHORT_NUMBER = /^[0-9]{1,2}$/;

/**
 * The number itself (as the LM's <num>; the OCR keeps digits, so its channel cost is 0) and the
 * channel's word readings of the digits.
 */
function numberCandidatesFor(core: string, channel: Channel, lm: LanguageModel, cache?: DecoderCache): Cand[] {
  return memoCands(cache, `#${core}`, () => [
    { word: core, channel: 0, lmId: lm.wordId(NUM), keep: true },
    ...computeCandidates(core, channel, lm, undefined, cache?.wordIds).filter((c) => !c.keep && c.lmId !== lm.unkId),
  ]);
}

/**
 * A Vietnamese word written in capitals (a heading word: BAN, TỈNH), not an abbreviation or code part
 * (UBND, HĐND, KHCN), which sit in ordinary sentences.
 */
const isCapsWord = (s: Slot): boolean =>
  s.decoded && casePattern(s.core) === 'upper' && isVietnameseSyllable(s.cands[s.chosen].word);

/** What the case decision knows of a word's neighbours on its line. */
export interface CaseNeighbours {
  /** Whether there is a word before / after it on the line. */
  hasPrev: boolean;
  hasNext: boolean;
  /** Whether that word is a Vietnamese word in capitals (see isCapsWord). */
  capsPrev: boolean;
  capsNext: boolean;
}

/**
 * The case to write a repaired word in. The observed pattern, corrected where the OCR's case is
 * noise: inside a run of capitals (a heading) the word is capitals too ("TiNH", "Quy" between caps
 * words); a short capitals token between ordinary words is a capitalised word whose marked vowel
 * read as a capital ("BO Tài chính" → "Bộ"); a mixed pattern otherwise follows its first letter; a
 * capital I before a word starting with l is the OCR's reading of l (the glyphs are the same).
 */
export function caseInContext(core: string, word: string, near: CaseNeighbours, capsLine: boolean): CasePattern {
  const pattern = casePattern(core);
  const { capsPrev, capsNext } = near;
  if ((capsPrev && capsNext) || (capsLine && (capsPrev || capsNext))) return 'upper';
  // (only between two words: at a line's end a capital run may continue on the next line, "KT. CHỦ" / "TỊCH")
  if (pattern === 'upper' && !capsLine && !capsPrev && !capsNext && near.hasPrev && near.hasNext && letterCount(core) <= 3 && isVietnameseSyllable(word)) return 'title';
  if (pattern === 'mixed') return core.charAt(0) !== core.charAt(0).toLowerCase() ? 'title' : 'lower';
  if (pattern === 'title' && core.charAt(0) === 'I' && word.charAt(0) === 'l') return 'lower';
  return pattern;
}

/** Letters (characters with a case) in the string. */
function letterCount(s: string): number {
  let n = 0;
  for (const c of s) if (c.toLowerCase() !== c.toUpperCase()) n++;
  return n;
}

function renderSlot(s: Slot, capitals: Record<string, number> | undefined, near: CaseNeighbours, capsLine: boolean, observedCase = false): string {
  if (!s.decoded) return s.original;
  const c = s.cands[s.chosen];
  // the Vietnamese-model OCR reads letter case reliably: only a mixed pattern (a marked capital
  // inside a word, "sỐ") follows its first letter
  const seen = casePattern(s.core);
  if (c.keep && !(observedCase && seen === 'mixed' && isVietnameseSyllable(c.word))) return s.original;
  let pattern = observedCase ? (seen === 'mixed' ? (/^\p{Lu}/u.test(s.core) ? 'title' : 'lower') : seen) : caseInContext(s.core, c.word, near, capsLine);
  // a capital the OCR read as a lower-case look-alike (Đ as b): learned per letter pair
  if (pattern === 'lower' && capitals && capitals[c.word.charAt(0) + s.core.charAt(0)] !== undefined) pattern = 'title';
  return s.pre + applyCase(c.word, pattern) + s.post;
}

/** Repairs lines; the output has the same number of lines, each token carrying its confidence. */
export function decodeLines(lines: string[], ctx: DecoderContext): DecodedLine[] {
  const opt = { ...DEFAULT_DECODER_OPTIONS, ...ctx.options };
  // OCR'd text: the top-level headings' numerals in order (I., II., III. …), a lost stroke put back
  const sequence = ctx.channel.kind === 'ocr' || ctx.channel.kind === 'ocr-vie' ? romanSequence(lines) : new Map<number, string>();
  const { lm, channel } = ctx;
  const perLine: Slot[][] = lines.map(() => []);
  let clause: Slot[] = [];
  const flush = () => {
    const words = clause.filter((s) => s.cands.length > 0);
    decodeClause(words, lm, opt, ctx.names, ctx.cache, ctx.evidenceModel);
    // the neighbours of a merged word are decoded again with the word in their context
    if (mergeSplitTokens(words, lm, opt, ctx)) {
      decodeClause(words.filter((s) => !s.absorbed), lm, opt, ctx.names, ctx.cache, ctx.evidenceModel);
      // a merged word's confidence is that of the merge decision (its own list has one entry)
      for (let k = 1; k < words.length; k++) if (words[k].absorbed) words[k - 1].confidence = words[k].confidence;
    }
    // a token the repair does not read (a number, a code) is as doubtful as the OCR's reading of it
    const model = ctx.evidenceModel;
    if (model) for (const s of clause) if (!s.decoded && s.ev && /[\p{L}\p{N}]/u.test(s.core)) s.confidence = Math.min(s.confidence, confidenceRight(model, s.ev.confidence, s.core));
    clause = [];
  };
  /**
   * Replaces one raw token by several slots: the first keeps the token, the rest render after it. A
   * part given in `fixed` is kept as written (a list label), the others are decoded as words.
   */
  const pushParts = (slot: Slot, parts: string[], sep: string, fixed: ReadonlySet<number> = NO_PARTS) => {
    const { pre, post, start, rawLen } = slot;
    parts.forEach((part, k) => {
      const last = k === parts.length - 1;
      const s: Slot = k === 0 ? slot : { ...slot, rawLen: 0, start: start + rawLen, joined: sep };
      const keep = fixed.has(k);
      Object.assign(s, {
        original: (k === 0 ? pre : '') + part + (last ? post : ''),
        pre: k === 0 ? pre : '',
        core: part,
        post: last ? post : '',
        cands: keep ? [fixedCand(part, lm)] : candidatesFor(part, channel, lm, ctx.codes, ctx.cache),
        titled: /^\p{Lu}/u.test(part),
        decoded: !keep,
        // the word confidence holds for each part; the per-character alternatives do not line up
        ev: slot.ev ? { confidence: slot.ev.confidence } : undefined,
        evOff: 0,
      });
      perLine[slot.line].push(s);
      clause.push(s);
    });
  };
  for (let li = 0; li < lines.length; li++) {
    if (!lines[li].trim()) { flush(); continue; }
    const toks = [...lines[li].matchAll(/\S+/g)];
    // a heading in capitals: most of its words are capital letters only
    const capsWords = toks.filter((t) => /^\p{Lu}{2,}[.,:;]?$/u.test(t[0])).length;
    const headingLine = channel.kind === 'ocr' && capsWords >= 3 && capsWords >= 0.7 * toks.length;
    const lineEvidence = ctx.evidence?.[li];
    for (let ti = 0; ti < toks.length; ti++) {
      const original = toks[ti][0];
      const start = toks[ti].index ?? 0;
      let { pre, core, post } = splitEdges(original);
      let text = original;
      if (lineEvidence === null) {
        // a line the OCR did not make (a text layer beside scanned pages): kept, context only
        const key = lmKeyOfCore(core.toLowerCase());
        const slot: Slot = { line: li, tok: ti, original, rawLen: original.length, start, pre, core, post, chosen: 0, confidence: 1, decoded: false, titled: /^\p{Lu}/u.test(core),
          cands: core ? [{ word: core, channel: 0, lmId: lm.wordId(key === NUM || key === CODE ? key : core.toLowerCase()), keep: true }] : [] };
        if (BREAK_CHARS.test(pre)) flush();
        perLine[li].push(slot);
        clause.push(slot);
        if (BREAK_CHARS.test(post)) flush();
        continue;
      }
      if (ti === 0) {
        const roman = sequence.get(li) ?? repairRomanHeading(original, lines[li]);
        if (roman !== null) ({ pre, core, post } = splitEdges((text = roman)));
      }
      const slot: Slot = { line: li, tok: ti, original: text, rawLen: original.length, start, pre, core, post, cands: [], chosen: 0, confidence: 1, decoded: false, titled: /^\p{Lu}/u.test(core) };
      const ev = lineEvidence?.[ti];
      if (ev && text === original) { slot.ev = ev; slot.evOff = [...pre].length; }
      if (BREAK_CHARS.test(pre)) flush();
      const label = channel.kind === 'ocr-vie' && ti === 0 ? GLUED_LABEL.exec(core) : null;
      if (label && isWordCore(label[2])) {
        // "a)Chủ", "1.2.Mục", "IV.GIẢI", "H.MỤC": a list label and its first word, the space lost (a
        // roman numeral read as letters is mended as on its own: H. → II.)
        if (ev) slot.ev = { confidence: ev.confidence };
        const mended = /[HLl1|]/.test(label[1]) && !/^\d/.test(label[1]) ? repairRomanHeading(label[1], `${label[1]} ${label[2]}${lines[li].slice(start + original.length)}`) : null;
        pushParts(slot, [mended ?? label[1], label[2]], ' ', FIRST_PART);
        if (BREAK_CHARS.test(post)) flush();
        continue;
      }
      const wordNumber = channel.kind === 'ocr-vie' ? GLUED_NUMBER.exec(core) : null;
      if (wordNumber && isVietnameseSyllable(wordNumber[1])) {
        // "số42/2013/QH13", "năm2013": a word and the number after it, the space lost
        if (ev) slot.ev = { confidence: ev.confidence };
        pushParts(slot, [wordNumber[1], wordNumber[2]], ' ', SECOND_PART);
        if (BREAK_CHARS.test(post)) flush();
        continue;
      }
      const chain = channel.kind === 'ocr-vie' && !GLUED_WORDS.test(core) ? gluedChain(core, ev?.confidence ?? 1) : null;
      if (chain) {
        // "phải-có.sự", "ngày:06/3/2025", "19/11/2025.của": words and numbers glued by specks
        if (ev) slot.ev = { confidence: ev.confidence };
        pushParts(slot, chain.parts, ' ', chain.fixed);
        if (BREAK_CHARS.test(post)) flush();
        continue;
      }
      const glued = channel.kind === 'ocr-vie' ? GLUED_WORDS.exec(core) : null;
      // (a hyphen between two syllables is also printed, "Vắc-xin", "chính trị-xã hội": read with
      // confidence it is kept)
      const part = (x: string) => isVietnameseSyllable(x) || CAPS_ABBREVIATION.test(x);
      // (two abbreviations glued are a code: TP.HCM, KH-UBND; a single slash joins words: xã/phường)
      if (glued && part(glued[1]) && part(glued[3]) && !(CAPS_ABBREVIATION.test(glued[1]) && CAPS_ABBREVIATION.test(glued[3])) && glued[2] !== '/' &&
        (glued[2] !== '-' || (ev?.confidence ?? 1) < GLUED_HYPHEN_CONFIDENCE)) {
        // "đơn:vị", "và.Kế": two words and a speck of the scan read as punctuation between them (the
        // space lost); each word decoded in context, a comma or semicolon kept before the space
        slot.decoded = true;
        if (ev) slot.ev = { confidence: ev.confidence };
        const fixed = new Set([glued[1], glued[3]].flatMap((x, k) => (CAPS_ABBREVIATION.test(x) && !isVietnameseSyllable(x) ? [k] : [])));
        pushParts(slot, [glued[1], glued[3]], /^[,;]/.test(glued[2]) ? `${glued[2][0]} ` : ' ', fixed);
        if (BREAK_CHARS.test(post)) flush();
        continue;
      }
      // (the English-model OCR reads marked letters as $ & ¥ …; the Vietnamese model reads them as
      // letters, so there a symbol is a symbol: GD&ĐT)
      if (isWordCore(core) && !(channel.kind === 'ocr-vie' && !vieWordCore(core))) {
        slot.decoded = true;
        slot.cands = candidatesFor(core, channel, lm, ctx.codes, ctx.cache, headingLine);
        const split = ctx.joinLogp === undefined ? null : splitJoined(core, slot.cands, channel, lm, ctx);
        if (split) {
          // two words the OCR ran together: two slots over one raw token (the second renders after it)
          if (slot.ev) slot.ev = { confidence: slot.ev.confidence };
          pushParts(slot, split, ' ');
          if (BREAK_CHARS.test(post)) flush();
          continue;
        }
      } else if (SLASHED_WORDS.test(core) && core.split('/').every((p) => isWordCore(p) && /\p{Ll}/u.test(p) && (channel.kind !== 'ocr-vie' || (vieWordCore(p) && isVietnameseSyllable(p))))) {
        // "xa/phuong", "cong/trang": words joined by a slash, each decoded in context
        slot.decoded = true;
        pushParts(slot, core.split('/'), '/');
        if (BREAK_CHARS.test(post)) flush();
        continue;
      } else if (channel.kind === 'ocr' && SHORT_NUMBER.test(core) && ti > 0 && !pre && /^[,;:]?$/.test(post)) {
        // "12" may be a number or a word whose letters the OCR read as digits ("là", "lộ"): the LM
        // weighs the number against the channel's word readings in context
        slot.decoded = true;
        slot.cands = numberCandidatesFor(core, channel, lm, ctx.cache);
      } else if (core) {
        const cleaned = channel.kind === 'ocr-vie' ? core.replace(PERCENT_SPECK, '$1') : core;
        const fixedCore = ctx.codes ? repairCode(cleaned, ctx.codes) : cleaned;
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
    // neighbours for the case decision: the nearest word tokens on the line
    const words = slots.filter((s) => !s.absorbed && (s.decoded || /\p{L}{2}/u.test(s.core)));
    const capsWord = words.map(isCapsWord);
    // a heading line: most of its words are Vietnamese words in capitals
    const caps = capsWord.filter(Boolean).length;
    const capsLine = caps >= 2 && caps >= 0.6 * words.length;
    let prevRep = '';
    let w = -1; // index of s in words when s is one of them (words keeps the order of slots)
    for (const s of slots) {
      if (words[w + 1] === s) w++;
      if (s.absorbed) {
        // its letters are in the previous token's word; the record keeps the raw token, repaired empty
        pos = s.start + s.rawLen;
        tokens.push({ original: line.substr(s.start, s.rawLen), repaired: '', confidence: s.confidence, start: s.start });
        continue;
      }
      const isWord = words[w] === s;
      const hasPrev = isWord && w > 0, hasNext = isWord && w + 1 < words.length;
      const near = { hasPrev, hasNext, capsPrev: hasPrev && capsWord[w - 1], capsNext: hasNext && capsWord[w + 1] };
      const rep = renderSlot(s, ctx.capitals, near, capsLine, channel.kind === 'ocr-vie');
      // a document code the OCR split at a space: the token rejoins it (its record stays its own)
      const gap = !s.joined && prevRep && continuesCode(prevRep, s.original) ? '' : line.slice(pos, s.start);
      text += gap + (s.joined ?? '') + rep;
      prevRep = rep;
      pos = s.start + s.rawLen;
      const prev = tokens[tokens.length - 1];
      if (s.joined && prev) {
        prev.repaired += s.joined + rep;
        prev.confidence = Math.min(prev.confidence, s.confidence);
        continue;
      }
      tokens.push({ original: line.substr(s.start, s.rawLen), repaired: rep, confidence: s.confidence, start: s.start });
    }
    text += line.slice(pos);
    return { text, tokens };
  });
}
