import type { LineSpan, Responsibility, SectionNode } from '../../schemas/index.ts';
import type { Layout } from '../segment/index.ts';
import { endsClause, startsUpper } from '../segment/text.ts';
import { squash } from './text.ts';
import { respellUnit } from './units.ts';

const NUMBERED = new Set(['arabic', 'decimal', 'paren', 'letter']);

/** Lines (1-based) a heading of `chars` characters occupies from `start`. */
function headingLines(lines: string[], start: number, chars: number): number {
  let used = 0;
  let n = start;
  while (n <= lines.length && used < chars - 2) {
    used += (lines[n - 1] ?? '').trim().length + 1;
    n++;
  }
  return Math.max(1, n - start);
}

/** Paragraphs in lines [a, b]: a new one starts on a capital after a clause end or a blank line. */
export function countParagraphs(lines: string[], a: number, b: number, layout: Layout): number {
  let count = 0;
  let prev = '';
  let blank = false;
  for (let n = a; n <= b; n++) {
    const t = (lines[n - 1] ?? '').trim();
    if (!t) {
      blank = true;
      continue;
    }
    if (layout.paragraphPerLine || !prev || (startsUpper(t) && (endsClause(prev) || blank))) count++;
    prev = t;
    blank = false;
  }
  return count;
}

export function unitName(heading: string): string {
  const name = squash(heading)
    .replace(/^đề nghị\s+/iu, '')
    // "Đề nghị" as OCR may leave it ("Pộ nghị", "Dé nghi").
    .replace(/^\p{L}{1,3}\s+ngh[iịíìỉĩ]\s+(?=\p{Lu})/u, '')
    .replace(/[.:;,\s]+$/, '')
    .replace(/,(?=\S)/g, ', ');
  return respellUnit(name);
}

/** Units under "Tổ chức thực hiện" and how many duties (bullets, else paragraphs) each gets. */
export function extractResponsibilities(lines: string[], sections: SectionNode[], layout: Layout): { items: Responsibility[]; spans: LineSpan[] } {
  const items: Responsibility[] = [];
  const spans: LineSpan[] = [];
  for (const s of sections) {
    if (s.kind !== 'organization') continue;
    const units = s.children.filter((c) => NUMBERED.has(c.marker));
    if (units.length) {
      for (const u of units) {
        const bullets = u.children.filter((c) => c.marker === 'bullet');
        const hl = headingLines(lines, u.startLine, u.heading.length + u.numbering.length + 2);
        let duties = bullets.length;
        if (duties === 0) duties = countParagraphs(lines, u.startLine + hl, u.endLine, layout);
        // "1. Trạm Y tế phường: là cơ quan thường trực…": the unit before the colon, its duty after it.
        const runIn = /^(.{3,90}?):\s*(\S.*)?$/u.exec(u.heading);
        let unit = u.heading;
        if (runIn && runIn[1].split(' ').length <= 12) {
          unit = runIn[1];
          if (duties === 0 && runIn[2]) duties = 1;
        }
        items.push({ unit: unitName(unit), duties });
        spans.push({ start: u.startLine, end: u.endLine });
      }
      continue;
    }
    // Bulleted "- Phòng Văn hóa - Xã hội: chủ trì …" layouts: the unit is the text before the colon.
    for (const c of s.children) {
      if (c.marker !== 'bullet') continue;
      const m = /^(.{3,90}?):\s/u.exec(c.heading);
      if (!m || m[1].split(' ').length > 12 || !startsUpper(m[1])) continue;
      items.push({ unit: unitName(m[1]), duties: Math.max(1, c.children.filter((x) => x.marker === 'bullet').length) });
      spans.push({ start: c.startLine, end: c.endLine });
    }
  }
  return { items, spans };
}
