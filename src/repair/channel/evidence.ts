/**
 * What tesseract itself knows about a word it read, as evidence for the channel: its confidence in
 * the word, and, per character, the other characters its LSTM considered. Both are learned from scan
 * pairs as log-likelihood ratios (log10):
 *  - word confidence: P(confidence bin | word read right) / P(bin | word read wrong), added to the
 *    candidate that keeps the word as read;
 *  - alternatives: at a character where a candidate differs from the reading, P(the candidate's
 *    character listed at that confidence | it is the true one) / P(a character listed at that
 *    confidence | the reading is right there); a candidate character the LSTM did not list at all
 *    costs log10 of the share of wrong characters whose truth was missing from the list.
 */
import type { AlignedUnit } from './align.ts';
import { splitEdges } from './text.ts';

/** OCR evidence of one token (see OcrToken in schemas/ingest.ts). */
export interface TokenEvidence {
  confidence: number;
  alternatives?: ([string, number][] | null)[];
}

export interface OcrEvidenceModel {
  /** Upper edges of the word-confidence bins (the last is above 1). */
  confBins: number[];
  /** Per bin: log10 P(bin | read right) − log10 P(bin | read wrong). */
  confLogRatio: number[];
  /** Per bin: the share of words read right. */
  confRight: number[];
  /** Per bin: the share of tokens with a digit (numbers, dates, codes: what the repair cannot check) read right. */
  confRightDigits?: number[];
  /** Upper edges of the alternative-confidence bins. */
  altBins: number[];
  /** Per bin: log10 likelihood ratio of a listed alternative being the true character. */
  altLogRatio: number[];
  /** log10 share of wrong characters whose true character the LSTM did not list. */
  altMissLogp: number;
  stats: Record<string, number>;
}

export const CONF_BINS = [0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 1.01];
export const ALT_BINS = [0.05, 0.1, 0.2, 0.4, 0.6, 1.01];

const binOf = (edges: number[], v: number) => {
  for (let i = 0; i < edges.length; i++) if (v < edges[i]) return i;
  return edges.length - 1;
};

/** Same-length lower-case core pair, the char offset of the core in the OCR token. */
function corePair(u: AlignedUnit): { t: string[]; o: string[]; off: number } | null {
  const c = splitEdges(u.clean[0]);
  const r = splitEdges(u.ocr[0]);
  if (!c.core || !r.core) return null;
  return { t: [...c.core.toLowerCase()], o: [...r.core.toLowerCase()], off: [...r.pre].length };
}

/**
 * Learns the evidence model from aligned pairs: `units` from alignTokens(clean, ocr) and `infos[k]`
 * the evidence of OCR token k.
 */
export function estimateEvidence(units: AlignedUnit[], infos: (TokenEvidence | undefined)[]): OcrEvidenceModel {
  const right = CONF_BINS.map(() => 0), wrong = CONF_BINS.map(() => 0);
  const rightDigits = CONF_BINS.map(() => 0), wrongDigits = CONF_BINS.map(() => 0);
  const hits = ALT_BINS.map(() => 0), falseAlarms = ALT_BINS.map(() => 0);
  let wrongChars = 0, missed = 0, rightChars = 0;
  for (const u of units) {
    if (u.op !== 'sub') continue;
    const info = infos[u.ocrAt[0]];
    const p = corePair(u);
    if (!info || !p) continue;
    if (/[0-9]/.test(u.ocr[0])) (p.t.join('') === p.o.join('') ? rightDigits : wrongDigits)[binOf(CONF_BINS, info.confidence)]++;
    const same = p.t.join('') === p.o.join('');
    (same ? right : wrong)[binOf(CONF_BINS, info.confidence)]++;
    if (!info.alternatives || p.t.length !== p.o.length) continue;
    for (let j = 0; j < p.o.length; j++) {
      const alts = info.alternatives[p.off + j] ?? [];
      if (p.t[j] !== p.o[j]) {
        wrongChars++;
        const a = alts.find(([ch]) => ch.toLowerCase() === p.t[j]);
        if (a) hits[binOf(ALT_BINS, a[1])]++;
        else missed++;
      } else {
        rightChars++;
        for (const [ch, conf] of alts) if (ch.toLowerCase() !== p.o[j]) falseAlarms[binOf(ALT_BINS, conf)]++;
      }
    }
  }
  const nRight = right.reduce((a, b) => a + b, 0), nWrong = wrong.reduce((a, b) => a + b, 0);
  // add-one smoothing on both sides of every ratio
  const confLogRatio = right.map((r, i) => Math.log10((r + 1) / (nRight + CONF_BINS.length)) - Math.log10((wrong[i] + 1) / (nWrong + CONF_BINS.length)));
  const altLogRatio = hits.map((h, i) => Math.log10((h + 0.5) / (wrongChars + 1)) - Math.log10((falseAlarms[i] + 0.5) / (rightChars + 1)));
  return {
    confBins: CONF_BINS,
    confLogRatio,
    confRight: right.map((r, i) => (r + 1) / (r + wrong[i] + 2)),
    confRightDigits: rightDigits.map((r, i) => (r + 1) / (r + wrongDigits[i] + 2)),
    altBins: ALT_BINS,
    altLogRatio,
    altMissLogp: Math.log10((missed + 1) / (wrongChars + 2)),
    stats: { rightWords: nRight, wrongWords: nWrong, wrongChars, missedAlternatives: missed, rightChars },
  };
}

/**
 * How likely a token read with this confidence is right (calibrated on the training scans), for the
 * tokens the repair cannot check itself: numbers, dates and codes (any token with a digit), else words.
 */
export function confidenceRight(model: OcrEvidenceModel, confidence: number, token = ''): number {
  const b = binOf(model.confBins, confidence);
  return /[0-9]/.test(token) && model.confRightDigits ? model.confRightDigits[b] : model.confRight[b];
}

/**
 * log10 evidence of each candidate word (lower case) for an observed token core, added to its channel
 * score. `keep` candidates (the word as read) get the word-confidence ratio; a same-length candidate
 * gets, at each character where it differs, the alternative ratio (or the miss cost when the LSTM listed
 * alternatives for the token but not that character). `off` is the core's char offset in the token.
 */
export function evidenceScores(model: OcrEvidenceModel, ev: TokenEvidence, obsCore: string, off: number, words: readonly string[], keep: readonly boolean[], out: Float64Array): void {
  const conf = model.confLogRatio[binOf(model.confBins, ev.confidence)];
  const o = [...obsCore.toLowerCase()];
  for (let k = 0; k < words.length; k++) {
    if (keep[k]) { out[k] = conf; continue; }
    let s = 0;
    const alts = ev.alternatives;
    if (alts) {
      const t = [...words[k]];
      if (t.length === o.length) {
        for (let j = 0; j < o.length; j++) {
          if (t[j] === o[j]) continue;
          const list = alts[off + j];
          const a = list?.find(([ch]) => ch.toLowerCase() === t[j]);
          s += a ? model.altLogRatio[binOf(model.altBins, a[1])] : model.altMissLogp;
        }
      }
    }
    out[k] = s;
  }
}
