import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIngestor } from '../src/ingest/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { analyseRepaired } from '../src/pipeline/batch.ts';
import { openStore } from '../src/store/index.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures/documents');

describe('v_deadlines', () => {
  it('lists a task due date that is also read as a deadline from the same lines once, and keeps the others', async () => {
    const ingestor = createIngestor();
    const docs = [];
    for (const f of ['plan-waste-tan-phu.txt', 'plan-inline-roles.txt']) docs.push(await ingestor.ingest(join(FIXTURES, f)));
    await ingestor.close();
    const repairer = createRepairer();
    const store = openStore(':memory:');
    try {
      for (const d of docs) store.saveDocument(analyseRepaired(d, repairer.repairDocument(d)));
      const rows = store.db.prepare('SELECT document_id, date, source, start_line, end_line FROM v_deadlines').all() as
        { document_id: number; date: string; source: string; start_line: number; end_line: number }[];
      const due = store.db.prepare('SELECT document_id, due_date, start_line, end_line FROM tasks WHERE due_date IS NOT NULL').all() as
        { document_id: number; due_date: string; start_line: number; end_line: number }[];
      // the fixtures have task due dates written as deadlines on the task's own lines
      const overlapping = (r: { document_id: number; start_line: number; end_line: number }, t: { document_id: number; start_line: number; end_line: number }) =>
        r.document_id === t.document_id && r.start_line <= t.end_line && r.end_line >= t.start_line;
      expect(due.some((t) => rows.some((r) => r.source === 'deadline' && r.date === t.due_date && overlapping(r, t)))).toBe(true);
      for (const t of due) {
        const listed = rows.filter((r) => r.date === t.due_date && overlapping(r, t));
        expect(listed.length, `${t.due_date} at lines ${t.start_line}-${t.end_line}`).toBe(1);
      }
    } finally {
      store.close();
    }
  });
});
