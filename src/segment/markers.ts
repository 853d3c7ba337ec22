import type { MarkerType } from '../../schemas/index.ts';
import { upperShare } from './text.ts';
import { stripCombiningMarks } from '../vietnamese/marks.ts';

export interface ParsedMarker {
  marker: MarkerType;
  /** Normalised numbering ("II", "2.1", "(1)", "a", "-"). */
  numbering: string;
  /** Roman value, arabic value or first decimal component (0 for bullets). */
  value: number;
  /** Decimal depth: 1 for "2.", 2 for "2.1." ... */
  depth: number;
  /** The text after the marker. */
  rest: string;
  /** The roman form came from OCR digits ("I11.", "111.") or a lost "I": only trusted in sequence. */
  doubtful: boolean;
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };

export function romanToInt(s: string): number | null {
  if (!/^[IVXL]+$/.test(s)) return null;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i]];
    const next = ROMAN_VALUES[s[i + 1]] ?? 0;
    total += v < next ? -v : v;
  }
  return intToRoman(total) === s ? total : null;
}

export function intToRoman(n: number): string {
  const table: [number, string][] = [[50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, r] of table) while (n >= v) { out += r; n -= v; }
  return out;
}

const BULLET = /^\s*([-–—+·•*●▪○◦_])\s*(?=\S)/;

/**
 * Recognises the numbering at the start of a line, tolerant of OCR: roman numerals written with
 * 1/l/| for I ("I1.", "111.", "II1."), a lost leading I (". MUC DICH"), arabic, decimal, (1), a), bullets.
 */
export function parseMarker(rawLine: string): ParsedMarker | null {
  // (OCR specks before an item number or a section numeral: "~4.Sở Nội vụ", "'2. …", "'III. LỘ TRÌNH")
  // (and "_a) Hoạt động": a low dash glued to a letter item is a speck, not a bullet)
  const line = rawLine.replace(/^\s+/, '').replace(/^[~'`‘’]+\s*(?=\d|[IVX]{1,4}\s*[.)]\s*\p{Lu})|^[_~'`‘’](?=[a-zđ]\)\s*\p{Lu})/u, '');
  if (!line) return null;

  // "PHẦN I. …", "Phần thứ hai: …" (reports often split into parts).
  // (the numeral is a word of its own: "Phan Văn Lực" is a signer, not "PHẦN V")
  const part = /^(?:PHẦN|Phần|PHAN|Phan)\s+(thứ\s+\p{L}+|THỨ\s+\p{L}+|[IVX]+|\d{1,2})(?![\p{L}\p{N}])\s*[.:\-–]?\s*(.*)$/u.exec(line);
  if (/^(?:PHẦN|Phần|PHAN)\s*[.:]?\s*$/u.test(line)) {
    // "PHẦN" whose numeral OCR lost: numbered by the sequence.
    return { marker: 'roman', numbering: '?', value: 0, depth: 0, rest: '', doubtful: true };
  }
  if (part) {
    const ord = ['nhất', 'hai', 'ba', 'tư', 'năm', 'sáu', 'bảy'];
    const token = part[1].toLowerCase().replace(/^thứ\s+/, '');
    const value = /^\d+$/.test(token) ? Number(token) : romanToInt(token.toUpperCase()) ?? ord.indexOf(token) + 1;
    if (value > 0) return { marker: 'roman', numbering: intToRoman(value), value, depth: 0, rest: part[2].trim(), doubtful: false };
  }

  // A numeral alone on its line ("II."): the heading follows on the next line.
  const bare = /^([IVXl1|]{1,6})\s*[.)]?\s*$/.exec(line);
  const bareValue = bare && /[IVX]/.test(bare[1]) ? romanToInt(bare[1].replace(/[l1|]/g, 'I')) : null;
  if (bare && bareValue !== null) {
    return { marker: 'roman', numbering: bare[1].replace(/[l1|]/g, 'I'), value: bareValue, depth: 0, rest: '', doubtful: true };
  }

  // Roman: letters I V X with OCR digit/letter confusions, followed by "." or ")" and text.
  // A lone "L." is an OCR'd "I." (L is never a section numeral in these documents).
  const roman = /^([IVXl1|v]{1,6}|L)\s*[.)]\s*(?=\S)(.*)$/.exec(line);
  if (roman && !/^v+$/.test(roman[1])) {
    const token = roman[1].replace(/v/g, 'V').replace(/^L$/, 'l');
    const rest = roman[2];
    // a lone "|." or "l." is an OCR'd "I." (roman) or "1." (arabic): the outline decides which
    const hasRomanLetter = /[IVX]/.test(token) || roman[1] === 'L' || /^[|l]$/.test(roman[1]);
    let norm = token.replace(/[l1|]/g, 'I');
    const damaged = token !== roman[1];
    let value = romanToInt(norm);
    // "Vv." is an OCR echo of "V." (VV is no numeral); doubtful, so only trusted in sequence.
    if (value === null && /Vv/.test(roman[1])) value = romanToInt((norm = norm.replace('VV', 'V')));
    const capsRest = upperShare(rest.replace(/\([^()]*\)/g, ' ')) > 0.7;
    // "1." is arabic; "11."/"111." are arabic unless the heading is in capitals (OCR of II./III.).
    const digitsOnly = /^[1]+$/.test(token);
    if (value !== null && !/^\d/.test(rest) && (hasRomanLetter || (digitsOnly && token.length >= 2 && capsRest))) {
      return { marker: 'roman', numbering: norm, value, depth: 0, rest: rest.trim(), doubtful: damaged || !/^[IVX]+$/.test(token) };
    }
  }

  // A numeral the repair stage took for a syllable ("VÌ.", "VŨ."): folded it is still roman-like,
  // and only a capitalised heading after it counts. Trusted only where the sequence expects it.
  // The dot may be lost too ("II NỘI DUNG THỰC HIỆN").
  const wordLike = /^(\p{Lu}{1,4})\s*\.?\s+(\p{Lu}.{3,})$/u.exec(line);
  if (wordLike && upperShare(wordLike[2]) > 0.8) {
    const folded = stripCombiningMarks(wordLike[1]).toUpperCase();
    // Also a numeral OCR read as a short word ("VÀ" for "VI."): only as '?' and only in sequence.
    if ((/^[IVXUL]+$/.test(folded) && /[IVX]/.test(folded)) || (/^[IVX][A-Z]{0,2}$/.test(folded) && wordLike[1].length <= 3)) {
      const v = romanToInt(folded);
      // value -1: a word, not a numeral shape; trusted only after earlier sections.
      const value = v ?? (/^[IVXUL]+$/.test(folded) ? 0 : -1);
      return { marker: 'roman', numbering: v ? folded : '?', value, depth: 0, rest: wordLike[2].trim(), doubtful: true };
    }
  }

  // A heading whose "I" was lost: ". MUC DICH" (capitals right after a leading dot).
  const lost = /^[.,:]\s*(\p{Lu}[\p{L}\s,\-–]{3,})$/u.exec(line);
  if (lost && upperShare(lost[1]) > 0.8) {
    return { marker: 'roman', numbering: '?', value: 0, depth: 0, rest: lost[1].trim(), doubtful: true };
  }

  // OCR reads a "1" of decimal numbering as I or l ("I.1.", "2.l."), and its inner dot as a hyphen
  // or a comma ("2-1. Mở rộng …": the item's closing dot and a capital after it say it is numbering).
  const decimal = /^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*[.)]?\s+(?=\S)(.*)$/.exec(line.replace(/^(\d{1,2})[-,](\d{1,2})(?=\.\s+\p{Lu})/u, '$1.$2').replace(/^([\dIl]{1,2}(?:\.[\dIl]{1,2}){1,3})(?=[.\s)])/, (m) => (/\d/.test(m) && m.includes('.') ? m.replace(/[Il]/g, '1') : m)));
  if (decimal && !/^\d{1,2}\.\d{3}/.test(line)) {
    const parts = decimal[1].split('.');
    return { marker: 'decimal', numbering: decimal[1], value: Number(parts[0]), depth: parts.length, rest: decimal[2].trim(), doubtful: false };
  }

  const arabic = /^(\d{1,2})\s*[.)]\s*(?=[^\d\s/])(.*)$/.exec(line);
  if (arabic && !/^\d{1,2}[.)]\d/.test(line)) {
    // (and a speck after it: "2.'Sở Tài chính …", "1..Các cơ quan …")
    return { marker: 'arabic', numbering: arabic[1], value: Number(arabic[1]), depth: 1, rest: arabic[2].trim().replace(/^['`.]\s*(?=\p{Lu})/u, ''), doubtful: false };
  }

  const paren = /^\((\d{1,2})\)\s*(?=\S)(.*)$/.exec(line);
  if (paren) return { marker: 'paren', numbering: `(${paren[1]})`, value: Number(paren[1]), depth: 1, rest: paren[2].trim(), doubtful: false };

  // ("€)" / "©)": a "c)" the OCR read as a symbol; the item sequence corrects c against e)
  const letter = /^([a-zđ])\s*\)\s*(?=\S)(.*)$/.exec(line.replace(/^[€©¢](?=\)\s*\p{Lu})/u, 'c'));
  if (letter) return { marker: 'letter', numbering: letter[1], value: letter[1].charCodeAt(0) - 96, depth: 1, rest: letter[2].trim(), doubtful: false };

  const bullet = BULLET.exec(line);
  if (bullet) {
    const rest = line.slice(bullet[0].length).trim();
    // "- 2030" (a wrapped year range) is not a bullet; "- 70% hộ gia đình" is.
    // ("_" is how OCR reads a dash printed low: the same bullet)
    if (rest && !/^\d{4}(?!\s*%)(?![\d.,])/.test(rest) && !/^\d+[/-]\d/.test(rest)) return { marker: 'bullet', numbering: bullet[1] === '_' ? '-' : bullet[1], value: 0, depth: 1, rest, doubtful: false };
  }
  return null;
}

/** Stack key for the outline: items of the same style are siblings. */
export function styleKey(m: ParsedMarker): string {
  if (m.marker === 'decimal') return `decimal${m.depth}`;
  if (m.marker === 'bullet') return `bullet${m.numbering === '+' ? '+' : m.numbering === '·' || m.numbering === '•' || m.numbering === '●' ? '·' : '-'}`;
  return m.marker;
}
