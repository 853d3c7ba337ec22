/**
 * Every stored row of a pipeline store as sorted text, with nothing that changes from run to run
 * (row ids, timestamps, version stamps): two runs of the same files with outputs that are the same
 * give the same dump. The check that a speed-up changed no output:
 *
 *   node --import tsx scripts/bench-batch-dump.ts output/bench/db/batch-1000.sqlite > before.txt
 *   … change, npm run bench (or scripts/bench-batch.ts --large 0) …
 *   node --import tsx scripts/bench-batch-dump.ts output/bench/db/batch-1000.sqlite > after.txt
 *   diff before.txt after.txt
 *
 * Row ids that other rows point at are replaced by what they point at (a document by its source
 * path, a unit by its canonical name, a task or section by its document and ordinal); the lines'
 * tokens are decoded and written as JSON, whatever encoding the store uses for them.
 */
import Database from 'better-sqlite3';
import { decodeStoredTokens } from '../src/store/tokens.ts';

const path = process.argv[2];
if (!path) {
  console.error('usage: bench-batch-dump.ts <store.sqlite>');
  process.exit(2);
}
const db = new Database(path, { readonly: true, fileMustExist: true });

const DROP = new Set(['id', 'ingested_at', 'vnplan_version', 'pipeline_version', 'ingest_version', 'repair_version', 'extract_version']);
const docPath = new Map<number, string>();
for (const r of db.prepare('SELECT id, source_path FROM documents').all() as { id: number; source_path: string }[]) docPath.set(r.id, r.source_path);
const unitName = new Map<number, string>();
for (const r of db.prepare('SELECT id, canonical_name FROM units').all() as { id: number; canonical_name: string }[]) unitName.set(r.id, r.canonical_name);
const taskKey = new Map<number, string>();
for (const r of db.prepare('SELECT id, document_id, ordinal FROM tasks').all() as { id: number; document_id: number; ordinal: number }[]) {
  taskKey.set(r.id, `${docPath.get(r.document_id)}#${r.ordinal}`);
}
// A section by its document and its path of ordinals from the top of the tree.
const sectionRows = db.prepare('SELECT id, document_id, parent_id, ordinal FROM sections').all() as { id: number; document_id: number; parent_id: number | null; ordinal: number }[];
const sectionById = new Map(sectionRows.map((s) => [s.id, s]));
const sectionKey = (id: number | null): string => {
  const parts: number[] = [];
  let doc = 0;
  for (let s = id === null ? undefined : sectionById.get(id); s; s = s.parent_id === null ? undefined : sectionById.get(s.parent_id)) {
    parts.unshift(s.ordinal);
    doc = s.document_id;
  }
  return id === null ? 'null' : `${docPath.get(doc)}§${parts.join('.')}`;
};

const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
for (const table of tables) {
  const rows = db.prepare(`SELECT * FROM "${table}"`).raw(false).all() as Record<string, unknown>[];
  const out: string[] = [];
  for (const row of rows) {
    const cells: string[] = [];
    for (const [col, value] of Object.entries(row)) {
      if (DROP.has(col)) continue;
      let v: unknown = value;
      if (col === 'document_id') v = docPath.get(value as number);
      else if (col === 'unit_id') v = unitName.get(value as number);
      else if (col === 'task_id') v = taskKey.get(value as number);
      else if (col === 'parent_id' && table === 'sections') v = sectionKey(value as number | null);
      else if (col === 'tokens' && table === 'lines') v = JSON.stringify(decodeStoredTokens(value as string | Buffer, (row as { raw: string }).raw));
      else if (Buffer.isBuffer(value)) v = value.toString('base64');
      cells.push(`${col}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
    }
    if (table === 'sections') cells.push(`at=${sectionKey((row as { id: number }).id)}`);
    out.push(cells.join('\t'));
  }
  out.sort();
  console.log(`## ${table} (${out.length} rows)`);
  for (const l of out) console.log(l);
}
db.close();
