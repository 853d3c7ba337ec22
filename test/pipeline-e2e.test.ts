import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { vnplan } from './helpers/cli.ts';
import { StructuredRecord } from '../schemas/index.ts';

const CORPUS = join(import.meta.dirname, '..', 'corpus');
const corpusFiles = readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).sort();

describe('vnplan end to end over corpus/', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-e2e-'));
  const db = join(dir, 'plans.sqlite');

  it('runs the batch into SQLite and prints a summary', async () => {
    const r = await vnplan(['run', CORPUS, '--db', db, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`documents stored: ${corpusFiles.length}`));
    const conn = new Database(db, { readonly: true });
    const docs = conn.prepare('select doc_id from documents order by doc_id').all() as { doc_id: string }[];
    expect(docs.map((d) => d.doc_id)).toEqual(corpusFiles.map((f) => f.replace(/\.txt$/, '')));
    const sections = (conn.prepare('select count(*) n from sections').get() as { n: number }).n;
    expect(sections).toBeGreaterThan(10);
    conn.close();
  }, 300_000);

  it('replaces, not duplicates, a document run twice', async () => {
    const r = await vnplan(['run', join(CORPUS, corpusFiles[3]), '--db', db, '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 replaced/);
    const conn = new Database(db, { readonly: true });
    expect((conn.prepare('select count(*) n from documents').get() as { n: number }).n).toBe(corpusFiles.length);
    conn.close();
  }, 120_000);

  it('records one clear error row per bad file and stores the good ones', async () => {
    const batch = mkdtempSync(join(tmpdir(), 'vnplan-bad-'));
    copyFileSync(join(CORPUS, corpusFiles[3]), join(batch, 'good.txt'));
    writeFileSync(join(batch, 'empty.txt'), '');
    const junk = Buffer.alloc(2048);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 131) % 256;
    writeFileSync(join(batch, 'binary.dat'), junk);
    const badDb = join(batch, 'out.sqlite');
    const r = await vnplan(['run', batch, join(batch, 'missing.txt'), '--db', badDb, '--no-progress']);
    expect(r.status).toBe(3);
    const conn = new Database(badDb, { readonly: true });
    const errors = conn.prepare('select source_path, message from ingest_errors order by source_path').all() as { source_path: string; message: string }[];
    expect(errors.map((e) => e.source_path.split('/').pop())).toEqual(['binary.dat', 'empty.txt', 'missing.txt']);
    for (const e of errors) expect(e.message).toContain(e.source_path);
    expect(errors[1].message).toMatch(/empty/);
    expect((conn.prepare('select count(*) n from documents').get() as { n: number }).n).toBe(1);
    conn.close();
  }, 120_000);

  it('repair prints exactly one output line per input line, alone and as a batch', async () => {
    for (const f of [corpusFiles[0], corpusFiles[3]]) {
      const input = readFileSync(join(CORPUS, f), 'utf8');
      const r = await vnplan(['repair', join(CORPUS, f)]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.split('\n').length).toBe(input.replace(/\n$/, '').split('\n').length + 1);
    }
    const out = join(dir, 'repaired');
    const r = await vnplan(['repair', CORPUS, '--out', out, '--tokens']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of corpusFiles) {
      const lines = readFileSync(join(CORPUS, f), 'utf8').replace(/\n$/, '').split('\n').length;
      expect(readFileSync(join(out, f), 'utf8').replace(/\n$/, '').split('\n').length).toBe(lines);
      const tokenLines = readFileSync(join(out, f.replace(/\.txt$/, '.tokens.jsonl')), 'utf8').trim().split('\n');
      expect(tokenLines.length).toBe(lines);
      const first = JSON.parse(tokenLines.find((l) => JSON.parse(l).tokens.length > 0)!);
      expect(first.tokens[0]).toHaveProperty('confidence');
    }
  });

  it('extract --json emits a record that validates against the SCHEMA.md zod schema', async () => {
    for (const f of corpusFiles) {
      const r = await vnplan(['extract', join(CORPUS, f), '--json']);
      expect(r.status, r.stderr).toBe(0);
      const record = StructuredRecord.parse(JSON.parse(r.stdout));
      expect(record.doc_id).toBe(f.replace(/\.txt$/, ''));
      expect(record.sections.length).toBeGreaterThan(0);
    }
  }, 300_000);

  it('fails with a non-zero exit code and a message on a missing file', async () => {
    const r = await vnplan(['extract', join(dir, 'nope.txt'), '--json']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('nope.txt');
  });
});
