import type { LineSpan, SectionNode } from '../../schemas/index.ts';
import { foldVietnamese } from '../segment/text.ts';
import { joinLines, squash } from './text.ts';

const SOURCE_WORD = /(ngân sách|nguồn|kinh phí|chương trình|xã hội hóa|xã hội hoá|tài trợ|đóng góp|vốn|quỹ)/iu;

/** Funding sources named in a funding statement, one per listed source. */
export function fundingSources(text: string): string[] {
  const body = text.replace(/\((?:nếu có)\)/giu, '').replace(/\s+/g, ' ');
  const pieces = body
    .split(/;|\.\s|,\s*(?=(?:kinh phí|nguồn|từ|huy động|các nguồn|ngân sách|các chương trình|và từ)(?![\p{L}\p{N}]))|\s+và\s+(?=(?:từ\s+)?(?:các\s+)?nguồn(?![\p{L}\p{N}]))/iu)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  for (let p of pieces) {
    // Lead-in "Kinh phí thực hiện Kế hoạch này được bố trí từ …".
    p = p.replace(/^.*?(?<![\p{L}\p{N}])(?:được\s+)?(?:bố trí|bảo đảm|đảm bảo|sử dụng|lấy)\s+(?:từ|trong|bằng)\s+/iu, '');
    // "Kinh phí tổ chức hội nghị do ngân sách xã bảo đảm": the source between "do" and the verb
    const by = /(?<![\p{L}\p{N}])do\s+((?:ngân sách|nguồn|quỹ|kinh phí)[^.;]*?)\s+(?:bảo đảm|đảm bảo|chi trả|cấp|chi|hỗ trợ|bố trí)(?![\p{L}\p{N}])/iu.exec(p);
    if (by) p = by[1];
    p = p.replace(/^kinh phí(?:\s+(?:thực hiện|triển khai|tổ chức))?(?:\s+(?:kế hoạch|phong trào|chương trình)(?:\s+này)?)?\s+(?:từ|trong|bằng|do)\s+/iu, '');
    p = p.replace(/^(?:và\s+)?(?:huy động\s+)?(?:từ\s+)/iu, '');
    const m = SOURCE_WORD.exec(p);
    if (!m) continue;
    p = p.slice(m.index);
    p = p.replace(/\s+(?:theo\s+(?:phân cấp|quy định)|của các cơ quan, đơn vị|hiện hành).*$/iu, '');
    p = squash(p).replace(/[.,;:]+$/, '');
    if (/^kinh phí (thực hiện|triển khai)\s+(kế hoạch|phong trào)/iu.test(p)) continue;
    if (p.split(' ').length >= 2 && !out.some((o) => foldVietnamese(o) === foldVietnamese(p))) out.push(p);
  }
  return out;
}

export function extractFunding(lines: string[], sections: SectionNode[]): { present: boolean; sources: string[]; span: LineSpan | null } {
  const sec = sections.find((s) => s.kind === 'funding');
  if (sec) {
    const j = joinLines(lines, sec.startLine + 1, sec.endLine);
    return { present: true, sources: fundingSources(j.text), span: { start: sec.startLine, end: sec.endLine } };
  }
  // A funding statement inside another section ("Kinh phí thực hiện … được bố trí từ …").
  for (const s of sections) {
    for (let n = s.startLine; n <= s.endLine; n++) {
      const t = (lines[n - 1] ?? '').replace(/^\s*[-+·•\d.)]+\s*/, '');
      if (/^(?:nguồn\s+)?kinh phí\s+(?:thực hiện|triển khai|tổ chức)/iu.test(t)) {
        let end = n;
        while (end < s.endLine && (lines[end] ?? '').trim() && !/[.;]\s*$/.test(lines[end - 1])) end++;
        const text = joinLines(lines, n, end).text;
        if (/(?<![\p{L}\p{N}])(từ|bố trí|nguồn|ngân sách|dự toán)(?![\p{L}\p{N}])/iu.test(text)) return { present: true, sources: fundingSources(text), span: { start: n, end } };
      }
    }
  }
  return { present: false, sources: [], span: null };
}
