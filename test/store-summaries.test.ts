/**
 * The summaries the writer keeps per document (document_summary, unit_work) for the analyst
 * commands must always equal what the base tables say, through saves, replaces and a migration
 * of a store that had none.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openStore } from '../src/store/index.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

/** The summaries recomputed from the base tables, in the order of their keys. */
function recomputed(db: Database.Database) {
  const summary = db
    .prepare(
      `SELECT d.id AS document_id,
              (SELECT count(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
              (SELECT count(*) FROM targets t WHERE t.document_id = d.id) AS targets,
              (SELECT group_concat(kind) FROM (SELECT DISTINCT kind FROM record_sections s WHERE s.document_id = d.id ORDER BY kind)) AS kinds
       FROM documents d ORDER BY d.id`,
    )
    .all();
  const work = db
    .prepare(
      `SELECT t.document_id, tu.unit_id, tu.role, count(DISTINCT t.id) AS n FROM tasks t JOIN task_units tu ON tu.task_id = t.id
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .all() as { document_id: number; unit_id: number; role: string; n: number }[];
  const duties = db.prepare('SELECT document_id, unit_id, sum(duties) AS n FROM responsibilities GROUP BY 1, 2 ORDER BY 1, 2').all() as {
    document_id: number;
    unit_id: number;
    n: number;
  }[];
  const byPair = new Map<string, { document_id: number; unit_id: number; tasks_led: number; tasks_supported: number; duties: number }>();
  const pair = (d: number, u: number) => {
    const k = `${d}/${u}`;
    if (!byPair.has(k)) byPair.set(k, { document_id: d, unit_id: u, tasks_led: 0, tasks_supported: 0, duties: 0 });
    return byPair.get(k)!;
  };
  for (const w of work) pair(w.document_id, w.unit_id)[w.role === 'lead' ? 'tasks_led' : 'tasks_supported'] = w.n;
  for (const d of duties) pair(d.document_id, d.unit_id).duties = d.n;
  return { summary, work: [...byPair.values()].sort((a, b) => a.document_id - b.document_id || a.unit_id - b.unit_id) };
}

function stored(db: Database.Database) {
  return {
    summary: db
      .prepare(
        `SELECT s.document_id, s.tasks, s.targets,
                (SELECT group_concat(kind) FROM (SELECT kind FROM section_kind_bits b WHERE (s.kinds >> b.bit) & 1 ORDER BY kind)) AS kinds
         FROM document_summary s ORDER BY s.document_id`,
      )
      .all(),
    work: db.prepare('SELECT document_id, unit_id, tasks_led, tasks_supported, duties FROM unit_work ORDER BY document_id, unit_id').all(),
  };
}

describe('per-document analyst summaries', () => {
  const corpus = generateCorpus(60, 5);

  it('are written with every document and follow its replacement', () => {
    const store = openStore(':memory:');
    for (const g of corpus) store.saveDocument(g.input);
    const fresh = recomputed(store.db);
    expect(fresh.summary).toHaveLength(60);
    expect(fresh.work.length).toBeGreaterThan(60);
    expect(stored(store.db)).toEqual(fresh);
    // The same file with another document's content: its rows and summaries are replaced, not added.
    const replacement = { ...corpus[1].input, ingested: { ...corpus[1].input.ingested, sourcePath: corpus[0].input.ingested.sourcePath } };
    store.saveDocument(replacement);
    expect(stored(store.db)).toEqual(recomputed(store.db));
    expect(store.counts().documents).toBe(59);
    store.close();
  });

  it('are filled by the migration for a store written before they existed', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = MIGRATIONS.findIndex((m) => m.name === 'analyst summaries kept per document');
    expect(before).toBeGreaterThan(0);
    migrate(db, MIGRATIONS.slice(0, before));
    // Saved through a store of the previous schema version's statements is not possible; copy rows in instead.
    const full = openStore(':memory:');
    for (const g of corpus.slice(0, 20)) full.saveDocument(g.input);
    for (const table of ['units', 'documents', 'record_sections', 'tasks', 'task_units', 'targets', 'responsibilities']) {
      const rows = full.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
      const cols = Object.keys(rows[0]!).filter((c) => (db.prepare(`SELECT * FROM pragma_table_info('${table}') WHERE name = ?`).get(c) ?? null) !== null);
      const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`);
      for (const r of rows) insert.run(Object.fromEntries(cols.map((c) => [c, r[c]])));
    }
    full.close();
    migrate(db);
    expect(stored(db)).toEqual(recomputed(db));
    expect((db.prepare('SELECT count(*) AS n FROM document_summary').get() as { n: number }).n).toBe(20);
    db.close();
  });
});
