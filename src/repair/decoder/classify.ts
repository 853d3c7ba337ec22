/**
 * What kind of text a document is, from its tokens alone: clean Vietnamese (pass through), mostly
 * clean Vietnamese with some words that lost their marks (restore those, keep marked words), text with
 * every diacritic stripped (restore marks), or OCR output without Vietnamese support (full channel).
 * Eng OCR keeps few marks (mostly é) and leaves digits/symbols inside words.
 */
import { hasMarks, isLetterWord, splitEdges, stripMarks } from '../channel/text.ts';

/** ocr-vie: OCR'd by vnplan with tesseract's Vietnamese model (marks misread rather than lost). */
export type TextKind = 'clean' | 'mixed' | 'stripped' | 'ocr' | 'ocr-vie';

export interface TextProfile {
  words: number;
  /** Share of letter words carrying a Vietnamese mark. */
  marked: number;
  /** Share of letter words found in the syllable lexicon. */
  known: number;
  /** Share of word-like tokens mixing letters with digits or OCR symbols ("s6", "x&", "$6"). */
  artifacts: number;
  /** Share of letter words written without marks where a marked reading is far more likely
   * ("viec", "cua", "la"): marks lost in an otherwise Vietnamese-aware text. */
  unmarked: number;
}

/** An unmarked word is suspicious when a marked spelling of it is this many times more frequent. */
const SUSPICIOUS_RATIO = 30;
/** Below this many words a text is not judged "mostly clean with lost marks". */
const MIN_WORDS_FOR_MIXED = 20;

/** Most frequent count of a marked spelling per mark-free key: build once per lexicon. */
export function markedVariantsIndex(lexicon: Record<string, number>): Map<string, number> {
  const best = new Map<string, number>();
  for (const [w, c] of Object.entries(lexicon)) {
    if (!hasMarks(w)) continue;
    const k = stripMarks(w);
    if ((best.get(k) ?? 0) < c) best.set(k, c);
  }
  return best;
}



// What profileText counts of one whitespace token, as bits (a token's verdict depends on it alone).
const WORDLIKE = 1, ARTIFACT = 2, WORD = 4, MARKED = 8, UNMARKED = 16, KNOWN = 32;

function tokenFlags(tok: string, lexicon: Record<string, number>, index: Map<string, number>): number {
  const core = splitEdges(tok).core;
  if (!core || !/\p{L}/u.test(core)) return 0;
  let f = WORDLIKE;
  const lower = core.toLowerCase();
  if (/[0-9$&¢¥@§€£]/.test(lower) && !/^[0-9]/.test(lower) && !/[-/]/.test(lower) && lower.length <= 6) f |= ARTIFACT;
  if (!isLetterWord(lower)) return f;
  f |= WORD;
  if (hasMarks(lower)) f |= MARKED;
  else {
    const v = index.get(lower);
    if (v !== undefined && v > SUSPICIOUS_RATIO * (lexicon[lower] ?? 0)) f |= UNMARKED;
  }
  if (lower in lexicon) f |= KNOWN;
  return f;
}

export function profileText(
  lines: string[],
  lexicon: Record<string, number>,
  index: Map<string, number> = markedVariantsIndex(lexicon),
): TextProfile {
  let words = 0, marked = 0, known = 0, wordlike = 0, artifacts = 0, unmarked = 0;
  // a plan of ~4,700 words has ~1,000 distinct tokens: each is judged once
  const seen = new Map<string, number>();
  for (const line of lines) {
    for (const tok of line.split(/\s+/)) {
      let f = seen.get(tok);
      if (f === undefined) seen.set(tok, (f = tokenFlags(tok, lexicon, index)));
      if (f === 0) continue;
      wordlike++;
      if (f & ARTIFACT) artifacts++;
      if (!(f & WORD)) continue;
      words++;
      if (f & MARKED) marked++;
      else if (f & UNMARKED) unmarked++;
      if (f & KNOWN) known++;
    }
  }
  const d = Math.max(words, 1);
  return { words, marked: marked / d, known: known / d, artifacts: artifacts / Math.max(wordlike, 1), unmarked: unmarked / d };
}

export function classifyProfile(p: TextProfile): TextKind {
  if (p.words === 0) return 'clean';
  // a few words say little: only a text that is mostly marked and shows no lost marks reads as clean
  if (p.words < MIN_WORDS_FOR_MIXED) {
    if (p.marked >= 0.5 && p.artifacts === 0 && p.unmarked === 0) return 'clean';
  } else if (p.marked >= 0.3 && p.artifacts < 0.01) return p.unmarked < 0.01 ? 'clean' : 'mixed';
  if (p.marked < 0.02 && p.artifacts < 0.005) return 'stripped';
  return 'ocr';
}

export function classifyText(lines: string[], lexicon: Record<string, number>, index?: Map<string, number>): TextKind {
  return classifyProfile(profileText(lines, lexicon, index));
}
