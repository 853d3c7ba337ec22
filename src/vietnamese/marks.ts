/**
 * Vietnamese diacritics as Unicode spells them, shared by every stage: the tone marks, and removing
 * them (or every mark) from a word. One definition, so that ingest, repair, segment, the gazetteer and
 * the analyses agree on what "without marks" means. Pure functions; NFC in, NFC out.
 */

/** The five tone marks as combining characters (NFD): grave, acute, tilde, hook above, dot below. */
export const TONE_MARK_CHARS = '\u0300\u0301\u0303\u0309\u0323';

/** One tone mark (NFD), for tests. */
export const TONE_MARK = new RegExp(`[${TONE_MARK_CHARS}]`, 'u');

/** Every tone mark (NFD), for replace and match. */
export const TONE_MARKS = new RegExp(`[${TONE_MARK_CHARS}]`, 'gu');

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Removes every combining mark (tones, circumflex, breve, horn); đ stays đ: "Đường" → "Đuong". */
export function stripCombiningMarks(s: string): string {
  return s.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/** Removes tone and vowel marks, đ → d: "Đường" → "Duong". The syllable model's definition. */
export function stripMarks(s: string): string {
  return stripCombiningMarks(s).replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** The word without its tone mark, vowel marks kept: "hóa" → "hoa", "thủy" → "thuy", "tọa" → "toa". */
export function stripTones(w: string): string {
  return w.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}
