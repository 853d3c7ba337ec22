import type Database from 'better-sqlite3';
import Table from 'cli-table3';

/**
 * Per-document QA: what is missing or inconsistent in what the pipeline stored. The checks
 * themselves are the SQL views of the store's "qa views" migration (v_qa_*), so analysts querying
 * the database and `vnplan qa` see the same findings; this module only reads and presents them.
 */

/** Every check, in the order findings are listed. */
export const QA_CHECKS = [
  'missing_section',
  'no_number',
  'no_issued_date',
  'no_signer',
  'no_commune_or_province',
  'no_tasks',
  'task_no_lead_unit',
  'task_no_timeline',
  'target_no_year',
  'funding_without_sources',
  'deadline_before_issue',
  'due_date_before_issue',
  'reference_after_issue',
  'low_confidence_line',
] as const;
export type QaCheck = (typeof QA_CHECKS)[number];

export const QA_CHECK_LABELS: Record<QaCheck, string> = {
  missing_section: 'expected section absent',
  no_number: 'no document number',
  no_issued_date: 'no issue date',
  no_signer: 'no signer',
  no_commune_or_province: 'no commune or province',
  no_tasks: 'plan assigns no numbered tasks',
  task_no_lead_unit: 'task without lead unit',
  task_no_timeline: 'task without timeline',
  target_no_year: 'target without year',
  funding_without_sources: 'funding section names no source',
  deadline_before_issue: 'deadline before issue date',
  due_date_before_issue: 'task due before issue date',
  reference_after_issue: 'cited document dated after issue date',
  low_confidence_line: 'low repair confidence',
};

export interface QaFinding {
  check: QaCheck;
  /** What is affected: the expected section kind, the task, the target statement, the dates, the line. */
  detail: string | null;
  /** Provenance: the lines the finding is about (null for document-level findings). */
  startLine: number | null;
  endLine: number | null;
}

export interface QaDocument {
  documentId: number;
  docId: string;
  sourcePath: string;
  docType: string;
  province: string | null;
  commune: string | null;
  findings: QaFinding[];
}

export interface QaError {
  sourcePath: string;
  stage: string;
  message: string;
  at: string;
}

export interface QaReport {
  /** Lines below this repair confidence are reported (qa_settings.low_line_confidence). */
  lowConfidenceThreshold: number;
  /** Documents in the store (or among `docIds`): `documents` is the page of them from `offset` on. */
  total: number;
  offset: number;
  /** Documents of `total` with at least one finding. */
  withFindings: number;
  /** Per check, over all `total` documents: how many findings and how many documents have them. */
  checks: { check: QaCheck; findings: number; documents: number }[];
  documents: QaDocument[];
  /** Files that failed at some stage and are not in the store. */
  errors: QaError[];
}

export interface QaOptions {
  docIds?: readonly string[];
  lowConfidence?: number;
  /** Documents of the page (default: all). A national store has tens of thousands: the CLI shows 100. */
  limit?: number;
  offset?: number;
}

const CHECK_ORDER = new Map<string, number>(QA_CHECKS.map((c, i) => [c, i]));

/**
 * Reads the QA views: the findings of one page of documents (in province, commune, doc id order;
 * documents without findings included, with []), and per check the totals over every document.
 * Only the page's findings are read row by row, so a page of a 33,000-document store costs what a
 * small store does; the totals are one aggregate query over the views.
 */
export function runQa(db: Database.Database, options: QaOptions = {}): QaReport {
  if (options.lowConfidence !== undefined && !(options.lowConfidence >= 0 && options.lowConfidence <= 1)) {
    throw new Error(`low-confidence threshold must be between 0 and 1, got ${options.lowConfidence}`);
  }
  const offset = Math.max(0, options.offset ?? 0);
  const limit = options.limit ?? Infinity;
  const wanted = options.docIds ? new Set(options.docIds) : null;
  type DocRow = { id: number; doc_id: string; source_path: string; doc_type: string; province: string | null; commune: string | null };
  const all = db
    .prepare<[], DocRow>('SELECT id, doc_id, source_path, doc_type, province, commune FROM documents ORDER BY province, commune, doc_id, id')
    .all()
    .filter((d) => !wanted || wanted.has(d.doc_id));
  const page = all.slice(offset, offset + limit);
  const byId = new Map<number, QaDocument>(
    page.map((d) => [
      d.id,
      { documentId: d.id, docId: d.doc_id, sourcePath: d.source_path, docType: d.doc_type, province: d.province, commune: d.commune, findings: [] },
    ]),
  );
  type Row = { document_id: number; check: string; detail: string | null; start_line: number | null; end_line: number | null };
  // A threshold given for this run replaces the stored one (qa_settings) for the line check only.
  const override = options.lowConfidence;
  const findingsSql =
    override === undefined
      ? 'SELECT document_id, "check", detail, start_line, end_line FROM v_qa_findings'
      : `SELECT document_id, "check", detail, start_line, end_line FROM v_qa_findings WHERE "check" <> 'low_confidence_line'
         UNION ALL
         SELECT document_id, 'low_confidence_line', printf('%.2f: %s', confidence, text), line_no, line_no FROM lines WHERE confidence < @threshold`;
  const ids = [...byId.keys()];
  const everything = ids.length === all.length;
  // The page's findings: the views are filtered by document (SQLite pushes the filter into each of them).
  for (let k = 0; k < ids.length; k += 500) {
    const chunk = everything ? null : ids.slice(k, k + 500);
    const rows = db
      .prepare(`SELECT * FROM (${findingsSql}) ${chunk ? `WHERE document_id IN (${chunk.join(',')})` : ''}`)
      .all(override === undefined ? {} : { threshold: override }) as Row[];
    for (const r of rows) {
      byId.get(r.document_id)?.findings.push({ check: r.check as QaCheck, detail: r.detail, startLine: r.start_line, endLine: r.end_line });
    }
    if (everything) break;
  }
  for (const d of byId.values()) {
    d.findings.sort((a, b) => (CHECK_ORDER.get(a.check) ?? 99) - (CHECK_ORDER.get(b.check) ?? 99) || (a.startLine ?? 0) - (b.startLine ?? 0));
  }
  // Totals over every document (or the chosen ones), one pass over the views.
  const scope = wanted ? `WHERE document_id IN (${all.map((d) => d.id).join(',') || 'NULL'})` : '';
  const totals = db
    .prepare(
      `WITH f AS MATERIALIZED (SELECT document_id, "check" FROM (${findingsSql}) ${scope})
       SELECT "check", count(*) AS findings, count(DISTINCT document_id) AS documents FROM f GROUP BY "check"
       UNION ALL SELECT NULL, count(*), count(DISTINCT document_id) FROM f`,
    )
    .all(override === undefined ? {} : { threshold: override }) as { check: QaCheck | null; findings: number; documents: number }[];
  const threshold = db.prepare<[], { value: number }>("SELECT value FROM qa_settings WHERE key = 'low_line_confidence'").get();
  const errors = db
    .prepare<[], QaError>('SELECT source_path AS sourcePath, stage, message, at FROM ingest_errors ORDER BY source_path')
    .all();
  return {
    lowConfidenceThreshold: override ?? threshold?.value ?? 0.5,
    total: all.length,
    offset,
    withFindings: totals.find((t) => t.check === null)?.documents ?? 0,
    checks: totals
      .filter((t): t is { check: QaCheck; findings: number; documents: number } => t.check !== null)
      .sort((a, b) => (CHECK_ORDER.get(a.check) ?? 99) - (CHECK_ORDER.get(b.check) ?? 99)),
    documents: [...byId.values()],
    errors,
  };
}

/** Counts of each check over the whole report (for a one-line summary and tests). */
export function qaCheckCounts(report: QaReport): Partial<Record<QaCheck, number>> {
  const out: Partial<Record<QaCheck, number>> = {};
  for (const d of report.documents) for (const f of d.findings) out[f.check] = (out[f.check] ?? 0) + 1;
  return out;
}

function lineRef(f: QaFinding): string {
  if (f.startLine === null) return '';
  return f.endLine !== null && f.endLine !== f.startLine ? `${f.startLine}-${f.endLine}` : String(f.startLine);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * The report as terminal tables: one row per (document, check); repeated findings of a check are
 * folded into a count with their first details, so a document with 40 uncertain lines stays readable.
 */
export function formatQaTable(report: QaReport, options: { detailWidth?: number; color?: boolean } = {}): string {
  const width = options.detailWidth ?? 60;
  const style = options.color ? {} : { head: [], border: [] };
  const table = new Table({
    head: ['document', 'place', 'type', 'finding', 'n', 'detail', 'lines'],
    style,
    wordWrap: true,
    colWidths: [24, 22, 10, 30, 5, width + 2, 14],
  });
  let clean = 0;
  for (const d of report.documents) {
    if (d.findings.length === 0) {
      clean++;
      continue;
    }
    const groups = new Map<QaCheck, QaFinding[]>();
    for (const f of d.findings) groups.set(f.check, [...(groups.get(f.check) ?? []), f]);
    const place = [d.commune, d.province].filter(Boolean).join(', ');
    for (const [check, fs] of groups) {
      const details = fs.map((f) => f.detail).filter((x): x is string => !!x);
      const shown = details.slice(0, 3).map((x) => truncate(x, width)).join('\n') + (details.length > 3 ? `\n(+${details.length - 3} more)` : '');
      const lines = fs.map(lineRef).filter(Boolean);
      table.push([d.docId, place, d.docType, QA_CHECK_LABELS[check] ?? check, String(fs.length), shown, truncate(lines.join(', '), 40)]);
    }
  }
  const parts = [table.length > 0 ? table.toString() : 'No findings.'];
  const paged = report.documents.length < report.total;
  if (paged) {
    const totals = new Table({ head: ['finding (all documents)', 'findings', 'documents'], style, colWidths: [40, 10, 11] });
    for (const c of report.checks) totals.push([QA_CHECK_LABELS[c.check] ?? c.check, String(c.findings), String(c.documents)]);
    parts.push(totals.toString());
    parts.push(
      `Documents ${report.offset + 1}–${report.offset + report.documents.length} of ${report.total} shown ` +
        `(${report.documents.length - clean} of them with findings); --offset and --limit page through them, --all shows every one.`,
    );
  }
  parts.push(
    `${report.total} documents, ${report.withFindings} with findings, ${report.total - report.withFindings} clean; ` +
      `low-confidence threshold ${report.lowConfidenceThreshold}.`,
  );
  if (report.errors.length) {
    const errors = new Table({ head: ['failed file', 'stage', 'message'], style, wordWrap: true, colWidths: [40, 10, 70] });
    for (const e of report.errors) errors.push([e.sourcePath, e.stage, e.message]);
    parts.push(`${report.errors.length} files failed and are not in the store:\n${errors.toString()}`);
  }
  return parts.join('\n');
}
