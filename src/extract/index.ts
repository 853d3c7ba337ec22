import type { Reference, SectionNode, SegmentedDocument } from '../../schemas/index.ts';
import { Extraction } from '../../schemas/index.ts';
import { detectDocType, detectLayout, isClosingLine } from '../segment/index.ts';
import { readClosing } from './closing.ts';
import { extractDeadlines } from './deadlines.ts';
import { extractFunding } from './funding.ts';
import { extractMeta, findTitle, parseDocNumber, parsePlaceDate } from './meta.ts';
import { extractResponsibilities } from './organization.ts';
import { extractReferences, numberKey } from './references.ts';
import { extractTableTargets, extractTargets, yearOfHeading, type TargetScope } from './targets.ts';
import { extractProseTableTasks, extractTableTasks, extractTasks } from './tasks.ts';
import { joinLines } from './text.ts';
import { editDistance, foldVietnamese } from '../segment/text.ts';

export { splitUnits } from './units.ts';

/** Sections whose tables report what was done, not what is to be done. */
const NO_TASK_TABLES = new Set(['situation', 'results', 'assessment']);

/** Headings of rules and technical requirements: their figures are thresholds, not targets. */
// (award rules too: "KHEN THƯỞNG" sets quotas, "tối đa 05 tập thể", not goals)
const RULE_HEADING = /\b(?:quy dinh|quy che|the le|dieu kien|tieu chuan|yeu cau ky thuat|tieu chi|khen thuong)\b/;

/** Sections whose quantities are results or facts, not targets. */
const NO_TARGETS = new Set(['situation', 'results', 'assessment', 'organization', 'funding']);

/**
 * 1-based first and last line of the body: after the header (number, place-date, title) and up to
 * the last section, or, without sections (letters, notices), up to the closing paragraph or "Nơi nhận".
 */
export function bodyBounds(lines: string[], sections: SectionNode[], typeLine: number, preambleEnd: number): { bodyStart: number; bodyEnd: number } {
  let bodyEnd = sections.length ? Math.max(...sections.map((s) => s.endLine)) : lines.length;
  if (!sections.length) {
    const close = lines.findIndex((l, i) => i > Math.max(0, typeLine) && isClosingLine(l));
    if (close > 0) bodyEnd = close;
  }
  let bodyStart = Math.max(typeLine + 2, 1);
  for (let i = 0; i < Math.min(lines.length, 15); i++) if (parseDocNumber(lines[i]) || parsePlaceDate(lines[i])) bodyStart = Math.max(bodyStart, i + 2);
  for (const n of findTitle(lines, typeLine, preambleEnd).lines) bodyStart = Math.max(bodyStart, n + 1);
  return { bodyStart, bodyEnd };
}

/**
 * 0-based index of the last body line of a decision whose plan starts at `attached`: the line before
 * its closing ("Nơi nhận", the signature), else before the attached plan.
 */
function decisionBodyEnd(lines: string[], typeLine: number, attached: number): number {
  for (let i = typeLine + 1; i < attached; i++) if (isClosingLine(lines[i])) return i - 1;
  return attached - 1;
}

/** Drops the first citation found on the header's "Số:" line: the document's own number. */
function dropOwnNumber(r: ReturnType<typeof extractReferences>, headerLines: Set<number>): ReturnType<typeof extractReferences> {
  const own = r.spans.findIndex((span) => headerLines.has(span.start));
  if (own < 0) return r;
  return { references: r.references.filter((_, k) => k !== own), spans: r.spans.filter((_, k) => k !== own) };
}

/**
 * A citation of the document itself ("(Kèm theo Kế hoạch số 03/KH-BCĐ …)"): its own number, also
 * when OCR damaged one of the two copies ("03/KH-BCHb") — the same serial, and the same date or a
 * code a couple of letters apart.
 */
function isOwnNumber(r: Reference, own: string | null, issued: string | null): boolean {
  if (!own) return false;
  const a = numberKey(r.number);
  const b = numberKey(own);
  if (a === b) return true;
  const serial = (k: string) => /^\d+/.exec(k)?.[0] ?? '';
  if (!serial(a) || serial(a) !== serial(b)) return false;
  return (issued !== null && r.date === issued) || editDistance(a, b, 2) <= 2;
}

/** The latest full date among these, or null. */
function latestDate(dates: (string | null)[]): string | null {
  return dates.filter((d): d is string => d !== null && d.length === 10).sort().pop() ?? null;
}

/** SegmentedDocument → the SCHEMA.md record with line-span provenance, validated. */
export function extractRecord(seg: SegmentedDocument): Extraction {
  const lines = seg.lines;
  const { docType, lineIndex } = detectDocType(lines);
  const layout = detectLayout(lines);
  const sections = seg.sections;
  const { bodyStart, bodyEnd } = bodyBounds(lines, sections, lineIndex, seg.preambleEnd);
  // Deadlines and targets of a document without sections are read from its whole body.
  const scanned: SectionNode[] = sections.length
    ? sections
    : bodyEnd >= bodyStart ? [{ numbering: '', marker: 'none', heading: '', kind: 'other', level: 0, startLine: bodyStart, endLine: bodyEnd, children: [] }] : [];

  // A decision issuing a plan signs and sends before the plan begins: its closing block ends there.
  const attached = seg.attachmentStart ?? null;
  const decisionEnd = attached !== null ? decisionBodyEnd(lines, lineIndex, attached) : null;
  const closing = decisionEnd !== null ? readClosing(lines.slice(0, attached!), decisionEnd + 1) : readClosing(lines, bodyEnd + 1);
  const closingText = lines.slice(decisionEnd ?? bodyEnd).find((l) => l.trim()) ?? null;
  const meta = extractMeta({ lines, docType, typeLine: lineIndex, preambleEnd: Math.min(seg.preambleEnd, attached ?? Infinity), roles: closing.roles, signer: closing.signer, closingText });

  const taskKinds = new Set(docType === 'bao_cao' ? ['next_steps'] : ['content']);
  const tables = seg.tables ?? [];
  const tasks = extractTasks(lines, sections, taskKinds, tables);
  // Task tables: in task sections (the section's numbering), and in appendices after the body ("Phụ lục").
  // A task table says what is done by whom wherever it stands: in a task section it belongs to
  // that section; after the body, or under an appendix title, it is the appendix ("Phụ lục"); in
  // another section (a plan's closing part that holds its task list) it still lists tasks.
  const sectionOfTable = (t: { startLine: number }): string | null => {
    const s = sections.find((x) => x.startLine <= t.startLine && t.startLine <= x.endLine);
    if (!s) return t.startLine > bodyEnd ? 'Phụ lục' : null;
    if (taskKinds.has(s.kind)) return s.numbering || null;
    if (NO_TASK_TABLES.has(s.kind)) return null;
    return 'Phụ lục';
  };
  let table = extractTableTasks(tables, sectionOfTable);
  // OCR flattens tables: without a table found, read rows under a prose header row.
  if (!table.tasks.length) {
    const tableRanges = [
      ...sections.filter((s) => taskKinds.has(s.kind)).map((s) => ({ start: s.startLine, end: s.endLine, section: s.numbering || null })),
      { start: bodyEnd + 1, end: lines.length, section: 'Phụ lục' },
    ];
    table = extractProseTableTasks(lines, tableRanges);
  }
  tasks.tasks.push(...table.tasks);
  tasks.spans.push(...table.spans);

  const scopes: TargetScope[] = scanned
    .filter((s) => (docType === 'bao_cao' ? s.kind === 'next_steps' || s.kind === 'targets' : !NO_TARGETS.has(s.kind)))
    // rules, conditions and technical requirements hold thresholds and specifications, not goals
    .filter((s) => !(s.kind === 'other' && RULE_HEADING.test(foldVietnamese(s.heading))))
    .map((s) => ({ section: s, allCounts: s.kind === 'targets' }));
  const tableLines = new Set<number>();
  for (const t of tables) for (let n = t.startLine; n <= t.endLine; n++) tableLines.add(n);
  const targets = extractTargets(lines, scopes, tableLines);
  // Target tables, in sections that may hold targets or in an appendix; the year from the section's heading.
  const targetTables = tables.filter((t) => {
    const s = sections.find((x) => x.startLine <= t.startLine && t.startLine <= x.endLine);
    return s ? !NO_TARGETS.has(s.kind) : t.startLine > bodyEnd;
  });
  const tableTargets = extractTableTargets(targetTables, (t) => {
    const s = sections.find((x) => x.startLine <= t.startLine && t.startLine <= x.endLine);
    return s ? yearOfHeading(s.heading) : null;
  });
  targets.targets.push(...tableTargets.targets);
  targets.spans.push(...tableTargets.spans);

  // The document's own number ("Số: 08/KH-UBND") is not a citation; OCR may merge its header line
  // with the preamble, so only that number is dropped, not the line.
  const headerNumberLines = new Set<number>();
  for (let i = 0; i < Math.min(lines.length, 15); i++) if (parseDocNumber(lines[i])) headerNumberLines.add(i + 1);
  // References: the body, and what follows the signature (footnotes, appendices) except the
  // recipients; a citation of the document's own number ("Kèm theo Kế hoạch số …") is no reference.
  const recipientLines = new Set(closing.recipients.map((r) => r.line));
  const cited = lines.map((l, i) => (recipientLines.has(i + 1) ? '' : l));
  const found = dropOwnNumber(extractReferences(joinLines(cited, 1, Math.max(1, lines.length))), headerNumberLines);
  const keep = found.references.map((r) => !isOwnNumber(r, meta.number, meta.issued_date));
  const refs = { references: found.references.filter((_, k) => keep[k]), spans: found.spans.filter((_, k) => keep[k]) };
  const resp = extractResponsibilities(lines, sections, layout);
  const funding = extractFunding(lines, sections);
  // dated rows of appendix tables are commitments too
  const appendixTables: SectionNode[] = tables.filter((t) => t.startLine > bodyEnd).map((t) => ({ numbering: '', marker: 'none', heading: '', kind: 'other', level: 0, startLine: t.startLine, endLine: t.endLine, children: [] }));
  // Without its place-date line (OCR may lose it) a document is still no older than what it cites.
  const notBefore = meta.issued_date ?? latestDate(refs.references.map((r) => r.date));
  const deadlines = extractDeadlines(lines, [...scanned, ...appendixTables], docType, notBefore, tables);

  return Extraction.parse({
    record: {
      doc_id: seg.docId,
      meta,
      sections: sections.map((s) => ({ numbering: s.numbering, heading: s.heading, kind: s.kind })),
      tasks: tasks.tasks,
      targets: targets.targets,
      references: refs.references,
      responsibilities: resp.items,
      funding: { present: funding.present, sources: funding.sources },
      deadlines: deadlines.deadlines,
      recipients: closing.recipients.map((r) => r.text),
    },
    provenance: {
      sections: sections.map((s) => ({ start: s.startLine, end: s.endLine })),
      tasks: tasks.spans,
      targets: targets.spans,
      references: refs.spans,
      responsibilities: resp.spans,
      deadlines: deadlines.spans,
      recipients: closing.recipients.map((r) => ({ start: r.line, end: r.line })),
      funding: funding.span,
    },
  });
}
