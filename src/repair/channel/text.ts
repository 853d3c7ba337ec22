/**
 * Token-level text helpers shared by the channel builder and the decoder. Pure functions.
 */

import { stripMarks, stripTones, TONE_MARK, TONE_MARKS } from '../../vietnamese/marks.ts';

/** Removes tone and vowel marks (đ→d, Đ→D), NFC in and out: the syllable model's definition. */
export { stripMarks, stripTones, TONE_MARK };

/** Lower-case Vietnamese letters (with marks) and ASCII letters. */
export const VI_LETTER = /[a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/;
const VI_WORD = /^[a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]+$/;

/** True for a lower-case token made only of (Vietnamese) letters. */
export function isLetterWord(lower: string): boolean {
  return VI_WORD.test(lower);
}

/** True when the token carries a Vietnamese mark (tone, vowel mark or đ). */
export function hasMarks(s: string): boolean {
  return stripMarks(s) !== s;
}

/**
 * Characters that surround a word without belonging to it. OCR symbols that stand for marked letters
 * ($ ¢ & ¥ @ §) are deliberately NOT here: in "$6" or "x&" they are part of the word.
 */
const EDGE = `.,;:!?()[]{}"'“”‘’«»…–—*•·_+|<>=~\`^`;
const EDGE_SET = new Set(EDGE);

export interface TokenParts {
  pre: string;
  core: string;
  post: string;
}

/** Splits edge punctuation off a whitespace token: `“Binh` → { pre: '“', core: 'Binh', post: '' }. */
export function splitEdges(tok: string): TokenParts {
  let a = 0;
  let b = tok.length;
  while (a < b && EDGE_SET.has(tok[a])) a++;
  while (b > a && EDGE_SET.has(tok[b - 1])) b--;
  // a trailing hyphen or slash is punctuation too ("tuyên-"), a leading one is not ("-2025" is rare)
  while (b > a && (tok[b - 1] === '-' || tok[b - 1] === '/')) b--;
  return { pre: tok.slice(0, a), core: tok.slice(a, b), post: tok.slice(b) };
}

/** Mark-free, lower-cased, punctuation-free key used to align OCR tokens to clean tokens. */
export function alignKey(tok: string): string {
  return stripMarks(splitEdges(tok).core.toLowerCase());
}

export type CasePattern = 'lower' | 'upper' | 'title' | 'mixed';

export function casePattern(s: string): CasePattern {
  // one pass, no arrays: this runs for every token the repairer renders
  let letters = 0, up = 0, firstUp = false;
  for (const c of s) {
    const lower = c.toLowerCase();
    if (lower === c.toUpperCase()) continue;
    if (c !== lower) {
      up++;
      if (letters === 0) firstUp = true;
    }
    letters++;
  }
  if (up === 0) return 'lower';
  if (up === letters) return letters === 1 ? 'title' : 'upper';
  if (up === 1 && firstUp) return 'title';
  return 'mixed';
}

/** Applies an observed token's case pattern to a lower-case repaired syllable ("KE" + "kế" → "KẾ"). */
export function applyCase(lower: string, pattern: CasePattern): string {
  if (pattern === 'upper') return lower.toUpperCase();
  if (pattern === 'title') return lower.charAt(0).toUpperCase() + lower.slice(1);
  return lower;
}

/** Whitespace tokens with their offsets. */
export function whitespaceTokens(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index ?? 0 });
  return out;
}

/**
 * Key shared by spellings of one syllable that differ only in where the tone mark sits ("hoá"/"hóa",
 * "uỷ"/"ủy") or in a final i/y after a consonant ("kĩ"/"kỹ", "lí"/"lý").
 */
export function spellingKey(w: string): string {
  const tones = w.normalize('NFD').match(TONE_MARKS) ?? [];
  const letters = stripTones(w).replace(/([bcdđghklmnpqrstvx])y$/, '$1i');
  return `${letters}|${tones.join('')}`;
}
