import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS, openStore, openStoreForReading, StoreFailure, type Store } from '../src/store/index.ts';
import { inputsFromRecord } from '../src/store/from-record.ts';
import { decodeStoredTokens } from '../src/store/tokens.ts';
import { loadGoldRecords } from './helpers/store-gold.ts';

const gold = loadGoldRecords();
const records = [...gold.values()];
const stores: Store[] = [];
const dirs: string[] = [];

function tempStore(): { store: Store; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-store-'));
  dirs.push(dir);
  const path = join(dir, 'nested', 'deeper', 'plans.sqlite');
  const store = openStore(path);
  stores.push(store);
  return { store, path };
}

afterEach(() => {
  for (const s of stores.splice(0)) if (s.db.open) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates parent folders, applies every migration, turns on foreign keys and WAL', () => {
    const { store } = tempStore();
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.counts()).toEqual({ documents: 0, sections: 0, tasks: 0, targets: 0, errors: 0 });
  });

  it('reopens an existing database without re-running migrations and keeps its rows', () => {
    const { store, path } = tempStore();
    store.saveDocument(inputsFromRecord(records[1]));
    store.close();
    const again = openStore(path);
    stores.push(again);
    expect(again.counts().documents).toBe(1);
    expect(again.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });
});

describe('openStoreForReading', () => {
  it('upgrades a store made by an older version, then reads without being able to write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-store-'));
    dirs.push(dir);
    const path = join(dir, 'old.sqlite');
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.close();
    const db = openStoreForReading(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare('SELECT count(*) n FROM v_qa_findings').get()).toEqual({ n: 0 });
      expect(() => db.prepare("INSERT INTO ingest_errors (source_path, stage, message) VALUES ('x', 'ingest', 'y')").run()).toThrow(/readonly/);
    } finally {
      db.close();
    }
  });

  it('refuses a missing file, naming it, instead of creating an empty store', () => {
    expect(() => openStoreForReading('/nonexistent/dir/plans.sqlite')).toThrow('/nonexistent/dir/plans.sqlite: no such database');
  });
});

describe('saveDocument', () => {
  it('stores every list of the record with its provenance span', () => {
    const { store } = tempStore();
    for (const r of records) store.saveDocument(inputsFromRecord(r));
    const c = store.counts();
    expect(c.documents).toBe(records.length);
    expect(c.tasks).toBe(records.reduce((n, r) => n + r.tasks.length, 0));
    expect(c.targets).toBe(records.reduce((n, r) => n + r.targets.length, 0));
    const refs = store.db.prepare('SELECT count(*) n FROM refs').get() as { n: number };
    expect(refs.n).toBe(records.reduce((n, r) => n + r.references.length, 0));
    // Every extracted row points at lines that exist, and a task's span starts at its own title.
    const tasks = store.db
      .prepare(`SELECT t.title, l.text FROM tasks t JOIN lines l ON l.document_id = t.document_id AND l.line_no = t.start_line`)
      .all() as { title: string; text: string }[];
    expect(tasks.length).toBe(c.tasks);
    for (const t of tasks) expect(t.text).toContain(t.title);
    for (const table of ['targets', 'refs', 'deadlines', 'responsibilities', 'recipients', 'record_sections']) {
      const orphans = store.db
        .prepare(`SELECT count(*) n FROM ${table} x LEFT JOIN lines l ON l.document_id = x.document_id AND l.line_no = x.start_line WHERE l.line_no IS NULL OR x.end_line < x.start_line`)
        .get() as { n: number };
      expect(orphans.n, table).toBe(0);
    }
  });

  it('links task units through canonical names, so spelling variants count as one unit', () => {
    const { store } = tempStore();
    const base = records.find((r) => r.tasks.some((t) => t.lead_units.length > 0))!;
    const variant = structuredClone(base);
    variant.doc_id = 'variant';
    variant.tasks = [{ ...base.tasks[0], lead_units: ['Phòng VH-XH'], partner_units: ['phòng Văn hoá-Xã hội xã'] }];
    variant.responsibilities = [{ unit: 'Đề nghị Phòng Văn hóa - Xã hội', duties: 2 }];
    store.saveDocument(inputsFromRecord(variant));
    const units = store.db.prepare('SELECT DISTINCT u.canonical_name FROM units u').all() as { canonical_name: string }[];
    expect(units.map((u) => u.canonical_name)).toEqual(['phòng văn hóa - xã hội']);
    const printed = store.db.prepare('SELECT printed_name, role FROM task_units ORDER BY role').all();
    expect(printed).toEqual([
      { printed_name: 'Phòng VH-XH', role: 'lead' },
      { printed_name: 'phòng Văn hoá-Xã hội xã', role: 'partner' },
    ]);
  });

  it('replaces the rows of a document saved again with the same content hash', () => {
    const { store } = tempStore();
    const input = inputsFromRecord(records[0]);
    const first = store.saveDocument(input);
    const before = store.counts();
    const second = store.saveDocument(input);
    expect(first.replaced).toBe(false);
    expect(second).toEqual({ documentId: first.documentId, replaced: true });
    expect(store.counts()).toEqual(before);
    const lines = store.db.prepare('SELECT count(*) n FROM lines').get() as { n: number };
    expect(lines.n).toBe(input.repaired.lines.length);
    // A re-extraction that names other units leaves no stale unit rows behind.
    const changed = structuredClone(input);
    changed.extraction.record.tasks = changed.extraction.record.tasks.map((t) => ({ ...t, lead_units: ['Hội Nông dân'], partner_units: [] }));
    changed.extraction.record.responsibilities = changed.extraction.record.responsibilities.map((r) => ({ ...r, unit: 'Hội Nông dân' }));
    store.saveDocument(changed);
    const units = store.db.prepare('SELECT canonical_name FROM units').all();
    expect(units).toEqual([{ canonical_name: 'hội nông dân' }]);
  });

  it('replaces the earlier version of an edited file (same path, new content)', () => {
    const { store } = tempStore();
    const first = store.saveDocument(inputsFromRecord(records[0], { sourcePath: 'corpus/plan.txt' }));
    const edited = structuredClone(records[0]);
    edited.meta.number = '99/KH-UBND';
    const input = inputsFromRecord(edited, { sourcePath: 'corpus/plan.txt' });
    expect(input.ingested.contentHash).not.toBe(inputsFromRecord(records[0], { sourcePath: 'corpus/plan.txt' }).ingested.contentHash);
    expect(store.saveDocument(input)).toEqual({ documentId: first.documentId, replaced: true });
    expect(store.db.prepare('SELECT number FROM documents').all()).toEqual([{ number: '99/KH-UBND' }]);
  });

  it('deletes every dependent row with its document (ON DELETE CASCADE)', () => {
    const { store } = tempStore();
    const { documentId } = store.saveDocument(inputsFromRecord(records[1]));
    store.db.prepare('DELETE FROM documents WHERE id = ?').run(documentId);
    for (const table of ['lines', 'sections', 'record_sections', 'tasks', 'task_units', 'targets', 'refs', 'deadlines', 'responsibilities', 'funding_sources', 'recipients']) {
      const n = (store.db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
      expect(n, table).toBe(0);
    }
  });

  it('rejects an extraction whose provenance does not match its lists, naming the file, and stores nothing', () => {
    const { store } = tempStore();
    const input = inputsFromRecord(records[1]);
    input.extraction.provenance.tasks.pop();
    expect(() => store.saveDocument(input)).toThrow(StoreFailure);
    expect(() => store.saveDocument(input)).toThrow(input.ingested.sourcePath);
    expect(store.counts().documents).toBe(0);
  });

  it('keeps the changed or uncertain tokens of each line', () => {
    const { store } = tempStore();
    const input = inputsFromRecord(records[2]);
    const line = input.repaired.lines[0];
    line.tokens = [
      { original: 'UY', repaired: 'ỦY', confidence: 0.6, start: 0 },
      { original: 'BAN', repaired: 'BAN', confidence: 1, start: 3 },
    ];
    store.saveDocument(input);
    const row = store.db.prepare('SELECT raw, tokens FROM lines WHERE line_no = 1').get() as { raw: string; tokens: Buffer };
    expect(Buffer.isBuffer(row.tokens)).toBe(true);
    expect(decodeStoredTokens(row.tokens, row.raw)).toEqual([{ original: 'UY', repaired: 'ỦY', confidence: 0.6, start: 0 }]);
    // and the document read back for re-extraction carries them
    const id = store.findByHash(input.ingested.contentHash)!.id;
    expect(store.loadRepaired(id).repaired.lines[0].tokens).toEqual([{ original: 'UY', repaired: 'ỦY', confidence: 0.6, start: 0 }]);
  });
});

describe('errors and clean texts', () => {
  it('records one row per failed file and clears it once the file stores', () => {
    const { store } = tempStore();
    const input = inputsFromRecord(records[3]);
    store.saveError({ sourcePath: input.ingested.sourcePath, stage: 'ingest', message: 'unreadable' });
    store.saveError({ sourcePath: input.ingested.sourcePath, stage: 'extract', message: 'no lines', contentHash: input.ingested.contentHash });
    store.saveError({ sourcePath: 'other.pdf', stage: 'ingest', message: 'encrypted' });
    expect(store.counts().errors).toBe(2);
    const row = store.db.prepare('SELECT stage, content_hash FROM ingest_errors WHERE source_path = ?').get(input.ingested.sourcePath);
    expect(row).toEqual({ stage: 'extract', content_hash: input.ingested.contentHash });
    store.saveDocument(input);
    expect(store.counts().errors).toBe(1);
  });

  it('returns the repaired text of clean documents only, one string per document', () => {
    const { store } = tempStore();
    const clean = inputsFromRecord(records[3], { wasClean: true });
    store.saveDocument(clean);
    store.saveDocument(inputsFromRecord(records[0], { wasClean: false }));
    const texts = store.cleanDocumentTexts();
    expect(texts).toEqual([clean.repaired.lines.map((l) => l.text).join('\n')]);
  });
});
