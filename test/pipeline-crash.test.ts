/**
 * A run killed with SIGKILL in the middle leaves a consistent store, and the next run does only what
 * is left; two runs on one store, and an analyst reading while a run writes, neither corrupt nor
 * block each other.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/pipeline/run.ts';
import { CLI, vnplan } from './helpers/cli.ts';
import { writePlans } from './helpers/plans.ts';
import { storedCount } from './helpers/store-dump.ts';


function startRun(args: string[]): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  // In a process group of its own: `vnplan run` is two processes (src/runtime/relaunch.mjs), and a
  // power loss stops both at the same instant.
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--no-progress', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.resume();
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

/** Every document is whole: its line count matches its lines, every row references a document. */
function checkConsistent(db: string): void {
  const conn = new Database(db, { readonly: true });
  expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(conn.pragma('foreign_key_check')).toEqual([]);
  const partial = conn
    .prepare('SELECT count(*) n FROM documents d WHERE d.line_count <> (SELECT count(*) FROM lines l WHERE l.document_id = d.id)')
    .get() as { n: number };
  expect(partial.n).toBe(0);
  const noFeatures = conn.prepare('SELECT count(*) n FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_features f WHERE f.document_id = d.id)').get() as { n: number };
  expect(noFeatures.n).toBe(0);
  conn.close();
}

describe('kill -9 in the middle of a run', () => {
  it('leaves every committed document whole, and the next run does only the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-crash-'));
    const db = join(dir, 'plans.sqlite');
    const n = 240;
    writePlans(join(dir, 'in'), n, 21);
    const { child, exit } = startRun([join(dir, 'in'), '--db', db, '--jobs', '1']);
    // Kill it once some documents are committed, at a moment it does not choose.
    const deadline = Date.now() + 240_000;
    while (storedCount(db) < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 200)));
    process.kill(-child.pid!, 'SIGKILL');
    expect(await exit).toBeNull(); // killed, not finished

    const committed = storedCount(db);
    expect(committed).toBeGreaterThanOrEqual(10);
    expect(committed).toBeLessThan(n);
    checkConsistent(db);

    const resumed = await runPipeline([join(dir, 'in')], db, { jobs: 0 });
    // Nothing committed before the kill is done again; everything else is done once.
    expect(resumed).toMatchObject({ files: n, skipped: committed, documents: n - committed, replaced: 0, errors: [] });
    const conn = new Database(db, { readonly: true });
    expect((conn.prepare('SELECT count(*) n, count(DISTINCT content_hash) h, count(DISTINCT source_path) p FROM documents').get())).toEqual({ n, h: n, p: n });
    conn.close();
    checkConsistent(db);
  });
});

describe('concurrent use of one store', () => {
  it('two runs over overlapping folders and a reader in between: every document once, nothing corrupt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-concurrent-'));
    const db = join(dir, 'plans.sqlite');
    writePlans(join(dir, 'a'), 60, 31);
    writePlans(join(dir, 'b'), 60, 32);
    writePlans(join(dir, 'shared'), 30, 33);
    // Both processes start before either has stored anything, and both write the shared files.
    const one = startRun([join(dir, 'a'), join(dir, 'shared'), '--db', db, '--jobs', '1']);
    const two = startRun([join(dir, 'shared'), join(dir, 'b'), '--db', db, '--jobs', '1']);
    // An analyst reads while they write: WAL readers are never blocked by a writer.
    while (storedCount(db) < 20) await new Promise((r) => setTimeout(r, 25));
    const qa = await vnplan(['qa', '--db', db, '--json']);
    expect(qa.status, qa.stderr).toBe(0);
    expect(JSON.parse(qa.stdout).documents.length).toBeGreaterThanOrEqual(20);
    expect(await one.exit, one.stderr()).toBe(0);
    expect(await two.exit, two.stderr()).toBe(0);

    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT count(*) n, count(DISTINCT content_hash) h FROM documents').get()).toEqual({ n: 150, h: 150 });
    expect((conn.prepare('SELECT count(*) n FROM ingest_errors').get() as { n: number }).n).toBe(0);
    conn.close();
    checkConsistent(db);
  });
});
