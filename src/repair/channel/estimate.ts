/**
 * Estimates the OCR channel from aligned (clean, OCR) token pairs: a character channel
 * P(observed chunk | true char) by hard EM over character alignments, a token table for frequent
 * (true syllable, observed token) pairs, and rates of case noise, splits and joins.
 */
import { alignChars, type AlignedUnit, type ChunkScorer } from './align.ts';
import { isLetterWord, splitEdges, stripMarks } from './text.ts';
import type { OcrEvidenceModel } from './evidence.ts';

export interface CharTable {
  /** Aligned occurrences of the true char. */
  total: number;
  /** log10 P(chunk | char) for chunks seen in training. */
  chunks: Record<string, number>;
  /** log10 P for an unseen chunk of length 0, 1, 2. */
  unseen: [number, number, number];
  /** log10 P for an unseen one-char chunk that is a digit or symbol: OCR reads marked letters as
   * digits/symbols far more often than as other letters, so these get a higher floor. */
  unseenSymbol: number;
}

const SYMBOL_CHUNK = /^[^\p{L}]$/u;
const UNSEEN_SYMBOL_PRIOR = 3e-3;

export interface ChannelData {
  version: 1;
  /** Per true (lower-case) char. Chars absent here use `defaultChar`. */
  chars: Record<string, CharTable>;
  defaultChar: CharTable;
  insertLogp: number;
  /** obs (lower-case core) → true syllable → count; only pairs seen at least twice. */
  tokens: Record<string, Record<string, number>>;
  /** How often each true syllable was aligned (denominator of the token table). */
  trueCounts: Record<string, number>;
  /** log10 P(the true token is exactly the observed one | observed token outside the lexicon), for
   * observed tokens of letters only and for tokens mixing letters with digits/symbols. */
  keepLetters: number;
  keepSymbolic: number;
  /** "đb" → P(true first letter is capital | true letter đ, observed lower-case b), kept when ≥ 0.5:
   * OCR reads some capitals as lower-case look-alikes (Đ as b). */
  capitalFromLower?: Record<string, number>;
  /** Share of aligned words whose first letter's case the OCR flipped. */
  caseFlipRate: number;
  /** Share of clean tokens the OCR split in two / joined with the next. */
  splitRate: number;
  joinRate: number;
  /** Candidate syllables (lower case) with corpus counts. */
  lexicon: Record<string, number>;
  /** Candidate lists [word, log10 channel] of frequent observed forms, as the search returns them. */
  precomputed?: Record<string, [string, number][]>;
  /** Minority spelling → the lexicon's form ("kĩ" → "kỹ", "hoá" → "hóa"): a page may print either. */
  spellingVariants?: Record<string, string>;
  /** The OCR's own evidence (word confidences, LSTM alternatives), for channels of OCR that gives it. */
  evidence?: OcrEvidenceModel;
  /** Upper-case letter parts of document codes in the corpus ("KH", "ĐU", "UBND"), with counts. */
  codeParts?: Record<string, number>;
  /** Observed upper-case char → true upper-case chars it often stands for (from `chars`). */
  codeSources?: Record<string, string[]>;
  stats: Record<string, number>;
}

/** Prior used before any counts: identity and same-base-letter readings are likely. */
function priorScorer(t: string, chunk: string): number {
  if (chunk === t) return -0.1;
  const base = stripMarks(t);
  if (chunk === base) return -0.2;
  if (chunk.length === 0) return -2;
  if (chunk.length === 1) return -2.5;
  return chunk.includes(base) ? -2 : -3.5;
}

const SMOOTH = 20;
const UNSEEN_PRIOR: [number, number, number] = [1e-3, 1e-4, 1e-6];

/**
 * Smoothed table of one true char: counts backed off to the pooled distribution of all chars with the
 * same base letter (ố, ớ, o … share evidence that a digit can stand for an o-vowel), then to fixed
 * floors for chunks never seen in the pool.
 */
function tableFrom(counts: Map<string, number>, trueChar: string | null, pool: Map<string, number> | null): CharTable {
  let total = 0;
  for (const v of counts.values()) total += v;
  let poolTotal = 0;
  if (pool) for (const v of pool.values()) poolTotal += v;
  const denom = total + SMOOTH;
  const chunks: Record<string, number> = {};
  const base = trueChar === null ? null : stripMarks(trueChar);
  const keys = new Set<string>([...counts.keys(), ...(pool ? pool.keys() : [])]);
  if (trueChar !== null) { keys.add(trueChar); keys.add(base!); }
  for (const chunk of keys) {
    const generic = chunk === base || chunk === trueChar ? 0.3 : genericPrior(chunk);
    const pooled = pool && poolTotal > 0 ? (pool.get(chunk) ?? 0) / poolTotal : 0;
    const prior = 0.5 * pooled + 0.5 * generic;
    const p = ((counts.get(chunk) ?? 0) + SMOOTH * prior) / denom;
    chunks[chunk] = Math.max(Math.log10(p), Math.log10(generic));
  }
  const unseen = UNSEEN_PRIOR.map((p) => Math.log10(p)) as [number, number, number];
  return { total, chunks, unseen, unseenSymbol: Math.log10(UNSEEN_SYMBOL_PRIOR) };
}

function genericPrior(chunk: string): number {
  return chunk.length === 1 && SYMBOL_CHUNK.test(chunk) ? UNSEEN_SYMBOL_PRIOR : UNSEEN_PRIOR[Math.min(chunk.length, 2)];
}

export function charScorer(data: Pick<ChannelData, 'chars' | 'defaultChar'>): ChunkScorer {
  return (t, chunk) => {
    const tab = data.chars[t] ?? data.defaultChar;
    const v = tab.chunks[chunk];
    if (v !== undefined) return v;
    if (data.chars[t] === undefined && chunk === t) return -0.1;
    if (chunk.length === 1 && SYMBOL_CHUNK.test(chunk)) return tab.unseenSymbol;
    return tab.unseen[Math.min(chunk.length, 2)];
  };
}

/** Lower-case word pair (true, observed) of a 1–1 alignment worth learning from, or null. */
function wordPair(u: AlignedUnit): [string, string] | null {
  if (u.op !== 'sub' || u.cost > 0.7) return null;
  const t = splitEdges(u.clean[0]).core.toLowerCase();
  const o = splitEdges(u.ocr[0]).core.toLowerCase();
  if (!t || !o || !isLetterWord(t) || [...t].length > 8 || [...o].length > 10) return null;
  return [t, o];
}

export function estimateChannel(units: AlignedUnit[], lexicon: Record<string, number>, emRounds = 3): ChannelData {
  const pairs: [string, string][] = [];
  let caseWords = 0;
  let caseFlips = 0;
  let cleanTokens = 0;
  let splits = 0;
  let joins = 0;
  const keep = { letters: [0, 0], symbolic: [0, 0] };
  const capitalSeen: Record<string, [number, number]> = {};
  for (const u of units) {
    cleanTokens += u.clean.length;
    if (u.op === 'sub') {
      const o = splitEdges(u.ocr[0]).core.toLowerCase();
      const t = splitEdges(u.clean[0]).core.toLowerCase();
      if (o && !(o in lexicon)) {
        const cls = isLetterWord(o) ? keep.letters : /\p{L}/u.test(o) && /^[\p{L}0-9$&¢¥@§€£]{1,9}$/u.test(o) ? keep.symbolic : null;
        if (cls) { cls[1]++; if (t === o) cls[0]++; }
      }
    }
    if (u.op === 'split') splits++;
    if (u.op === 'join') joins++;
    const p = wordPair(u);
    if (!p) continue;
    pairs.push(p);
    const tc = splitEdges(u.clean[0]).core;
    const oc = splitEdges(u.ocr[0]).core;
    const t0 = tc.charAt(0);
    const o0 = oc.charAt(0);
    if (t0.toLowerCase() !== t0.toUpperCase() && o0.toLowerCase() !== o0.toUpperCase()) {
      caseWords++;
      if ((t0 === t0.toUpperCase()) !== (o0 === o0.toUpperCase())) caseFlips++;
      if (o0 === o0.toLowerCase()) {
        const k = t0.toLowerCase() + o0;
        const c = (capitalSeen[k] ??= [0, 0]);
        c[1]++;
        if (t0 !== t0.toLowerCase()) c[0]++;
      }
    }
  }
  let scorer: ChunkScorer = priorScorer;
  let data: Pick<ChannelData, 'chars' | 'defaultChar'> = { chars: {}, defaultChar: tableFrom(new Map(), null, null) };
  let inserts = 0;
  for (let round = 0; round < emRounds; round++) {
    const counts = new Map<string, Map<string, number>>();
    inserts = 0;
    for (const [t, o] of pairs) {
      const al = alignChars(t, o, scorer);
      for (const [tc, oc] of al.pairs) {
        if (tc === '') { inserts++; continue; }
        let m = counts.get(tc);
        if (!m) counts.set(tc, (m = new Map()));
        m.set(oc, (m.get(oc) ?? 0) + 1);
      }
    }
    const pools = new Map<string, Map<string, number>>();
    for (const [tc, m] of counts) {
      const b = stripMarks(tc);
      let pool = pools.get(b);
      if (!pool) pools.set(b, (pool = new Map()));
      for (const [chunk, c] of m) pool.set(chunk, (pool.get(chunk) ?? 0) + c);
    }
    const chars: Record<string, CharTable> = {};
    for (const [tc, m] of counts) chars[tc] = tableFrom(m, tc, pools.get(stripMarks(tc)) ?? null);
    data = { chars, defaultChar: tableFrom(new Map(), null, null) };
    scorer = charScorer(data);
  }
  const tokenCounts = new Map<string, Map<string, number>>();
  const trueCounts: Record<string, number> = {};
  for (const [t, o] of pairs) {
    trueCounts[t] = (trueCounts[t] ?? 0) + 1;
    let m = tokenCounts.get(o);
    if (!m) tokenCounts.set(o, (m = new Map()));
    m.set(t, (m.get(t) ?? 0) + 1);
  }
  const tokens: Record<string, Record<string, number>> = {};
  for (const [o, m] of tokenCounts) {
    for (const [t, cnt] of m) {
      if (cnt < 2) continue;
      (tokens[o] ??= {})[t] = cnt;
    }
  }
  const usedTrue: Record<string, number> = {};
  for (const m of Object.values(tokens)) for (const t of Object.keys(m)) usedTrue[t] = trueCounts[t];
  let chars = 0;
  for (const [t] of pairs) chars += t.length;
  return {
    version: 1,
    chars: data.chars,
    defaultChar: data.defaultChar,
    insertLogp: Math.log10((inserts + 1) / (chars + 1)),
    tokens,
    trueCounts: usedTrue,
    keepLetters: Math.log10((keep.letters[0] + 1) / (keep.letters[1] + 2)),
    keepSymbolic: Math.log10((keep.symbolic[0] + 1) / (keep.symbolic[1] + 2)),
    capitalFromLower: Object.fromEntries(
      Object.entries(capitalSeen)
        .filter(([, [up, n]]) => n >= 5 && up / n >= 0.5)
        .map(([k, [up, n]]) => [k, up / n]),
    ),
    caseFlipRate: caseFlips / Math.max(caseWords, 1),
    splitRate: splits / Math.max(cleanTokens, 1),
    joinRate: joins / Math.max(cleanTokens, 1),
    lexicon,
    stats: { wordPairs: pairs.length, cleanTokens, splits, joins, inserts },
  };
}
