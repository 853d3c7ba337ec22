/**
 * Roman-numeral section headings as OCR reads them: "I1." → "II.", "I11." → "III.", "1V." → "IV.",
 * and, with the Vietnamese model, "IH." → "III.", "H." → "II.", "L" → "I.".
 * Only the first token of a line is considered; a run of "1"s alone ("11.", "111.") is read as a roman
 * numeral only when the rest of the line is an upper-case heading, since "11." is also an Arabic item.
 */
import { distance } from 'fastest-levenshtein';

const ROMAN = /^(?:X{0,2})(?:IX|IV|V?I{0,3})$/;
const LOOKALIKE = /^[IVXl1|]+$/;

function isUpperHeading(rest: string): boolean {
  const letters = [...rest].filter((c) => c.toLowerCase() !== c.toUpperCase());
  return letters.length >= 3 && letters.every((c) => c === c.toUpperCase());
}

/**
 * The Vietnamese-model OCR reads the strokes of a bold numeral as letters: "IH." and "HI." for III.,
 * "H." for II., "L" for I. Only before an upper-case heading.
 */
function repairLetterNumeral(token: string, line: string): string | null {
  if (!/[HL]/.test(token)) return null;
  const m = /^([IVXHLl1|]{1,3})([.,)]?)$/u.exec(token);
  if (!m || !isUpperHeading(line.trim().slice(token.length))) return null;
  const fixed = m[1].replace(/H/g, 'II').replace(/[Ll1|]/g, 'I');
  if (fixed.length > 4 || !ROMAN.test(fixed)) return null;
  return fixed + (m[2] === ')' ? ')' : '.');
}

/** The repaired first token, or null when it is not a mangled roman numeral. */
export function repairRomanHeading(token: string, line: string): string | null {
  const letters = repairLetterNumeral(token, line);
  if (letters !== null) return letters;
  const m = /^([IVXl1|]+)([.)])$/.exec(token);
  if (!m || !LOOKALIKE.test(m[1]) || m[1].length > 4) return null;
  const body = m[1];
  if (/^[IVX]+$/.test(body)) return null; // already roman
  const hasRoman = /[IVX]/.test(body);
  if (!hasRoman) {
    if (body.length < 2 || !/^1+$/.test(body)) return null;
    const rest = line.trim().slice(token.length);
    if (!isUpperHeading(rest)) return null;
  }
  const fixed = body.replace(/[l1|]/g, 'I');
  if (!ROMAN.test(fixed) || fixed.length === 0) return null;
  return fixed + m[2];
}

const ROMAN_VALUES: [string, number][] = [['X', 10], ['IX', 9], ['V', 5], ['IV', 4], ['I', 1]];

/** 1..39 as a roman numeral. */
export function toRoman(n: number): string {
  let out = '';
  for (const [s, v] of ROMAN_VALUES) while (n >= v) { out += s; n -= v; }
  return out;
}

/** The value of a roman numeral (I–XXXIX), or null. */
function romanValue(s: string): number | null {
  if (!s || !ROMAN.test(s)) return null;
  let n = 0, rest = s;
  for (const [r, v] of ROMAN_VALUES) while (rest.startsWith(r)) { n += v; rest = rest.slice(r.length); }
  return rest === '' && n > 0 ? n : null;
}

/** A heading's first token that may be a roman numeral as OCR read it: its strokes (I, V, X) and the mark. */
const NUMERAL_TOKEN = /^([IVXivxlL1|H]{1,5})([.,:)]?)$/u;

/**
 * The top-level headings of a document are numbered I., II., III. … in order: where OCR lost or added a
 * stroke ("II." read for III. after II., "1" for I. before II., "lv." for IV.), the numeral the order
 * asks for is put back. A heading is a line whose first token may be a numeral and whose rest is in
 * capitals; a numeral is mended only when it is one stroke from the one expected and the next heading
 * then follows in order (the last heading: when it repeats the one before), so a document numbered
 * 1., 2., 3., an appendix that starts again at I., or headings after one OCR lost are left alone.
 * Returns the mended first token per line index.
 */
export function romanSequence(lines: readonly string[]): Map<number, string> {
  const out = new Map<number, string>();
  const heads: { line: number; token: string; body: string; mark: string; value: number | null }[] = [];
  lines.forEach((l, i) => {
    const t = l.trim();
    const token = /^\S+/u.exec(t)?.[0] ?? '';
    const m = NUMERAL_TOKEN.exec(token);
    if (!m || !isUpperHeading(t.slice(token.length))) return;
    const body = m[1].replace(/H/g, 'II').replace(/[iLl1|]/g, 'I').replace(/v/g, 'V').replace(/x/g, 'X');
    heads.push({ line: i, token, body, mark: m[2], value: /[IVX]/.test(m[1]) || m[2] ? romanValue(body) : null });
  });
  const put = (h: (typeof heads)[number], n: number) => {
    const fixed = toRoman(n) + (h.mark === ')' ? ')' : '.');
    if (fixed !== h.token) out.set(h.line, fixed);
  };
  let prev = 0;
  heads.forEach((h, k) => {
    const expected = prev + 1;
    // in order ("lv." read for IV.: its strokes written as they are printed), or an appendix starting again
    if (h.value === expected || (h.value === 1 && prev > 1)) {
      if (h.value === expected && (/[IVX]/.test(h.token) || k > 0 || heads[k + 1]?.value === expected + 1)) put(h, h.value);
      prev = h.value;
      return;
    }
    // a numeral unreadable as one ("1", "1L") or repeating the last (two "II." cannot both be right),
    // one stroke from the numeral expected, which the next heading then follows (the last heading: when
    // it repeats); a heading OCR lost altogether leaves the numbers after it as they were read
    // (a numeral read well but out of order, "II." first where I. was lost, "VI." after IV., stays)
    const next = heads[k + 1];
    const repeat = k > 0 && h.value === prev;
    const confirmed = (h.value === null || repeat) && (next !== undefined ? next.value === expected + 1 : repeat);
    if (distance(h.body, toRoman(expected)) <= 1 && confirmed) {
      put(h, expected);
      prev = expected;
    } else prev = h.value ?? expected; // (a heading whose number cannot be read still takes its place)
  });
  return out;
}
