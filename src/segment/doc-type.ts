import type { DocType } from '../../schemas/index.ts';
import { foldVietnamese } from './text.ts';

const TYPE_WORDS: [string, DocType][] = [
  ['ke hoach', 'ke_hoach'],
  ['bao cao', 'bao_cao'],
  ['quyet dinh', 'quyet_dinh'],
  ['cong van', 'cong_van'],
  ['thong bao', 'thong_bao'],
  ['to trinh', 'other'],
  ['chuong trinh', 'other'],
  ['huong dan', 'other'],
  ['nghi quyet', 'other'],
  ['chi thi', 'other'],
];

/** Abbreviations in document numbers ("08/KH-UBND", "316/BC-UBND"). */
const NUMBER_CODES: [RegExp, DocType][] = [
  [/\/\s*KH\b/, 'ke_hoach'],
  [/\/\s*BC\b/, 'bao_cao'],
  [/\/\s*Q[ĐD](?![\p{L}\p{N}])/u, 'quyet_dinh'],
  [/\/\s*TB\b/, 'thong_bao'],
  [/\/\s*(CV|UBND-)/, 'cong_van'],
];

export interface DocTypeHit {
  docType: DocType;
  /** 0-based index of the line that names the type, -1 when inferred. */
  lineIndex: number;
}

/** A line that is only a document-type word (the "KẾ HOẠCH" line above the title), with OCR fuzz. */
export function docTypeOfLine(line: string): DocType | null {
  const f = foldVietnamese(line);
  if (!f || f.length > 14) return null;
  for (const [word, type] of TYPE_WORDS) if (f === word) return type;
  // OCR: "ke hoach" read as "k hoach", "ke hoac"; accept one edit on the 2-word forms.
  const compact = f.replace(/ /g, '');
  for (const [word, type] of TYPE_WORDS) {
    const w = word.replace(/ /g, '');
    if (Math.abs(compact.length - w.length) <= 1 && levenshtein1(compact, w)) return type;
  }
  return null;
}

/**
 * A type line with the title run into it ("KẾ HOẠCH TRIỂN KHAI … NĂM 2026", sometimes with the
 * preamble after it: "… NĂM 2026 Thực hiện Kế hoạch số …"), as text copied out of a PDF joins them:
 * the capitalised type word, then at least three capitalised words. Returns the type and the rest.
 */
export function typeLineWithTitle(line: string): { docType: DocType; rest: string } | null {
  // (not the issuer column OCR put beside the type word: "THÔNG BÁO UBND XÃ …")
  // (OCR may leave specks before the type word: "_ KẾ HOẠCH …")
  const m = /^[^\p{L}]*(\p{Lu}+\s+\p{Lu}+)\s+(?!(?:UBND|ỦY BAN|UỶ BAN|UY BAN|ĐẢNG|CỘNG|HỘI ĐỒNG)\b)((?:\p{Lu}[\p{Lu}\d,.;:/“”"-]*\s+){2}\p{Lu}.*)$/u.exec(line.trim());
  if (!m) return null;
  const type = TYPE_WORDS.find(([w]) => w === foldVietnamese(m[1]));
  return type ? { docType: type[1], rest: m[2] } : null;
}

function levenshtein1(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { i++; j++; continue; }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else { i++; j++; }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/**
 * The document type: a type line near the top (only capitalised lines count), else the number's
 * abbreviation, else the closing "Trên đây là Kế hoạch …".
 */
export function detectDocType(lines: string[]): DocTypeHit {
  const head = Math.min(lines.length, 40);
  for (let i = 0; i < head; i++) {
    // OCR may leave specks before the type word (": : BÁO CÁO").
    const t = lines[i].trim().replace(/^[^\p{L}]+/u, '');
    if (!t || !/^\p{Lu}/u.test(t)) continue;
    // OCR of a two-column header can put the issuer/motto column after the type word on one line
    // ("THÔNG BÁO UBND XÃ MỸ YÊN CỘNG HÒA"); the type word then stands first, before an issuer word.
    const glued = /^(\S+\s+\S+)\s+(?:UBND|ỦY BAN|UỶ BAN|UY BAN|ĐẢNG|CỘNG|HỘI ĐỒNG)\b/u.exec(t);
    const type = docTypeOfLine(t) ?? (glued && /^\p{Lu}+\s+\p{Lu}+$/u.test(glued[1]) ? docTypeOfLine(glued[1]) : null) ?? typeLineWithTitle(t)?.docType ?? null;
    if (type && /\p{Lu}{2,}/u.test(t.replace(/\s/g, ''))) return { docType: type, lineIndex: i };
  }
  for (let i = 0; i < Math.min(lines.length, 15); i++) {
    if (!/s[ốoô6ộồé]\s*[:.]/i.test(lines[i]) && !/^\s*[S$]\S{0,2}\s*:/.test(lines[i])) continue;
    for (const [re, type] of NUMBER_CODES) if (re.test(lines[i])) return { docType: type, lineIndex: -1 };
  }
  for (let i = lines.length - 1; i >= 0; i--) {
    const f = foldVietnamese(lines[i]);
    const m = /\btren (?:day )?la (?:ban )?([a-z]+ [a-z]+)/.exec(f);
    if (m) {
      for (const [word, type] of TYPE_WORDS) if (m[1] === word) return { docType: type, lineIndex: -1 };
    }
  }
  return { docType: 'other', lineIndex: -1 };
}
