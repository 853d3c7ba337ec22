import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { StructuredRecord } from '../schemas/index.ts';

const CLI = join(import.meta.dirname, '..', 'bin', 'vnplan.mjs');
const CORPUS = join(import.meta.dirname, '..', 'corpus');
const corpusFiles = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

function vnplan(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

describe('vnplan end to end over corpus/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-e2e-'));
  const db = join(dir, 'plans.sqlite');

  it('runs the batch into SQLite and prints a summary', () => {
    const r = vnplan(['run', CORPUS, '--db', db, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`documents stored: ${corpusFiles.length}`));
    const conn = new Database(db, { readonly: true });
    const docs = conn.prepare('select doc_id from documents order by doc_id').all() as { doc_id: string }[];
    expect(docs.map((d) => d.doc_id)).toEqual(corpusFiles.map((f) => f.replace(/\.txt$/, '')));
    const sections = (conn.prepare('select count(*) n from sections').get() as { n: number }).n;
    expect(sections).toBeGreaterThan(10);
    conn.close();
  }, 300_000);

  it('replaces, not duplicates, a document run twice', () => {
    const r = vnplan(['run', join(CORPUS, corpusFiles[3]), '--db', db, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 replaced/);
    const conn = new Database(db, { readonly: true });
    expect((conn.prepare('select count(*) n from documents').get() as { n: number }).n).toBe(corpusFiles.length);
    conn.close();
  }, 120_000);

  it('records one clear error row per bad file and stores the good ones', () => {
    const batch = mkdtempSync(join(tmpdir(), 'vnplan-bad-'));
    copyFileSync(join(CORPUS, corpusFiles[3]), join(batch, 'good.txt'));
    writeFileSync(join(batch, 'empty.txt'), '');
    const junk = Buffer.alloc(2048);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 131) % 256;
    writeFileSync(join(batch, 'binary.dat'), junk);
    const badDb = join(batch, 'out.sqlite');
    const r = vnplan(['run', batch, join(batch, 'missing.txt'), '--db', badDb, '--no-progress']);
    expect(r.status).toBe(3);
    const conn = new Database(badDb, { readonly: true });
    const errors = conn.prepare('select source_path, message from ingest_errors order by source_path').all() as { source_path: string; message: string }[];
    expect(errors.map((e) => e.source_path.split('/').pop())).toEqual(['binary.dat', 'empty.txt', 'missing.txt']);
    for (const e of errors) expect(e.message).toContain(e.source_path);
    expect(errors[1].message).toMatch(/empty/);
    expect((conn.prepare('select count(*) n from documents').get() as { n: number }).n).toBe(1);
    conn.close();
  }, 120_000);

  it('repair prints exactly one output line per input line', () => {
    for (const f of corpusFiles) {
      const input = execFileSync('cat', [join(CORPUS, f)], { encoding: 'utf8' });
      const r = vnplan(['repair', join(CORPUS, f)]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.split('\n').length).toBe(input.replace(/\n$/, '').split('\n').length + 1);
    }
  }, 300_000);

  it('extract --json emits a record that validates against the SCHEMA.md zod schema', () => {
    for (const f of corpusFiles) {
      const r = vnplan(['extract', join(CORPUS, f), '--json']);
      expect(r.status, r.stderr).toBe(0);
      const record = StructuredRecord.parse(JSON.parse(r.stdout));
      expect(record.doc_id).toBe(f.replace(/\.txt$/, ''));
      expect(record.sections.length).toBeGreaterThan(0);
    }
  }, 300_000);

  it('fails with a non-zero exit code and a message on a missing file', () => {
    const r = vnplan(['extract', join(dir, 'nope.txt'), '--json']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('nope.txt');
  });
});
