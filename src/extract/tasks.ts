import type { ColumnRole, LineSpan, SectionNode, TableBlock, TableRow, Task } from '../../schemas/index.ts';
import { foldVietnamese, upperShare } from '../segment/text.ts';
import { intToRoman, parseMarker, romanToInt } from '../segment/markers.ts';
import { findDates } from './dates.ts';
import { curlyQuotes, firstSentence, squash, stripEndPunct } from './text.ts';
import { parseAssignment, splitUnits, subjectUnit } from './units.ts';
import { unitName } from './organization.ts';
import { isUnitHeading } from '../segment/kinds.ts';
import { UNIT_OPENING } from '../gazetteer/units.ts';
import { cellShape, ELIDED_GROUP } from '../segment/tables.ts';

const NUMBERED = new Set(['arabic', 'decimal', 'paren', 'letter']);
/**
 * Sub-headings naming the goals ("1. Mục tiêu") are not tasks; other labels in a task section are
 * leaves like any item (gold/real/NOTES.md: "Thời gian thực hiện", "Kinh phí thực hiện").
 */
const GOAL_KINDS = new Set(['purpose', 'targets']);

/** Numbered items with no numbered children (the group headings "1. Truyền thông…" are not tasks). */
export function numberedLeaves(nodes: SectionNode[]): SectionNode[] {
  const out: SectionNode[] = [];
  for (const n of nodes) {
    if (!NUMBERED.has(n.marker)) continue;
    const inner = numberedLeaves(n.children);
    if (inner.length) out.push(...inner);
    else out.push(n);
  }
  return out;
}

export type LabelKind = 'lead' | 'partner' | 'timeline';

/** "Đơn vị chủ trì:", "Cơ quan phối hợp:", "Thời gian thực hiện:" … at the start of a (bulleted) line. */
export function labelOf(line: string): { kind: LabelKind; value: string } | null {
  const body = line.replace(/^\s*[-–+·•*]\s*/, '');
  let colon = body.indexOf(':');
  if (colon < 0 || colon > 60) {
    // OCR may turn the colon into ";" or "." (or drop it) after an unmistakable label.
    const m = /^((?:đơn vị|cơ quan|don vi|co quan)\s+(?:chủ trì|phối hợp|chu tri|phoi hop)(?:\s+(?:tham mưu|thực hiện|tham muu|thuc hien))?|thời gian thực hiện|thoi gian thuc hien)\s*[;.,]?\s+/iu.exec(body);
    // Without a real separator the value must look like a name or a time ("Phòng …", "Thường xuyên").
    if (!m || !/^\p{Lu}/u.test(body.slice(m[0].length))) return null;
    colon = m[1].length;
    return labelOf(`${body.slice(0, colon)}: ${body.slice(m[0].length)}`);
  }
  const label = foldVietnamese(body.slice(0, colon));
  if (label.split(' ').length > 7) return null;
  const value = body.slice(colon + 1).trim();
  // "phù hợp" in a label slot is the repair stage's reading of "phối hợp".
  if (/\bphoi hop\b/.test(label) || /\b(don vi|co quan) ph\w{0,2} hop\b/.test(label)) return { kind: 'partner', value };
  if (/\b(chu tri|tham muu thuc hien|don vi thuc hien|co quan thuc hien|don vi tham muu)\b/.test(label)) return { kind: 'lead', value };
  if (/\b(thoi gian|thoi han|tien do)\b/.test(label)) return { kind: 'timeline', value };
  return null;
}

/** Label values with their wrapped continuation lines, over 1-based lines [start, end]. */
export function labelledValues(lines: string[], start: number, end: number): { kind: LabelKind; value: string; line: number }[] {
  const out: { kind: LabelKind; value: string; line: number }[] = [];
  let cur: { kind: LabelKind; value: string; line: number } | null = null;
  // a label with nothing after its colon lists its values as the bullets under it
  let listKind: LabelKind | null = null;
  for (let n = start; n <= end; n++) {
    const t = (lines[n - 1] ?? '').trim();
    if (!t) continue;
    const mk = parseMarker(t);
    if (listKind && mk?.marker === 'bullet' && !labelOf(t)) {
      cur = { kind: listKind, value: mk.rest, line: n };
      out.push(cur);
      continue;
    }
    listKind = null;
    // Several labels may share a line: "Đơn vị chủ trì: Sở Y tế. Đơn vị phối hợp: UBND các xã", and
    // they may follow the item's own sentence: "1. Rà soát … . Chủ trì: Phòng Kinh tế; thời gian: …"
    const pieces = t.split(/(?<=[.;])\s+(?=[^.:;]{3,40}:)/u).map((p) => ({ p, l: labelOf(p) }));
    const first = pieces.findIndex((x) => x.l);
    if (first >= 0) {
      for (const { l } of pieces.slice(first)) {
        if (l) {
          cur = { ...l, line: n };
          out.push(cur);
        } else break;
      }
      if (cur && cur.value === '') listKind = cur.kind;
      continue;
    }
    if (cur && !parseMarker(t) && !/[.;]$/.test(cur.value)) cur.value = `${cur.value} ${t}`;
    else cur = null;
  }
  return out;
}

/**
 * The completion clause of an item: "hoàn thành trước ngày 30/6/2026", "thời hạn: trong tháng 9",
 * "thời gian hoàn thành xong trước 15/10". One vocabulary for cutting it from the title and for
 * reading it as the timeline.
 */
const COMPLETION_WORDS = String.raw`(?:thời gian hoàn thành|thời hạn hoàn thành|thời hạn|hoàn thành)\s*:?\s*`;
const COMPLETION_TIME = String.raw`(?:trong|trước|vào|chậm nhất|xong trước)(?![\p{L}])`;
/** "…; hoàn thành trước ngày 30/6/2026." ending the item's heading: its timeline, not its title. */
const COMPLETION_TAIL = new RegExp(String.raw`[;,]\s*${COMPLETION_WORDS}${COMPLETION_TIME}[^.;()]*[.;]?\s*$`, 'iu');
/** The same clause anywhere in the item's sentence (after punctuation or at its start): group 1 is the timeline. */
const COMPLETION_CLAUSE = new RegExp(String.raw`(?:^|[;,.]\s*)${COMPLETION_WORDS}(${COMPLETION_TIME}[^.;()]+)`, 'iu');

/** Lower-case verbs that end a unit name inside a task sentence ("… phối hợp với các thôn tuyên truyền …"). */
const TASK_VERBS = 'tổ chức|thực hiện|triển khai|tham mưu|xây dựng|hoàn thành|rà soát|tuyên truyền|kiểm tra|hướng dẫn|theo dõi|đôn đốc|vận động|tổng hợp|báo cáo|phổ biến|thống kê|giám sát|chuẩn bị|bố trí|cập nhật|phát động|duy trì|đẩy mạnh|tăng cường|bảo đảm|đảm bảo|lập|tập huấn|điều tra';

/** The role words of an assignment written into a task's sentence: who leads, who assists. */
const LEAD_ROLE = 'chủ trì';
const PARTNER_ROLE = 'phối hợp';

/** "Công an xã chủ trì", "Giao Hội Phụ nữ phối hợp": the unit before the verb, without "giao". */
const LEAD_BEFORE_VERB = new RegExp(String.raw`^(?:giao\s+)?(\p{Lu}[^]{1,80}?)\s+${LEAD_ROLE}$`, 'iu');
const PARTNER_BEFORE_VERB = new RegExp(String.raw`^(?:giao\s+)?(\p{Lu}[^]{1,80}?)\s+${PARTNER_ROLE}$`, 'iu');

/** "Giao X chủ trì, phối hợp với Y <verb> …": X the lead, Y the partners up to the next task verb. */
const ASSIGNED_IN_SENTENCE = new RegExp(String.raw`(?:^|[.;:]\s*|\bgiao\s+)(\p{Lu}[^.;:()]{1,80}?)\s+${LEAD_ROLE}(?:,?\s+${PARTNER_ROLE}(?:\s+với)?\s+([^.;()]{3,150}?))?(?=\s+(?:${TASK_VERBS})(?![\p{L}])|[.;()]|$)`, 'u');

/** A closing parenthesis that assigns the item: "(Công an xã chủ trì, hoàn thành trong Quý III/2026)". */
const ROLE_PARENTHESIS = new RegExp(String.raw`\s*\(([^()]*(?:${LEAD_ROLE}|${PARTNER_ROLE}|thời gian|hoàn thành)[^()]*)\)\s*[.;]?\s*$`, 'iu');

/**
 * Who leads, who assists and when, written into the item's sentence instead of labelled lines:
 * "Giao Công an xã chủ trì, phối hợp với Đoàn Thanh niên thực hiện", "(Công an xã chủ trì, Hội Phụ
 * nữ phối hợp, hoàn thành trong Quý III/2026)", "(chủ trì: Công an xã; thời gian: tháng 6/2026)".
 */
export function inlineRoles(text: string): { lead: string[]; partner: string[]; timeline: string | null } {
  const lead: string[] = [];
  const partner: string[] = [];
  let timeline: string | null = null;
  const paren = ROLE_PARENTHESIS.exec(text);
  const clauses = paren ? paren[1].split(/[;,]\s*/u) : [];
  // labels inside the parenthesis
  for (const c of clauses) {
    const l = labelOf(c);
    if (l?.kind === 'lead') lead.push(l.value);
    else if (l?.kind === 'partner') partner.push(l.value);
    else if (l?.kind === 'timeline') timeline ??= stripEndPunct(l.value);
  }
  const unitBefore = (clause: string, re: RegExp) => re.exec(clause.trim())?.[1].replace(/^giao\s+/iu, '') ?? null;
  if (!lead.length && !partner.length) {
    for (const c of clauses) {
      const x = unitBefore(c, LEAD_BEFORE_VERB);
      const y = unitBefore(c, PARTNER_BEFORE_VERB);
      const when = /^(?:hoàn thành|thực hiện|triển khai)\s+((?:trong|trước|vào|từ|đến)(?![\p{L}]).+)$/iu.exec(c.trim());
      if (x) lead.push(x);
      else if (y) partner.push(y);
      else if (when) timeline ??= stripEndPunct(when[1]);
    }
  }
  if (!lead.length) {
    // "Giao X chủ trì, phối hợp với Y tổ chức thực hiện"
    const m = ASSIGNED_IN_SENTENCE.exec(text);
    if (m) {
      lead.push(m[1].replace(/^giao\s+/iu, ''));
      if (m[2] && !partner.length) partner.push(m[2]);
    }
  }
  if (timeline === null) {
    // "…; hoàn thành trước ngày 30/9/2026." closing the item's sentence
    const when = COMPLETION_CLAUSE.exec(text);
    if (when) timeline = stripEndPunct(squash(when[1]));
  }
  return { lead, partner, timeline };
}

/** Title of an item: its heading, cut to the first sentence, or before a ": Capital" run-in. */
export function taskTitle(heading: string): string {
  // (the time in a closing bracket is the task's timeline, see phaseOf)
  const h = squash(heading).replace(ROLE_PARENTHESIS, '').replace(COMPLETION_TAIL, '');
  const time = timeBracket(h);
  let t = firstSentence(time ? h.slice(0, time.at) : h);
  const runIn = /^(.{5,}?):\s+[\p{Lu}\d]/u.exec(t);
  if (runIn && runIn[1].split(' ').length >= 2) t = runIn[1];
  return curlyQuotes(t.replace(/[:;,]+$/, '').trim());
}

function uniq(xs: string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = foldVietnamese(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** "Quý 11/2026" as OCR reads "Quý II/2026": a quarter is I–IV, so ones are the roman I. */
export function cleanTimeline(t: string): string {
  return t.replace(/^[“"'‘’.,:;]+\s*/u, '').replace(/\b(Quý|quý|QUÝ)\s+([1lI|]{1,3}|[1lI|]?V)(?=\b|\/)/gu, (_m, q: string, n: string) => `${q} ${n.replace(/[1l|]/g, 'I')}`);
}

/** The date a timeline is due: the one after "đến/trước/chậm nhất" in a range, else the first. */
export function dueDate(timeline: string): string | null {
  const dates = findDates(timeline);
  if (!dates.length) return null;
  const end = dates.find((d) => /(đến|trước|chậm nhất|hoàn thành|hạn)\s*(ngày)?\s*$/iu.test(timeline.slice(Math.max(0, d.index - 20), d.index)));
  if (end) return end.iso;
  // "từ ngày 01/3/2026 đến ngày bầu cử": a start is not when the work is due
  if (/(?:^|[\s(])từ\s*(?:ngày\s*)?$/iu.test(timeline.slice(Math.max(0, dates[0].index - 12), dates[0].index)) && /\sđến\s/iu.test(timeline)) return null;
  return dates[0].iso;
}

/** Numbered leaves with the numbered items above them (nearest last). */
function leavesWithPath(nodes: SectionNode[], path: SectionNode[] = []): { leaf: SectionNode; path: SectionNode[] }[] {
  const out: { leaf: SectionNode; path: SectionNode[] }[] = [];
  for (const n of nodes) {
    if (!NUMBERED.has(n.marker)) continue;
    const inner = leavesWithPath(n.children, [...path, n]);
    if (inner.length) out.push(...inner);
    else out.push({ leaf: n, path });
  }
  return out;
}

/** A phase a group of activities is planned for: "Giai đoạn 2028 - 2030", "Năm 2026", "Đợt 2 (tháng 5/2026)", "(2025 - 2026)". */
export function phaseOf(heading: string): string | null {
  const h = squash(heading).replace(/[:.]+$/, '');
  if (/^(?:giai đoạn|năm|đợt|quý|từ năm|từ tháng)\s/iu.test(h) && /(?:19|20)\d{2}|\d/.test(h) && h.split(' ').length <= 12) return h;
  const bracket = timeBracket(h);
  return bracket ? squash(bracket.time.replace(/\s*([-–])\s*/g, ' $1 ')) : null;
}

/**
 * A closing bracket that is only a time: "(2025 - 2026)", "(2026 trở đi)", "(xuyên suốt 2025 -
 * 2035)"; a citation in brackets ("(theo Quyết định số … năm 2025)") is none. `at` is where it opens.
 */
function timeBracket(h: string): { time: string; at: number } | null {
  const m = /\(\s*([^()]{0,30}?(?:19|20)\d{2}[^()]{0,20}?)\s*\)[.;]?\s*$/iu.exec(h);
  if (!m || m[1].split(/\s+/).length > 6 || /(?:^|\s)(?:số|theo|của|tại|kèm|ban hành)(?:\s|$)/iu.test(m[1])) return null;
  return { time: m[1], at: m.index };
}

/** The lines an item holds before its first sub-item. */
function ownLines(n: SectionNode): [number, number] {
  return [n.startLine, (n.children[0]?.startLine ?? n.endLine + 1) - 1];
}

/** Lead and partner units of labelled lines: "X chủ trì, phối hợp với Y" and "X <verb> …" sentences read too. */
function labelUnits(labels: { kind: LabelKind; value: string }[]): { lead: string[]; partner: string[] } {
  const lead: string[] = [];
  const partner: string[] = [];
  for (const l of labels) {
    if (l.kind === 'timeline') continue;
    const assigned = l.kind === 'lead' ? parseAssignment(l.value) : null;
    if (assigned) {
      lead.push(...assigned.lead);
      partner.push(...assigned.partner);
      continue;
    }
    // "X tiến hành …; các sở, ngành và UBND các xã rà soát …": the subject of each clause
    for (const clause of l.value.split(/\s*;\s*/)) {
      const subject = subjectUnit(clause);
      (l.kind === 'lead' ? lead : partner).push(...splitUnits(subject ?? clause));
    }
  }
  return { lead: uniq(lead), partner: uniq(partner) };
}

export function extractTasks(lines: string[], sections: SectionNode[], taskKinds: Set<string>, tables: TableBlock[] = []): { tasks: Task[]; spans: LineSpan[] } {
  const tasks: Task[] = [];
  const spans: LineSpan[] = [];
  for (const s of sections) {
    if (!taskKinds.has(s.kind)) continue;
    for (const { leaf, path } of leavesWithPath(s.children)) {
      // Goal sub-headings ("1. Mục tiêu") and items that only hold a task table are not tasks themselves.
      if (GOAL_KINDS.has(leaf.kind) && leaf.heading.split(' ').length <= 4) continue;
      if (lines.slice(leaf.startLine - 1, leaf.endLine).some((l) => proseTableHeader(l)) || tables.some((t) => t.startLine >= leaf.startLine && t.startLine <= leaf.endLine + 1)) continue;
      // A content section divided by unit ("1. Sở Y tế" / "a) Chủ trì …"): the unit leads its items.
      const unitNode = [...path, leaf].reverse().find((n) => isUnitHeading(n.heading, UNIT_OPENING) && !labelOf(n.heading));
      const labels = labelledValues(lines, leaf.startLine, leaf.endLine);
      let { lead, partner } = labelUnits(labels);
      const timelines = labels.filter((l) => l.kind === 'timeline').map((l) => cleanTimeline(stripEndPunct(squash(l.value)).replace(/\.$/, '')));
      let timeline = timelines.length ? timelines.join('; ') : null;
      if (!lead.length && !partner.length && !timeline) {
        const roles = inlineRoles(squash(lines.slice(leaf.startLine - 1, leaf.endLine).join(' ')));
        lead = uniq(roles.lead.flatMap((u) => splitUnits(u)));
        partner = uniq(roles.partner.flatMap((u) => splitUnits(u)));
        timeline = roles.timeline;
      }
      if (!lead.length && unitNode) lead = uniq(splitUnits(unitName(unitNode.heading)));
      // A time printed once for a group applies to each of its items: a timeline line among the
      // group's own lines, or the phase the group (or the item itself) is planned for.
      if (timeline === null) {
        for (const n of [leaf, ...[...path].reverse()]) {
          const [a, b] = ownLines(n);
          const own = n === leaf ? [] : labelledValues(lines, a, b).filter((l) => l.kind === 'timeline');
          if (own.length) {
            timeline = own.map((l) => cleanTimeline(stripEndPunct(squash(l.value)))).join('; ');
            break;
          }
          const phase = phaseOf(n.heading);
          if (phase) {
            timeline = phase;
            break;
          }
        }
      }
      const due = timeline ? dueDate(timeline) : null;
      // lettered items are numbered under their parent ("1.a", "3.2.b")
      const parent = [...path].reverse().find((n) => n.marker !== 'letter');
      const numbering = leaf.numbering.replace(/\.$/, '');
      // a unit heading with a paragraph under it: the task is the paragraph's first sentence
      let heading = leaf.heading;
      if (unitNode === leaf) {
        const body = squash(lines.slice(leaf.startLine, leaf.endLine).filter((l) => !labelOf(l)).join(' '));
        if (body) heading = body;
      }
      tasks.push({
        section_numbering: s.numbering || null,
        numbering: leaf.marker === 'letter' && parent ? `${parent.numbering.replace(/\.$/, '')}.${numbering}` : numbering,
        title: taskTitle(heading),
        lead_units: lead,
        partner_units: partner,
        timeline,
        due_date: due,
      });
      spans.push({ start: leaf.startLine, end: leaf.endLine });
    }
  }
  return { tasks, spans };
}

/** The group numeral after this one: "II" → "III", "B" → "C", "" → "I". */
function nextGroupNumeral(g: string): string {
  if (!g) return 'I';
  const r = romanToInt(g);
  if (r !== null) return intToRoman(r + 1);
  if (/^[A-Z]$/.test(g)) return String.fromCharCode(g.charCodeAt(0) + 1);
  return g;
}

/** The numeral of a group an excerpt left out: the one before the next printed group, else the one after `prev`. */
function elidedGroupNumeral(later: string[], prev: string): string {
  const next = later.map(romanToInt).find((v) => v !== null);
  return next && next > 1 ? intToRoman(next - 1) : nextGroupNumeral(prev);
}

/** A table is a task table when it says what is done and who or when: one task per row. */
export function isTaskTable(t: TableBlock): boolean {
  const roles = new Set(t.columns.map((c) => c.role));
  return roles.has('title') && !roles.has('target') && (roles.has('lead') || roles.has('partner') || roles.has('timeline'));
}

/** The text of the first column with this role (cell paragraphs joined). */
function cellOf(t: TableBlock, row: TableRow, role: ColumnRole): string {
  const k = t.columns.findIndex((c) => c.role === role);
  return k >= 0 ? row.cells[k] ?? '' : '';
}

/** Unit cells: paragraphs and ";" separate units, and so does "," before a new unit. */
function cellUnits(t: TableBlock, row: TableRow, role: ColumnRole): string[] {
  const out: string[] = [];
  t.columns.forEach((c, k) => {
    if (c.role === role) out.push(...(row.cells[k] ?? '').split('\n').map((l) => l.replace(/^[-+•·]\s*/, '')).flatMap((l) => splitUnits(l)));
  });
  return uniq(out);
}

/**
 * Tasks from task tables (gold/real/NOTES.md): one task per row, numbered as printed, with the
 * group numeral in front when numbering restarts under each group row ("II.3"); a row without a
 * number under a numbered row is merged into it (units joined). `sectionOf` says which section a
 * table belongs to: its numbering, "Phụ lục" for an appendix, or null when it gives no tasks.
 */
export function extractTableTasks(tables: TableBlock[], sectionOf: (t: TableBlock) => string | null): { tasks: Task[]; spans: LineSpan[] } {
  const tasks: Task[] = [];
  const spans: LineSpan[] = [];
  for (const t of tables) {
    if (!isTaskTable(t)) continue;
    const section = sectionOf(t);
    if (section === null) continue;
    const numberCol = t.columns.findIndex((c) => c.role === 'number');
    const num = (r: TableRow) => (numberCol >= 0 ? (r.cells[numberCol] ?? '').trim().replace(/[.)]$/, '') : '');
    // numbering restarts per group when a group's first row repeats a number seen before it
    const seen = new Set<string>();
    let restarts = false;
    for (const r of t.rows) {
      if (r.group) continue;
      const n = num(r);
      if (n && seen.has(n)) restarts = true;
      if (n) seen.add(n);
    }
    let group = '';
    let last: Task | null = null;
    for (const [x, r] of t.rows.entries()) {
      if (r.group) {
        // a group numeral OCR damaged ("Hội" between "II" and "IV") is the one the sequence expects;
        // a group an excerpt left out is the one before the next printed group
        const g = num(r);
        // a roman numeral that does not go forward ("I" again after I) lost strokes to OCR: the next one
        const backwards = romanToInt(g) !== null && romanToInt(group) !== null && romanToInt(g)! <= romanToInt(group)!;
        group = /^(?:[IVXL]+|[A-ZĐ])$/.test(g) && !backwards ? g : g === ELIDED_GROUP ? elidedGroupNumeral(t.rows.slice(x + 1).map(num), group) : g ? nextGroupNumeral(group) : group;
        last = null;
        continue;
      }
      const n = num(r);
      const lead = cellUnits(t, r, 'lead');
      const partner = cellUnits(t, r, 'partner');
      const time = squash(cellOf(t, r, 'timeline').replace(/\n/g, '; '));
      if (!n && last) {
        // an unnumbered row under a numbered one: its units join that task's
        last.lead_units = uniq([...last.lead_units, ...lead]);
        last.partner_units = uniq([...last.partner_units, ...partner]);
        spans[spans.length - 1].end = r.endLine;
        continue;
      }
      // the cell's first paragraph: its lines up to the first bullet (OCR wraps a long cell over lines)
      // (a line that reads as a unit or a time is another cell the alignment could not place: the title ends before it)
      const all = cellOf(t, r, 'title').split('\n').filter((l) => l.trim());
      const foreign = all.findIndex((l, x) => x > 0 && (cellShape(l) === 'unit' || cellShape(l) === 'time'));
      const paragraphs = foreign > 0 ? all.slice(0, foreign) : all;
      const bullet = paragraphs.findIndex((l, x) => x > 0 && /^[-+•·*]\s*\S/.test(l.trim()));
      const titleCell = (bullet > 0 ? paragraphs.slice(0, bullet) : paragraphs.slice(0, 1).concat(t.layout === 'cells' || t.layout === 'ingest' ? paragraphs.slice(1) : [])).join(' ');
      const title = curlyQuotes(squash(titleCell).replace(/[\s.;:,]+$/, ''));
      if (!title) continue;
      const timeline = cleanTimeline(stripEndPunct(time)) || null;
      const task: Task = {
        section_numbering: section,
        numbering: restarts && group && n ? `${group}.${n}` : n,
        title,
        lead_units: lead,
        partner_units: partner,
        timeline,
        due_date: timeline ? dueDate(timeline) : null,
      };
      tasks.push(task);
      spans.push({ start: r.startLine, end: r.endLine });
      last = task;
    }
  }
  return { tasks, spans };
}

/** A task table's header row whose tab stops OCR lost ("TT Nội dung Đơn vị chủ trì Đơn vị phối hợp Thời gian"). */
export function proseTableHeader(line: string): { lead: boolean; partner: boolean } | null {
  const f = foldVietnamese(line);
  if (!/^s?tt\b/.test(f) || !/\b(?:noi dung|nhiem vu|cong viec|hoat dong)\b/.test(f)) return null;
  const lead = /\bchu tri\b/.test(f);
  const partner = /\bphoi hop\b/.test(f);
  return lead || partner ? { lead, partner } : null;
}

/** Capitalised words that open a unit cell, unless a connector ties them to the words before. */
const CELL_HEAD = /(?<![\p{L}\p{N}])(Văn phòng|Phòng|Trung tâm|Công an|UBND|Ủy ban|Uỷ ban|Trạm|Đoàn|Hội|Ban|Các|Sở|Tổ|Trường|Đảng ủy|Thôn|Ấp|Bộ|Chi cục|Bưu điện|Chi bộ|Chi đoàn|Thư viện|Liên hiệp|Hiệp hội|Hội đồng|Báo|Đài)(?![\p{L}\p{N}])/gu;
const CONNECTOR = /(?:^|\s)(cho|của|với|và|tại|về|các|thuộc|trên|đến|giữa|thành|là|từ)\s*$/iu;
const TIME_CELL = /(?:^|\s)((?:Trước|Quý|Tháng|Năm|Thường xuyên|Từ|Hoàn thành|Dự kiến|Ngày|Hằng|Hàng)(?![\p{L}]).*)$/u;

/** Cells of a row whose tab stops OCR lost: number, title, unit cells, time cell. */
export function splitProseRow(row: string): { numbering: string; title: string; units: string[]; timeline: string | null } | null {
  const m = /^\s*(\d{1,2})\s*[°º.)]?\s+(\S.*)$/u.exec(row);
  if (!m) return null;
  const text = squash(m[2]);
  const heads: number[] = [];
  for (const h of text.matchAll(CELL_HEAD)) {
    const at = h.index ?? 0;
    if (at === 0 || CONNECTOR.test(text.slice(0, at))) continue;
    heads.push(at);
  }
  if (!heads.length) return null;
  const title = text.slice(0, heads[0]).replace(/[\s\-~–.,;:]+$/u, '').trim();
  let rest = text.slice(heads[0]);
  let timeline: string | null = null;
  const extra: string[] = [];
  const time = TIME_CELL.exec(rest);
  if (time && time.index > 0) {
    timeline = stripEndPunct(time[1]);
    rest = rest.slice(0, time.index);
    // a unit of the next (unnumbered) row after the time cell ("Trước ngày 15/5/2026 Chi đoàn thôn …")
    const after = [...timeline.matchAll(CELL_HEAD)].find((h) => (h.index ?? 0) > 0 && !CONNECTOR.test(timeline!.slice(0, h.index)) && /\d/.test(timeline!.slice(0, h.index)));
    if (after) {
      extra.push(timeline.slice(after.index).replace(/[\s\-~–.,;:]+$/u, '').trim());
      timeline = stripEndPunct(timeline.slice(0, after.index));
    }
  }
  const cuts = heads.map((h) => h - heads[0]).filter((h) => h < rest.length);
  const units = [...cuts.map((c, k) => rest.slice(c, cuts[k + 1] ?? rest.length).replace(/[\s\-~–.,;:]+$/u, '').trim()), ...extra].filter(Boolean);
  return title ? { numbering: m[1], title, units, timeline } : null;
}

/** Tasks from task tables whose columns OCR flattened into prose lines (see splitProseRow). */
export function extractProseTableTasks(lines: string[], ranges: { start: number; end: number; section: string | null }[]): { tasks: Task[]; spans: LineSpan[] } {
  const tasks: Task[] = [];
  const spans: LineSpan[] = [];
  for (const r of ranges) {
    let header: { lead: boolean; partner: boolean } | null = null;
    let row: { text: string; start: number; end: number } | null = null;
    // group rows ("A - CÁC CHI BỘ THÔN") and whether numbering restarts under them
    let group = '';
    let groups = 0;
    const seen = new Set<string>();
    const pending: { task: Task; group: string }[] = [];
    const flush = () => {
      if (!row || !header) return;
      const cells = splitProseRow(row.text);
      if (cells) {
        const [first, ...others] = cells.units;
        const lead = header.lead ? (first ? splitUnits(first) : []) : [];
        const partner = header.partner ? (header.lead ? others : cells.units).flatMap((u) => splitUnits(u)) : [];
        const timeline = cells.timeline ? cleanTimeline(cells.timeline) : null;
        const task: Task = { section_numbering: r.section, numbering: cells.numbering, title: taskTitle(cells.title), lead_units: uniq(lead), partner_units: uniq(partner), timeline, due_date: timeline ? dueDate(timeline) : null };
        if (seen.has(cells.numbering)) groups = Math.max(groups, 2);
        seen.add(cells.numbering);
        tasks.push(task);
        pending.push({ task, group });
        spans.push({ start: row.start, end: row.end });
      }
      row = null;
    };
    for (let n = r.start; n <= r.end; n++) {
      const t = (lines[n - 1] ?? '').trim();
      if (!header) {
        if (!t) continue;
        // a header row OCR wrapped over two lines
        const own = proseTableHeader(t);
        const joined = proseTableHeader(`${t} ${(lines[n] ?? '').trim()}`);
        const count = (h: { lead: boolean; partner: boolean } | null) => (h ? Number(h.lead) + Number(h.partner) : -1);
        header = count(joined) > count(own) ? joined : own;
        if (header && header === joined) n++;
        continue;
      }
      if (!t) continue;
      // a capitalised group row: the rows under it are its own
      if (upperShare(t) > 0.8 && t.split(/\s+/).length >= 3 && !/^\d/.test(t)) {
        flush();
        const mark = /^([IVX]{1,4}|[A-ZĐ])(?=[\s.\-–:)])/u.exec(t)?.[1];
        group = mark ?? String.fromCharCode(65 + groups);
        groups++;
        continue;
      }
      const mk = parseMarker(t);
      if (/^\d{1,2}\s*[°º.)]?\s+\S/u.test(t) && !(mk && mk.marker === 'decimal')) {
        flush();
        row = { text: t, start: n, end: n };
      } else if (row && !mk) {
        row.text += ` ${t}`;
        row.end = n;
      } else if (!row) continue;
      else {
        flush();
        break;
      }
    }
    flush();
    // numbering that restarts under each group takes the group in front ("B.1")
    if (groups >= 2 && new Set(pending.map((p) => p.task.numbering)).size < pending.length) {
      for (const p of pending) if (p.group) p.task.numbering = `${p.group}.${p.task.numbering}`;
    }
  }
  return { tasks, spans };
}
