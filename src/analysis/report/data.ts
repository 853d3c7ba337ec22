/**
 * What the HTML report shows, read from the store and shaped for the templates. Everything
 * here is plain data: the templates do all the markup (and all the escaping).
 */
import { decodeStoredTokens } from '../../store/tokens.ts';
import type Database from 'better-sqlite3';
import { SectionKind, type RepairedToken } from '../../../schemas/index.ts';

export const SECTION_KINDS: readonly SectionKind[] = SectionKind.options;

/** Repair confidence under which a token is highlighted as doubtful. */
export const LOW_CONFIDENCE = 0.6;

export interface DocumentSummary {
  id: number;
  docId: string;
  docType: string;
  number: string | null;
  issuedDate: string | null;
  commune: string | null;
  commune_type: string | null;
  province: string | null;
  title: string | null;
  signer: string | null;
  sourcePath: string;
  sourceKind: string;
  wasClean: boolean;
  lineCount: number;
  tasks: number;
  targets: number;
  meanConfidence: number | null;
  /** Lines covered by top-level sections of each kind. */
  kindLines: Partial<Record<SectionKind, number>>;
}

export function loadDocumentSummaries(db: Database.Database): DocumentSummary[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.doc_id, d.doc_type, d.number, d.issued_date, d.commune, d.commune_type, d.province, d.title,
              d.signer, d.source_path, d.source_kind, d.was_clean, d.line_count,
              (SELECT count(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
              (SELECT count(*) FROM targets t WHERE t.document_id = d.id) AS targets,
              (SELECT avg(l.confidence) FROM lines l WHERE l.document_id = d.id) AS mean_confidence
       FROM documents d ORDER BY d.id`,
    )
    .all() as {
    id: number;
    doc_id: string;
    doc_type: string;
    number: string | null;
    issued_date: string | null;
    commune: string | null;
    commune_type: string | null;
    province: string | null;
    title: string | null;
    signer: string | null;
    source_path: string;
    source_kind: string;
    was_clean: number;
    line_count: number;
    tasks: number;
    targets: number;
    mean_confidence: number | null;
  }[];
  const kinds = db
    .prepare(
      `SELECT document_id, kind, sum(coalesce(end_line, start_line) - start_line + 1) AS n
       FROM sections WHERE level = 0 AND start_line IS NOT NULL GROUP BY document_id, kind`,
    )
    .all() as { document_id: number; kind: SectionKind; n: number }[];
  const byDoc = new Map<number, Partial<Record<SectionKind, number>>>();
  for (const k of kinds) {
    const m = byDoc.get(k.document_id) ?? {};
    m[k.kind] = k.n;
    byDoc.set(k.document_id, m);
  }
  return rows.map((r) => ({
    id: r.id,
    docId: r.doc_id,
    docType: r.doc_type,
    number: r.number,
    issuedDate: r.issued_date,
    commune: r.commune,
    commune_type: r.commune_type,
    province: r.province,
    title: r.title,
    signer: r.signer,
    sourcePath: r.source_path,
    sourceKind: r.source_kind,
    wasClean: r.was_clean === 1,
    lineCount: r.line_count,
    tasks: r.tasks,
    targets: r.targets,
    meanConfidence: r.mean_confidence,
    kindLines: byDoc.get(r.id) ?? {},
  }));
}

export interface TargetRow {
  documentId: number;
  docId: string;
  commune: string | null;
  year: number | null;
  value: number;
  unit: string | null;
  population: string | null;
  statement: string;
  startLine: number | null;
}

/** Targets of every document, or of one. */
export function loadTargets(db: Database.Database, documentId?: number): TargetRow[] {
  return db
    .prepare(
      `SELECT t.document_id AS documentId, d.doc_id AS docId, d.commune, t.year, t.value, t.unit, t.population,
              t.statement, t.start_line AS startLine
       FROM targets t JOIN documents d ON d.id = t.document_id
       ${documentId === undefined ? '' : 'WHERE t.document_id = ?'} ORDER BY t.document_id, t.ordinal`,
    )
    .all(...(documentId === undefined ? [] : [documentId])) as TargetRow[];
}

export interface UnitWorkload {
  name: string;
  documents: number;
  tasksLed: number;
  tasksSupported: number;
}

/** Tasks led and supported per canonical unit (what v_unit_workload sums), busiest first. */
export function loadUnitWorkload(db: Database.Database, limit = 25): UnitWorkload[] {
  return db
    .prepare(
      `SELECT u.display_name AS name, count(DISTINCT t.document_id) AS documents,
              count(DISTINCT CASE WHEN tu.role = 'lead' THEN t.id END) AS tasksLed,
              count(DISTINCT CASE WHEN tu.role = 'partner' THEN t.id END) AS tasksSupported
       FROM task_units tu JOIN units u ON u.id = tu.unit_id JOIN tasks t ON t.id = tu.task_id
       GROUP BY u.id ORDER BY tasksLed + tasksSupported DESC, u.display_name LIMIT ?`,
    )
    .all(limit) as UnitWorkload[];
}

// ---------------------------------------------------------------------------------------------
// One document's page

export interface LineRow {
  lineNo: number;
  page: number;
  raw: string;
  text: string;
  confidence: number;
  tokens: RepairedToken[];
}

export interface TaskRow {
  numbering: string;
  title: string;
  sectionNumbering: string | null;
  timeline: string | null;
  dueDate: string | null;
  leads: string[];
  partners: string[];
  startLine: number | null;
  endLine: number | null;
}

export interface SectionRow {
  numbering: string;
  heading: string;
  kind: SectionKind;
  level: number;
  startLine: number | null;
  endLine: number | null;
}

export interface DeadlineRow {
  date: string;
  what: string;
  startLine: number | null;
}

export interface DocumentDetail {
  lines: LineRow[];
  sections: SectionRow[];
  tasks: TaskRow[];
  targets: TargetRow[];
  deadlines: DeadlineRow[];
}

function parseTokens(stored: string | Buffer, raw: string): RepairedToken[] {
  try {
    const parsed = decodeStoredTokens(stored, raw) as unknown;
    return Array.isArray(parsed) ? (parsed as RepairedToken[]) : [];
  } catch {
    // A damaged tokens column loses the highlighting of one line, not the report.
    return [];
  }
}

export function loadDocumentDetail(db: Database.Database, documentId: number): DocumentDetail {
  const lines = (
    db
      .prepare('SELECT line_no, page, raw, text, confidence, tokens FROM lines WHERE document_id = ? ORDER BY line_no')
      .all(documentId) as { line_no: number; page: number; raw: string; text: string; confidence: number; tokens: string | Buffer }[]
  ).map((l) => ({ lineNo: l.line_no, page: l.page, raw: l.raw, text: l.text, confidence: l.confidence, tokens: parseTokens(l.tokens, l.raw) }));
  const sections = db
    .prepare(
      `SELECT numbering, heading, kind, level, start_line AS startLine, end_line AS endLine
       FROM sections WHERE document_id = ? ORDER BY start_line, level, ordinal`,
    )
    .all(documentId) as SectionRow[];
  const taskRows = db
    .prepare(
      `SELECT id, numbering, title, section_numbering AS sectionNumbering, timeline, due_date AS dueDate,
              start_line AS startLine, end_line AS endLine
       FROM tasks WHERE document_id = ? ORDER BY ordinal`,
    )
    .all(documentId) as (Omit<TaskRow, 'leads' | 'partners'> & { id: number })[];
  const units = db
    .prepare(
      `SELECT tu.task_id, tu.role, tu.printed_name FROM task_units tu JOIN tasks t ON t.id = tu.task_id
       WHERE t.document_id = ? ORDER BY tu.task_id, tu.role, tu.ordinal`,
    )
    .all(documentId) as { task_id: number; role: 'lead' | 'partner'; printed_name: string }[];
  const tasks = taskRows.map(({ id, ...t }) => ({
    ...t,
    leads: units.filter((u) => u.task_id === id && u.role === 'lead').map((u) => u.printed_name),
    partners: units.filter((u) => u.task_id === id && u.role === 'partner').map((u) => u.printed_name),
  }));
  const targets = loadTargets(db, documentId);
  const deadlines = db
    .prepare('SELECT date, what, start_line AS startLine FROM deadlines WHERE document_id = ? ORDER BY ordinal')
    .all(documentId) as DeadlineRow[];
  return { lines, sections, tasks, targets, deadlines };
}
