/**
 * Vietnamese syllable phonotactics, used to score candidate decodings of legacy-encoded
 * text: the right decoding turns almost every word into a well-formed syllable, the wrong
 * ones leave symbols (`Ph¸t`), stray Latin-1 letters (`ñoäng`) or impossible vowel clusters.
 */
import { TONE_MARKS } from '../vietnamese/marks.ts';

const ACUTE = '\u0301';
const DOT = '\u0323';

const ONSET = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])';
/** Vowel clusters that may be followed by a final consonant. */
const OPEN_NUCLEUS = '(?:uyê|iê|yê|ươ|uô|oa|oă|oe|uâ|uê|uy|oo|ôô|[aăâeêioôơuưy])';
/** Vowel clusters ending in a glide: nothing may follow them. */
const CLOSED_NUCLEUS =
  '(?:iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|uơ)';
const CODA = '(?:ch|ng|nh|[cmnpt])';

const SYLLABLE = new RegExp(`^${ONSET}?(?:${OPEN_NUCLEUS}${CODA}?|${CLOSED_NUCLEUS})$`, 'u');
const STOP_CODA = /(?:c|ch|p|t)$/u;

/** True when `word` (one whitespace-free token, punctuation already stripped) is a possible Vietnamese syllable. */
export function isVietnameseSyllable(word: string): boolean {
  const decomposed = word.toLowerCase().normalize('NFD');
  const tones = decomposed.match(TONE_MARKS) ?? [];
  if (tones.length > 1) return false;
  const base = decomposed.replace(TONE_MARKS, '').normalize('NFC');
  if (!SYLLABLE.test(base)) return false;
  // Syllables closed by a stop consonant only carry the sắc or nặng tone.
  if (STOP_CODA.test(base) && tones.length === 1 && tones[0] !== ACUTE && tones[0] !== DOT) return false;
  return true;
}

/** Whitespace-separated tokens with leading/trailing punctuation and digits removed; empty ones dropped. */
export function wordsOf(text: string): string[] {
  return text
    .split(/\s+/u)
    // Symbols are kept: in mojibake they stand for letters (`®` is TCVN3 `đ`).
    .map((t) => t.replace(/^[\p{P}\p{N}]+|[\p{P}\p{N}]+$/gu, ''))
    .filter((t) => t.length > 0);
}

export interface SyllableScore {
  /** Tokens that are well-formed Vietnamese syllables. */
  valid: number;
  /** Tokens that are not (foreign words, mojibake). */
  invalid: number;
}

export function scoreSyllables(text: string): SyllableScore {
  let valid = 0;
  let invalid = 0;
  for (const w of wordsOf(text)) {
    if (isVietnameseSyllable(w)) valid++;
    else invalid++;
  }
  return { valid, invalid };
}

/** Share of tokens that are Vietnamese syllables (0 when there are none). */
export function syllableShare(text: string): number {
  const { valid, invalid } = scoreSyllables(text);
  return valid + invalid === 0 ? 0 : valid / (valid + invalid);
}
