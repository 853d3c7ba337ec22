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

/** The definition: decompose, drop the marks, compose again. */
function stripCombiningMarksSlow(s: string): string {
  return s.normalize('NFD').replace(COMBINING_MARKS, '').normalize('NFC');
}

/**
 * stripCombiningMarks of each character below U+0300 and of Latin Extended Additional (U+1E00–
 * U+1EFF, where Vietnamese's precomposed letters live), as one code unit (-1 when it is the
 * character itself, -2 when it is not one code unit). Such a character decomposes to a base letter
 * and marks of U+0300–U+036F only, so the marks gone, no character of a string of them composes with
 * its neighbour: the string's result is its characters' results one after the other.
 */
let STRIP_TABLE: Int32Array | null = null;
function stripTable(): Int32Array {
  if (STRIP_TABLE) return STRIP_TABLE;
  const t = new Int32Array(0x1f00).fill(-2);
  for (let c = 0; c < 0x1f00; c++) {
    if (c >= 0x300 && c < 0x1e00) continue;
    const r = stripCombiningMarksSlow(String.fromCharCode(c));
    t[c] = r.length === 1 ? (r.charCodeAt(0) === c ? -1 : r.charCodeAt(0)) : -2;
  }
  return (STRIP_TABLE = t);
}

/** Removes every combining mark (tones, circumflex, breve, horn); đ stays đ: "Đường" → "Đuong". */
export function stripCombiningMarks(s: string): string {
  // Most words are ASCII or Vietnamese letters: one table look-up per character instead of two
  // normalisations and a regular expression (it ran for every token the repair looked at).
  const t = stripTable();
  let out: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const m = c < 0x1f00 ? t[c]! : -2;
    if (m === -1) {
      if (out !== null) out += s[i];
    } else if (m >= 0) {
      out ??= s.slice(0, i);
      out += String.fromCharCode(m);
    } else return stripCombiningMarksSlow(s);
  }
  return out ?? s;
}

/** Removes tone and vowel marks, đ → d: "Đường" → "Duong". The syllable model's definition. */
export function stripMarks(s: string): string {
  return stripCombiningMarks(s).replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** The word without its tone mark, vowel marks kept: "hóa" → "hoa", "thủy" → "thuy", "tọa" → "toa". */
export function stripTones(w: string): string {
  return w.normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}
