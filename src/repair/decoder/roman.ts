/**
 * Roman-numeral section headings as OCR reads them: "I1." → "II.", "I11." → "III.", "1V." → "IV.",
 * and, with the Vietnamese model, "IH." → "III.", "H." → "II.", "L" → "I.".
 * Only the first token of a line is considered; a run of "1"s alone ("11.", "111.") is read as a roman
 * numeral only when the rest of the line is an upper-case heading, since "11." is also an Arabic item.
 */
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
