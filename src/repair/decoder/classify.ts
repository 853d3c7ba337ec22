/**
 * What kind of text a document is, from its tokens alone: clean Vietnamese (pass through), text with
 * every diacritic stripped (restore marks only), or OCR output without Vietnamese support (full
 * channel). Eng OCR keeps few marks (mostly é) and leaves digits/symbols inside words.
 */
import { hasMarks, isLetterWord, splitEdges } from '../channel/text.ts';

export type TextKind = 'clean' | 'stripped' | 'ocr';

export interface TextProfile {
  words: number;
  /** Share of letter words carrying a Vietnamese mark. */
  marked: number;
  /** Share of letter words found in the syllable lexicon. */
  known: number;
  /** Share of word-like tokens mixing letters with digits or OCR symbols ("s6", "x&", "$6"). */
  artifacts: number;
}

export function profileText(lines: string[], lexicon: Record<string, number>): TextProfile {
  let words = 0, marked = 0, known = 0, wordlike = 0, artifacts = 0;
  for (const line of lines) {
    for (const tok of line.split(/\s+/)) {
      const core = splitEdges(tok).core;
      if (!core || !/\p{L}/u.test(core)) continue;
      wordlike++;
      const lower = core.toLowerCase();
      if (/[0-9$&¢¥@§€£]/.test(lower) && !/^[0-9]/.test(lower) && !/[-/]/.test(lower) && lower.length <= 6) artifacts++;
      if (!isLetterWord(lower)) continue;
      words++;
      if (hasMarks(lower)) marked++;
      if (lower in lexicon) known++;
    }
  }
  const d = Math.max(words, 1);
  return { words, marked: marked / d, known: known / d, artifacts: artifacts / Math.max(wordlike, 1) };
}

export function classifyProfile(p: TextProfile): TextKind {
  if (p.words === 0) return 'clean';
  if (p.marked >= 0.3 && p.known >= 0.95 && p.artifacts < 0.01) return 'clean';
  if (p.marked < 0.02 && p.artifacts < 0.005) return 'stripped';
  return 'ocr';
}

export function classifyText(lines: string[], lexicon: Record<string, number>): TextKind {
  return classifyProfile(profileText(lines, lexicon));
}
