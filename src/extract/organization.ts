import type { LineSpan, Responsibility, SectionNode } from '../../schemas/index.ts';
import { REQUEST_OPENING, UNIT_OPENING } from '../gazetteer/units.ts';
import type { Layout } from '../segment/index.ts';
import { isUnitHeading, namedKinds } from '../segment/kinds.ts';
import { parseMarker } from '../segment/markers.ts';
import { endsClause, foldVietnamese, startsUpper } from '../segment/text.ts';
import { labelOf } from './tasks.ts';
import { squash } from './text.ts';
import { activeSubject, respellUnit, subjectUnit } from './units.ts';

const NUMBERED = new Set(['arabic', 'decimal', 'paren', 'letter']);
/** A heading that introduces the bullets under it ("… thực hiện các nội dung sau"): a clause about its subject, not a unit's name. */
const INTRODUCES_LIST = /(?:sau|như sau|cụ thể|gồm)$/u;

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
    .replace(REQUEST_OPENING, '')
    // "Trách nhiệm của cơ sở được kiểm tra": the unit is whose duty it is
    .replace(/^(?:trách nhiệm|nhiệm vụ)\s+của\s+/iu, '')
    .replace(/[.:;,\s]+$/, '')
    .replace(/,(?=\S)/g, ', ');
  const out = respellUnit(name);
  return out.charAt(0).toLocaleUpperCase('vi') + out.slice(1);
}

/**
 * Duties under a unit heading in a one-paragraph-per-line text: its top-level bullets and the
 * unbulleted duty paragraphs between them (some lose their "-" in the source), not the lines that
 * only state a time ("Thời gian thực hiện: …") and not sub-items of a bullet ("+", "(1)").
 */
function dutyParagraphs(lines: string[], a: number, b: number): number {
  let count = 0;
  let top: string | null = null;
  for (let n = a; n <= b; n++) {
    const t = (lines[n - 1] ?? '').trim();
    if (!t || labelOf(t)?.kind === 'timeline') continue;
    const mk = parseMarker(t);
    if (mk?.marker === 'bullet') {
      top ??= mk.numbering;
      if (mk.numbering === top) count++;
      continue;
    }
    if (mk) continue;
    count++;
  }
  return count;
}

/** A unit heading wrapped onto the next line ("… Hội Cựu" / "chiến binh xã và …") before its bullets. */
function wrappedHeading(lines: string[], u: SectionNode): { heading: string; used: number } {
  if (u.startLine + 1 > u.endLine) return { heading: u.heading, used: 0 };
  const next = (lines[u.startLine] ?? '').trim();
  const after = (lines[u.startLine + 1] ?? '').trim();
  if (next && !parseMarker(next) && !/[.;:]$/.test(u.heading) && !/[.;]$/.test(next) && next.split(/\s+/).length <= 12 && parseMarker(after)?.marker === 'bullet') {
    return { heading: `${u.heading} ${next}`, used: 1 };
  }
  return { heading: u.heading, used: 0 };
}

/** Offset of the first colon not inside parentheses, or -1. */
function colonOutsideBrackets(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth = Math.max(0, depth - 1);
    else if (s[i] === ':' && depth === 0) return i;
  }
  return -1;
}

/** A numbered item that names a unit: a unit heading, or a short label without a verb-led sentence. */
function namesUnit(heading: string): boolean {
  const h = heading.replace(/:.*$/u, '');
  return isUnitHeading(h, UNIT_OPENING) && subjectUnit(heading) === null;
}

/**
 * Units under "Tổ chức thực hiện" and how many duties each gets (gold/real/NOTES.md): one entry per
 * unit heading with its bullets (else paragraphs); where the items are sentences without unit
 * headings, the sentence's subject is the unit and each sentence one duty; a numbered group whose
 * items are units is looked into.
 */
export function extractResponsibilities(lines: string[], sections: SectionNode[], layout: Layout): { items: Responsibility[]; spans: LineSpan[] } {
  const items: Responsibility[] = [];
  const spans: LineSpan[] = [];
  const add = (unit: string, duties: number, span: LineSpan) => {
    const key = foldVietnamese(unit);
    const same = items.findIndex((x) => foldVietnamese(x.unit) === key);
    if (same >= 0) {
      items[same].duties += duties;
      spans[same].end = Math.max(spans[same].end, span.end);
      return;
    }
    items.push({ unit, duties });
    spans.push(span);
  };
  const fromSentence = (text: string, span: LineSpan): boolean => {
    const subject = subjectUnit(text);
    if (!subject) return false;
    add(unitName(subject), 1, span);
    return true;
  };
  // a section whose numbered items mostly name units (headings, or sentences about a unit)
  let unitDivided = false;
  const visit = (u: SectionNode) => {
    const numbered = u.children.filter((c) => NUMBERED.has(c.marker));
    // a group of unit items ("1. Nhiệm vụ của thành viên Ban Chỉ đạo" / "1.1. Trưởng Ban Chỉ đạo" …)
    if (numbered.length >= 2 && numbered.filter((c) => namesUnit(c.heading)).length * 2 >= numbered.length) {
      for (const c of numbered) visit(c);
      return;
    }
    const span = { start: u.startLine, end: u.endLine };
    const { heading, used } = wrappedHeading(lines, u);
    // "1. Trạm Y tế phường: là cơ quan thường trực…": the unit before the colon, its duty after it
    // (a colon inside a parenthesis, "(gồm các phòng: Kinh tế, …)", is part of the name).
    const colon = colonOutsideBrackets(heading);
    const runIn = colon >= 0 ? [heading, heading.slice(0, colon), heading.slice(colon + 1).trim()] : null;
    const hasBullets = u.children.some((c) => c.marker === 'bullet');
    const named =
      // (a sentence before the colon, "Sở X chỉ đạo Chi cục Y thực hiện các nội dung sau:", is about its subject)
      runIn && runIn[1].split(' ').length <= 30 && isUnitHeading(runIn[1].replace(/\([^()]*\)/g, ' '), UNIT_OPENING) ? subjectUnit(runIn[1]) ?? runIn[1]
      : namesUnit(heading) ? heading
      // a heading over its duties, not a sentence: "Các phòng, ban được giao chủ trì … của Đề án"
      : hasBullets && UNIT_OPENING.test(heading) && !/[.]$/.test(heading) && heading.replace(/\([^()]*\)/g, ' ').trim().split(/\s+/).length <= 30 ? (INTRODUCES_LIST.test(heading) ? activeSubject(heading) : null) ?? heading
      // a short label that is no section topic ("S6 Y tế" as OCR leaves "Sở Y tế")
      // (a topic, "Chế độ thông tin, báo cáo", is none)
      : heading.split(' ').length <= 8 && !/[.]$/.test(heading) && !subjectUnit(heading) && namedKinds(heading).length === 0 && hasBullets ? heading
      : null;
    if (named !== null) {
      const bullets = u.children.filter((c) => c.marker === 'bullet');
      const hl = headingLines(lines, u.startLine, u.heading.length + u.numbering.length + 2) + used;
      let duties: number;
      if (layout.paragraphPerLine) duties = dutyParagraphs(lines, u.startLine + hl, u.endLine);
      else duties = bullets.length || countParagraphs(lines, u.startLine + hl, u.endLine, layout);
      if (duties === 0 && runIn?.[2]) duties = 1;
      add(unitName(named), duties, span);
      return;
    }
    // a sentence: its subject is the unit, the sentence one duty
    if (fromSentence(heading, span)) return;
    // a topic among unit headings ("7. Cơ chế phối hợp và trách nhiệm giải trình") assigns no one
    if (unitDivided) return;
    // a sub-heading ("Trách nhiệm thực hiện") over duty sentences: one entry per sentence's subject
    for (const c of u.children) if (c.marker === 'bullet' || NUMBERED.has(c.marker)) fromSentence(c.heading, { start: c.startLine, end: c.endLine });
  };
  for (const s of sections) {
    if (s.kind !== 'organization') continue;
    const units = s.children.filter((c) => NUMBERED.has(c.marker));
    if (units.length) {
      unitDivided = units.filter((u) => namesUnit(u.heading.replace(/:.*$/u, '')) || subjectUnit(u.heading) !== null).length * 2 > units.length;
      for (const u of units) visit(u);
      continue;
    }
    // Bulleted "- Phòng Văn hóa - Xã hội: chủ trì …" layouts: the unit is the text before the colon;
    // bulleted sentences: their subjects.
    for (const c of s.children) {
      if (c.marker !== 'bullet') continue;
      const m = /^(.{3,90}?):\s/u.exec(c.heading);
      if (m && m[1].split(' ').length <= 12 && startsUpper(m[1])) {
        add(unitName(m[1]), Math.max(1, c.children.filter((x) => x.marker === 'bullet').length), { start: c.startLine, end: c.endLine });
        continue;
      }
      fromSentence(c.heading, { start: c.startLine, end: c.endLine });
    }
  }
  return { items, spans };
}
