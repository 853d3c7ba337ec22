import type { DocType, SectionKind } from '../../schemas/index.ts';
import { containsPhrase, editDistance, foldedWords } from './text.ts';

/**
 * Heading words per kind, folded (no marks, lower case), most specific first: "tổ chức thực hiện"
 * must win over "thực hiện", "nhiệm vụ trọng tâm" over "nhiệm vụ".
 */
const RULES: [SectionKind, string[]][] = [
  ['organization', ['to chuc thuc hien', 'phan cong nhiem vu', 'phan cong thuc hien', 'phan cong trach nhiem', 'phan cong', 'trach nhiem thuc hien', 'to chuc trien khai thuc hien', 'trach nhiem cua cac']],
  ['funding', ['kinh phi', 'nguon kinh phi', 'du toan', 'nguon luc thuc hien']],
  ['next_steps', ['nhiem vu trong tam', 'phuong huong', 'nhiem vu giai phap thoi gian toi', 'thoi gian toi', 'nam toi', 'ke hoach thoi gian toi', 'nhiem vu tiep theo', 'giai phap trong thoi gian toi']],
  ['targets', ['chi tieu', 'muc tieu cu the', 'cac chi tieu']],
  ['situation', ['dac diem', 'tinh hinh', 'thuc trang', 'boi canh']],
  ['results', ['ket qua']],
  ['assessment', ['danh gia', 'uu diem', 'ton tai', 'han che', 'nguyen nhan', 'bai hoc kinh nghiem', 'khuyet diem', 'kho khan', 'vuong mac']],
  ['timeline', ['thoi gian', 'tien do', 'lo trinh', 'thoi han']],
  ['purpose', ['muc dich', 'yeu cau', 'muc tieu', 'quan diem']],
  ['content', ['noi dung', 'nhiem vu', 'giai phap', 'hinh thuc', 'cac hoat dong', 'hoat dong', 'bien phap', 'phuong thuc']],
];

/** A compact phrase within a few edits of some stretch of the compact heading. */
function nearSubstring(compact: string, phrase: string): boolean {
  const allowed = Math.max(1, Math.floor(phrase.length / 6));
  for (let len = phrase.length - allowed; len <= phrase.length + allowed; len++) {
    for (let at = 0; at + len <= compact.length; at++) {
      if (editDistance(compact.slice(at, at + len), phrase, allowed) <= allowed) return true;
    }
  }
  return false;
}

/**
 * Kind of a section from its heading; unknown headings are "other". `deep` adds a slower pass
 * for top-level headings that OCR split and damaged at once ("TÔ CHÂU C THỰC HIỆN").
 */
export function classifyHeading(heading: string, docType: DocType = 'other', deep = false): SectionKind {
  const words = foldedWords(heading);
  if (words.length === 0) return 'other';
  const compact = words.join('');
  const passes: ((p: string) => boolean)[] = [
    (p) => containsPhrase(words, p, false),
    (p) => containsPhrase(words, p, true),
    // OCR splits or glues words ("TỜ CHỮ C THỰC HIỆN"): compare without spaces.
    (p) => p.length >= 8 && compact.includes(p.replace(/ /g, '')),
  ];
  if (deep) passes.push((p) => p.replace(/ /g, '').length >= 10 && nearSubstring(compact, p.replace(/ /g, '')));
  for (const pass of passes) {
    for (const [kind, phrases] of RULES) {
      if (phrases.some(pass)) {
        // A plan's "nhiệm vụ trọng tâm" is its content; only reports look ahead.
        if (kind === 'next_steps' && docType !== 'bao_cao') return 'content';
        return kind;
      }
    }
  }
  return 'other';
}
