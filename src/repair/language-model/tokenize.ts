/**
 * The language model's view of text: lower-cased NFC tokens in segments. The builder, the adaptive
 * model, the restorer and the repair decoder must all tokenise the same way, so this is the one place.
 *
 * - Segments end at sentence / clause punctuation (. ! ? ; : … and brackets); commas, quotes and dashes
 *   do not end a segment: "khoa học, công nghệ" keeps its context.
 * - Numbers ("22", "1.000.000", "22/12/2024") become NUM; anything else with a digit ("57-NQ/TW",
 *   "125/KH-UBND") or with inner / or - ("NQ/TW", "KH-UBND") becomes CODE, so "số 57-NQ/TW ngày
 *   22/12/2024 của" reads "số <code> ngày <num> của": context runs through numbers and codes.
 */

export const BOS = '<s>';
export const EOS = '</s>';
export const UNK = '<unk>';
export const NUM = '<num>';
export const CODE = '<code>';

/** Punctuation peeled off token edges. */
const EDGE_PUNCT = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
/** Edge punctuation that closes a segment. */
const BREAKS = /[.!?;:…()[\]{}]/;

const NUMBER = /^[+-]?\d+(?:[.,/:-]\d+)*%?$/;
const HAS_DIGIT = /\d/;
const INNER_JOINER = /[/\\_&@]|\p{L}-\p{L}/u;

/** A raw token (edge punctuation already removed) → its LM token string. */
export function lmToken(word: string): string {
  if (NUMBER.test(word)) return NUM;
  if (HAS_DIGIT.test(word) || INNER_JOINER.test(word)) return CODE;
  return word.normalize('NFC').toLowerCase();
}

/** One whitespace token of a text, split into leading punctuation, core and trailing punctuation. */
export interface RawToken {
  /** Offset of the whitespace token in the text. */
  start: number;
  text: string;
  lead: string;
  core: string;
  trail: string;
  /** True when a segment boundary falls before this token's core (punctuation or a blank line). */
  breakBefore: boolean;
  /** True when a segment boundary falls after this token's core. */
  breakAfter: boolean;
}

/** Splits a whitespace token into edge punctuation and core; a "%" or numeric sign stays on numbers. */
export function splitEdges(text: string): { lead: string; core: string; trail: string } {
  let a = 0;
  let b = text.length;
  const isEdge = (c: string) => /[\p{P}\p{S}]/u.test(c);
  while (a < b && isEdge(text[a]!)) a++;
  while (b > a && isEdge(text[b - 1]!)) b--;
  // keep a trailing % on a number
  if (b < text.length && text[b] === '%' && a < b && /\d/.test(text[b - 1]!)) b++;
  return { lead: text.slice(0, a), core: text.slice(a, b), trail: text.slice(b) };
}

/**
 * Tokenises a text (one or more lines) into raw tokens with segment-boundary flags. A blank line, a
 * token of pure punctuation containing a break character, and break characters at token edges end
 * segments; so does a line end when `lineBreaks` is true (corpus paragraphs are one per line).
 */
export function rawTokens(text: string, lineBreaks = false): RawToken[] {
  const out: RawToken[] = [];
  let pendingBreak = true;
  let lastEnd = 0;
  for (const m of text.matchAll(/\S+/g)) {
    const start = m.index ?? 0;
    const gap = text.slice(lastEnd, start);
    const newlines = (gap.match(/\n/g) ?? []).length;
    if (newlines >= 2 || (lineBreaks && newlines >= 1)) pendingBreak = true;
    lastEnd = start + m[0].length;
    const { lead, core, trail } = splitEdges(m[0]);
    if (core === '') {
      if (BREAKS.test(m[0])) pendingBreak = true;
      continue;
    }
    if (BREAKS.test(lead)) pendingBreak = true;
    const tok: RawToken = { start, text: m[0], lead, core, trail, breakBefore: pendingBreak, breakAfter: BREAKS.test(trail) };
    if (out.length > 0 && pendingBreak) out[out.length - 1]!.breakAfter = true;
    out.push(tok);
    pendingBreak = tok.breakAfter;
  }
  if (out.length > 0) out[out.length - 1]!.breakAfter = true;
  return out;
}

/** A text as LM segments of token strings (no BOS/EOS). */
export function lmSegments(text: string, lineBreaks = true): string[][] {
  const segs: string[][] = [];
  let cur: string[] = [];
  for (const t of rawTokens(text, lineBreaks)) {
    if (t.breakBefore && cur.length > 0) {
      segs.push(cur);
      cur = [];
    }
    cur.push(lmToken(t.core));
    if (t.breakAfter) {
      segs.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) segs.push(cur);
  return segs;
}

// `EDGE_PUNCT` documents the edge classes used by splitEdges; kept for callers that strip in bulk.
export function stripEdgePunct(s: string): string {
  return s.replace(EDGE_PUNCT, '');
}
