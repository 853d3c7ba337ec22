/**
 * Every table of a store as comparable rows: row ids replaced by what they stand for (a document by
 * its source path, a unit by its canonical name, a section by its place in its document's tree, a
 * task by its document and ordinal), rows sorted. Left out: the times rows were written, and which
 * printed form a unit is displayed with (the first one stored: it follows the order documents
 * finish, which worker threads or queue workers decide).
 */
import Database from 'better-sqlite3';

type Row = Record<string, unknown>;

const IGNORED: Record<string, string[]> = {
  documents: ['id', 'ingested_at'],
  ingest_errors: ['id', 'at'],
  units: ['id', 'display_name'],
};

export function dumpStore(path: string): Record<string, Row[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const docs = new Map((db.prepare('SELECT id, source_path FROM documents').all() as { id: number; source_path: string }[]).map((d) => [d.id, d.source_path]));
    const units = new Map((db.prepare('SELECT id, canonical_name FROM units').all() as { id: number; canonical_name: string }[]).map((u) => [u.id, u.canonical_name]));
    const sectionRows = db.prepare('SELECT id, document_id, parent_id, ordinal FROM sections').all() as { id: number; document_id: number; parent_id: number | null; ordinal: number }[];
    const byId = new Map(sectionRows.map((s) => [s.id, s]));
    const sectionKey = (id: number | null): string | null => {
      if (id === null) return null;
      const chain: number[] = [];
      let s = byId.get(id);
      const doc = s ? docs.get(s.document_id) : undefined;
      while (s) {
        chain.unshift(s.ordinal);
        s = s.parent_id === null ? undefined : byId.get(s.parent_id);
      }
      return `${doc} §${chain.join('.')}`;
    };
    const tasks = new Map((db.prepare('SELECT id, document_id, ordinal FROM tasks').all() as { id: number; document_id: number; ordinal: number }[]).map((t) => [t.id, `${docs.get(t.document_id)} #${t.ordinal}`]));

    const out: Record<string, Row[]> = {};
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    for (const table of tables) {
      const rows = (db.prepare(`SELECT * FROM ${table}`).all() as Row[]).map((row) => {
        const r: Row = {};
        for (const [k, v] of Object.entries(row)) {
          if (IGNORED[table]?.includes(k)) continue;
          if (k === 'document_id') r[k] = docs.get(v as number);
          else if (k === 'unit_id') r[k] = units.get(v as number);
          else if (k === 'task_id') r[k] = tasks.get(v as number);
          else if (table === 'sections' && (k === 'id' || k === 'parent_id')) r[k] = sectionKey(v as number | null);
          else if (k === 'id') continue; // a row id: the row's content and document identify it
          else r[k] = Buffer.isBuffer(v) ? v.toString('hex') : v;
        }
        return r;
      });
      out[table] = rows.map((r) => [JSON.stringify(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Documents in a store, 0 while it is not created yet or its schema not yet migrated (a run is writing it). */
export function storedCount(db: string): number {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;
    } finally {
      conn.close();
    }
  } catch {
    return 0;
  }
}
