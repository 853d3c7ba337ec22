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
  documents: QaDocument[];
  /** Files that failed at some stage and are not in the store. */
  errors: QaError[];
}

const CHECK_ORDER = new Map<string, number>(QA_CHECKS.map((c, i) => [c, i]));

/** Reads the QA views into one report per document (documents without findings included, with []). */
export function runQa(db: Database.Database, options: { docIds?: readonly string[]; lowConfidence?: number } = {}): QaReport {
  if (options.lowConfidence !== undefined && !(options.lowConfidence >= 0 && options.lowConfidence <= 1)) {
    throw new Error(`low-confidence threshold must be between 0 and 1, got ${options.lowConfidence}`);
  }
  const wanted = options.docIds ? new Set(options.docIds) : null;
  const docs = db
    .prepare<[], { id: number; doc_id: string; source_path: string; doc_type: string; province: string | null; commune: string | null }>(
      'SELECT id, doc_id, source_path, doc_type, province, commune FROM documents ORDER BY province, commune, doc_id, id',
    )
    .all()
    .filter((d) => !wanted || wanted.has(d.doc_id));
  const byId = new Map<number, QaDocument>(
    docs.map((d) => [
      d.id,
      { documentId: d.id, docId: d.doc_id, sourcePath: d.source_path, docType: d.doc_type, province: d.province, commune: d.commune, findings: [] },
    ]),
  );
  type Row = { document_id: number; check: string; detail: string | null; start_line: number | null; end_line: number | null };
  // A threshold given for this run replaces the stored one (qa_settings) for the line check only.
  const override = options.lowConfidence;
  const rows =
    override === undefined
      ? db.prepare<[], Row>('SELECT document_id, "check", detail, start_line, end_line FROM v_qa_findings').all()
      : [
          ...db
            .prepare<[], Row>(`SELECT document_id, "check", detail, start_line, end_line FROM v_qa_findings WHERE "check" <> 'low_confidence_line'`)
            .all(),
          ...db
            .prepare<[number], Row>(
              `SELECT document_id, 'low_confidence_line' AS "check", printf('%.2f: %s', confidence, text) AS detail,
                      line_no AS start_line, line_no AS end_line
               FROM lines WHERE confidence < ?`,
            )
            .all(override),
        ];
  for (const r of rows) {
    byId.get(r.document_id)?.findings.push({ check: r.check as QaCheck, detail: r.detail, startLine: r.start_line, endLine: r.end_line });
  }
  for (const d of byId.values()) {
    d.findings.sort((a, b) => (CHECK_ORDER.get(a.check) ?? 99) - (CHECK_ORDER.get(b.check) ?? 99) || (a.startLine ?? 0) - (b.startLine ?? 0));
  }
  const threshold = db.prepare<[], { value: number }>("SELECT value FROM qa_settings WHERE key = 'low_line_confidence'").get();
  const errors = db
    .prepare<[], QaError>('SELECT source_path AS sourcePath, stage, message, at FROM ingest_errors ORDER BY source_path')
    .all();
  return { lowConfidenceThreshold: override ?? threshold?.value ?? 0.5, documents: [...byId.values()], errors };
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
  parts.push(
    `${report.documents.length} documents, ${report.documents.length - clean} with findings, ${clean} clean; ` +
      `low-confidence threshold ${report.lowConfidenceThreshold}.`,
  );
  if (report.errors.length) {
    const errors = new Table({ head: ['failed file', 'stage', 'message'], style, wordWrap: true, colWidths: [40, 10, 70] });
    for (const e of report.errors) errors.push([e.sourcePath, e.stage, e.message]);
    parts.push(`${report.errors.length} files failed and are not in the store:\n${errors.toString()}`);
  }
  return parts.join('\n');
}
