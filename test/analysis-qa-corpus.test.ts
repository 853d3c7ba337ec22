import { describe, expect, it } from 'vitest';
import { qaCheckCounts, runQa, type QaCheck } from '../src/analysis/qa.ts';
import { openStore } from '../src/store/index.ts';
import type { StructuredRecord } from '../schemas/index.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

/** The QA findings a record should produce, computed from the record alone (independent of the SQL views). */
function expectedFindings(records: StructuredRecord[]): Partial<Record<QaCheck, number>> {
  const out: Partial<Record<QaCheck, number>> = {};
  const inc = (c: QaCheck, n = 1) => {
    if (n > 0) out[c] = (out[c] ?? 0) + n;
  };
  const expectedKinds: Record<string, string[]> = { ke_hoach: ['purpose', 'content', 'funding', 'organization'], bao_cao: ['results', 'next_steps'] };
  const before = (a: string, b: string) => a.slice(0, Math.min(a.length, b.length)) < b.slice(0, Math.min(a.length, b.length));
  for (const r of records) {
    const m = r.meta;
    inc('missing_section', (expectedKinds[m.doc_type] ?? []).filter((k) => !r.sections.some((s) => s.kind === k)).length);
    if (!m.number) inc('no_number');
    if (!m.issued_date) inc('no_issued_date');
    if (!m.signer) inc('no_signer');
    if (!m.commune && !m.province) inc('no_commune_or_province');
    if (m.doc_type === 'ke_hoach' && r.tasks.length === 0) inc('no_tasks');
    inc('task_no_lead_unit', r.tasks.filter((t) => t.lead_units.length === 0).length);
    inc('task_no_timeline', r.tasks.filter((t) => !t.timeline && !t.due_date).length);
    inc('target_no_year', r.targets.filter((t) => t.year === null).length);
    if (r.funding.present && r.funding.sources.length === 0) inc('funding_without_sources');
    if (m.issued_date) {
      const issued = m.issued_date;
      inc('deadline_before_issue', r.deadlines.filter((d) => before(d.date, issued)).length);
      inc('due_date_before_issue', r.tasks.filter((t) => t.due_date && before(t.due_date, issued)).length);
      inc('reference_after_issue', r.references.filter((x) => x.date && before(issued, x.date)).length);
    }
  }
  return out;
}

describe('qa over 500 generated documents', () => {
  const corpus = generateCorpus(500, 23);
  const store = openStore(':memory:');
  for (const d of corpus) store.saveDocument(d.input);

  it('finds exactly the gaps the generator put in, check by check', () => {
    const report = runQa(store.db);
    expect(report.documents).toHaveLength(500);
    const expected = expectedFindings(corpus.map((d) => d.record));
    // The corpus exercises the checks that matter: otherwise this test proves little.
    for (const c of ['missing_section', 'no_number', 'task_no_lead_unit', 'target_no_year', 'due_date_before_issue'] as const) {
      expect(expected[c] ?? 0, c).toBeGreaterThan(0);
    }
    expect(qaCheckCounts(report)).toEqual(expected);
  });

  it('the summary view counts the same findings per document as the report', () => {
    const report = runQa(store.db);
    const rows = store.db.prepare('SELECT * FROM v_qa_summary').all() as Record<string, number>[];
    const byId = new Map(report.documents.map((d) => [d.documentId, d]));
    for (const row of rows) {
      const d = byId.get(row.document_id)!;
      expect(row.tasks_without_lead).toBe(d.findings.filter((f) => f.check === 'task_no_lead_unit').length);
      expect(row.missing_sections).toBe(d.findings.filter((f) => f.check === 'missing_section').length);
    }
  });
});
