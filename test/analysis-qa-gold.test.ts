import { afterEach, describe, expect, it } from 'vitest';
import { formatQaTable, qaCheckCounts, runQa, type QaCheck, type QaReport } from '../src/analysis/qa.ts';
import { inputsFromRecord } from '../src/store/from-record.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { loadGoldRecords } from './helpers/store-gold.ts';

const gold = loadGoldRecords();
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function storeWith(records = [...gold.values()], lineConfidence?: (n: number) => number): Store {
  const store = openStore(':memory:');
  stores.push(store);
  for (const r of records) store.saveDocument(inputsFromRecord(r, { lineConfidence }));
  return store;
}

function checksOf(report: QaReport, docPrefix: string): Partial<Record<QaCheck, number>> {
  const doc = report.documents.find((d) => d.docId.startsWith(docPrefix));
  if (!doc) throw new Error(`no document ${docPrefix}`);
  return qaCheckCounts({ ...report, documents: [doc] });
}

describe('qa over the gold records of the five seed documents', () => {
  // The gaps an analyst finds by reading the five documents (docs/analysis-qa-aggregate.md).
  const expected: Record<string, Partial<Record<QaCheck, number>>> = {
    '000': { no_number: 1, no_issued_date: 1 },
    '001': { no_number: 1, no_issued_date: 1, task_no_lead_unit: 19, task_no_timeline: 19, target_no_year: 2 },
    '002': { missing_section: 1, no_tasks: 1 },
    '003': { no_number: 1, no_signer: 1 },
    '004': { task_no_lead_unit: 9, task_no_timeline: 9 },
  };

  it('reports exactly the known gaps of each document', () => {
    const report = runQa(storeWith().db);
    expect(report.documents).toHaveLength(5);
    for (const [prefix, checks] of Object.entries(expected)) expect(checksOf(report, prefix), prefix).toEqual(checks);
  });

  it('restricts the report to the requested documents', () => {
    const id = [...gold.keys()].find((k) => k.startsWith('002'))!;
    const report = runQa(storeWith().db, { docIds: [id] });
    expect(report.documents.map((d) => d.docId)).toEqual([id]);
  });

  it('names the missing section of the Hà Long plan: funding', () => {
    const report = runQa(storeWith().db);
    const doc = report.documents.find((d) => d.docId.startsWith('002'))!;
    expect(doc.findings.filter((f) => f.check === 'missing_section').map((f) => f.detail)).toEqual(['funding']);
  });

  it('points task and target findings at their lines', () => {
    const store = storeWith();
    const report = runQa(store.db);
    const doc = report.documents.find((d) => d.docId.startsWith('001'))!;
    for (const f of doc.findings.filter((x) => x.check === 'target_no_year')) {
      const line = store.db
        .prepare('SELECT text FROM lines WHERE document_id = ? AND line_no = ?')
        .get(doc.documentId, f.startLine) as { text: string };
      expect(line.text).toContain(f.detail!);
    }
  });
});

describe('qa checks on altered records', () => {
  it('flags a due date or deadline before the issue date and a reference dated after it, at the precision both share', () => {
    const r = structuredClone(gold.get([...gold.keys()].find((k) => k.startsWith('003'))!)!);
    r.meta.issued_date = '2025-09-20';
    r.tasks[0].due_date = '2025-09-19'; // before: flagged
    r.tasks[1].due_date = '2025-09'; // same month at shared precision: not flagged
    r.deadlines = [{ date: '2025-08', what: 'kick-off' }]; // month before: flagged
    r.references = [
      { kind: 'Kế hoạch', number: '1/KH', date: '2025-10-01', issuer: null }, // after: flagged
      { kind: 'Kế hoạch', number: '2/KH', date: '2025', issuer: null }, // same year: not flagged
    ];
    const counts = qaCheckCounts(runQa(storeWith([r]).db));
    expect(counts.due_date_before_issue).toBe(1);
    expect(counts.deadline_before_issue).toBe(1);
    expect(counts.reference_after_issue).toBe(1);
  });

  it('reports lines below the confidence threshold and not those at it', () => {
    const store = storeWith([[...gold.values()][0]], (n) => (n === 2 ? 0.49 : n === 3 ? 0.5 : 1));
    const report = runQa(store.db);
    expect(report.lowConfidenceThreshold).toBe(0.5);
    const low = report.documents[0].findings.filter((f) => f.check === 'low_confidence_line');
    expect(low.map((f) => f.startLine)).toEqual([2]);
    // A threshold for one run, then a stored one.
    const once = runQa(store.db, { lowConfidence: 0.6 });
    expect(once.lowConfidenceThreshold).toBe(0.6);
    expect(once.documents[0].findings.filter((f) => f.check === 'low_confidence_line').map((f) => f.startLine)).toEqual([2, 3]);
    expect(() => runQa(store.db, { lowConfidence: 2 })).toThrow(/between 0 and 1/);
    store.db.prepare("UPDATE qa_settings SET value = 0.9 WHERE key = 'low_line_confidence'").run();
    expect(runQa(store.db).documents[0].findings.filter((f) => f.check === 'low_confidence_line')).toHaveLength(2);
  });

  it('finds nothing in a complete plan and lists failed files separately', () => {
    const r = structuredClone([...gold.values()].find((x) => x.doc_id.startsWith('003'))!);
    r.meta.number = '12/KH-UBND';
    r.meta.signer = 'Người Ký';
    const store = storeWith([r]);
    store.saveError({ sourcePath: 'scan.pdf', stage: 'ingest', message: 'no pages' });
    const report = runQa(store.db);
    expect(report.documents[0].findings).toEqual([]);
    expect(report.errors.map((e) => e.sourcePath)).toEqual(['scan.pdf']);
    const text = formatQaTable(report);
    expect(text).toContain('1 documents, 0 with findings, 1 clean');
    expect(text).toContain('scan.pdf');
  });

  it('the terminal table names each finding of a document', () => {
    const text = formatQaTable(runQa(storeWith().db));
    expect(text).toContain('expected section absent');
    expect(text).toContain('task without lead unit');
    expect(text).not.toMatch(/\u001b\[/); // no colour codes unless asked
  });
});
