/**
 * Splits a line into plain and highlighted pieces for the side-by-side view: the OCR column
 * marks what repair changed or doubted, the repaired column marks the same tokens as repaired.
 * Pieces are plain strings; the template escapes them.
 */
import type { RepairedToken } from '../../../schemas/index.ts';

export interface Piece {
  text: string;
  /** null: untouched text. */
  mark: null | { confidence: number; low: boolean; original: string; repaired: string };
}

function markOf(t: RepairedToken, lowBelow: number): NonNullable<Piece['mark']> {
  return { confidence: t.confidence, low: t.confidence < lowBelow, original: t.original, repaired: t.repaired };
}

/** Cuts `text` at the given non-overlapping spans (sorted by start). */
function cut(text: string, spans: { start: number; end: number; mark: NonNullable<Piece['mark']> }[]): Piece[] {
  const out: Piece[] = [];
  let pos = 0;
  for (const s of spans) {
    if (s.start < pos || s.end > text.length || s.end <= s.start) continue;
    if (s.start > pos) out.push({ text: text.slice(pos, s.start), mark: null });
    out.push({ text: text.slice(s.start, s.end), mark: s.mark });
    pos = s.end;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos), mark: null });
  return out;
}

/**
 * Tokens worth a mark, in line order: what repair changed, and what it kept but doubts.
 * (A kept token with middling confidence is left plain: marking nearly every word helps no one.)
 */
function notable(tokens: readonly RepairedToken[], lowBelow: number): RepairedToken[] {
  return tokens
    .filter((t) => t.confidence < lowBelow || t.original !== t.repaired)
    .slice()
    .sort((a, b) => a.start - b.start);
}

/** The raw (OCR) line with each notable token at its recorded offset. */
export function rawPieces(raw: string, tokens: readonly RepairedToken[], lowBelow: number): Piece[] {
  const spans = notable(tokens, lowBelow)
    .filter((t) => raw.startsWith(t.original, t.start))
    .map((t) => ({ start: t.start, end: t.start + t.original.length, mark: markOf(t, lowBelow) }));
  return cut(raw, spans);
}

/**
 * The repaired line with each notable token found where it should be: its raw offset shifted
 * by the length changes of the tokens before it (repair rewrites tokens, not the spacing
 * between them); failing that, its next occurrence after the previous token.
 */
export function repairedPieces(text: string, tokens: readonly RepairedToken[], lowBelow: number): Piece[] {
  const spans: { start: number; end: number; mark: NonNullable<Piece['mark']> }[] = [];
  let shift = 0;
  let cursor = 0;
  for (const t of notable(tokens, lowBelow)) {
    if (t.repaired.length === 0) continue;
    const expected = t.start + shift;
    const at = expected >= cursor && text.startsWith(t.repaired, expected) ? expected : text.indexOf(t.repaired, cursor);
    if (at >= 0) {
      spans.push({ start: at, end: at + t.repaired.length, mark: markOf(t, lowBelow) });
      cursor = at + t.repaired.length;
    }
    shift += t.repaired.length - t.original.length;
  }
  return cut(text, spans);
}
