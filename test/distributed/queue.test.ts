/**
 * `vnplan run --queue` with `vnplan worker`s on a real Redis: the store a distributed run makes is
 * the one a local run makes, and a worker killed mid-job, a Redis restarted empty or a job that
 * fails on every worker costs no document and stores none twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_PREFIX, queueName } from '../../src/pipeline/distributed/protocol.ts';
import { runPipeline, type RunSummary } from '../../src/pipeline/run.ts';
import { readPipelineVersion } from '../../src/pipeline/version.ts';
import { writeMixedBatch } from '../helpers/mixed-batch.ts';
import { writePlans } from '../helpers/plans.ts';
import { dumpStore, storedCount } from '../helpers/store-dump.ts';
import { startQueuedRun, startRedis, startWorker, type RedisServer, type WorkerProcess } from './harness.ts';

const QUEUE = queueName(readPipelineVersion());

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
  cleanup = [];
});

async function redis(): Promise<RedisServer> {
  const r = await startRedis();
  cleanup.push(() => r.kill());
  return r;
}

async function worker(url: string, name: string, extra: string[] = []): Promise<WorkerProcess> {
  const w = await startWorker(url, name, extra);
  cleanup.push(() => w.stop());
  return w;
}


/** Every document once: as many rows as distinct contents and distinct paths. */
function expectStoredOnce(db: string, n: number): void {
  const conn = new Database(db, { readonly: true });
  expect(conn.prepare('SELECT count(*) n, count(DISTINCT content_hash) h, count(DISTINCT source_path) p FROM documents').get()).toEqual({ n, h: n, p: n });
  expect(conn.pragma('foreign_key_check')).toEqual([]);
  conn.close();
}

/** The summary's figures, its errors in path order (they come in the order files finish). */
const counts = (s: RunSummary) => ({
  files: s.files,
  documents: s.documents,
  skipped: s.skipped,
  replaced: s.replaced,
  sections: s.sections,
  tasks: s.tasks,
  targets: s.targets,
  errors: [...s.errors].sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : 1)),
});

describe('a distributed run', () => {
  it('stores exactly the rows a local run stores, and skips them all when run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-dist-'));
    const batch = await writeMixedBatch(join(dir, 'in'));
    const local = await runPipeline([batch], join(dir, 'local.sqlite'), { jobs: 1 });
    expect(local.documents).toBe(16);
    expect(local.errors).toHaveLength(2);

    const r = await redis();
    await worker(r.url, 'w1');
    await worker(r.url, 'w2');
    // Files under 4 KB travel inside their job, the others as paths.
    const db = join(dir, 'dist.sqlite');
    const run = await startQueuedRun(r.url, [batch, '--db', db, '--inline-below', '4096']).done;
    expect(run.status, run.stderr).toBe(3); // stored, with the two bad files as error rows
    const summary = JSON.parse(run.stdout) as RunSummary;
    expect(counts(summary)).toEqual(counts(local));
    expect(dumpStore(db)).toEqual(dumpStore(join(dir, 'local.sqlite')));

    const again = await startQueuedRun(r.url, [batch, '--db', db]).done;
    expect(JSON.parse(again.stdout)).toMatchObject({ files: 18, documents: 0, skipped: 16 });
  });

  it('loses nothing and stores nothing twice when a worker is killed with SIGKILL in the middle of a job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-dist-kill-'));
    const files = writePlans(join(dir, 'in'), 18, 47);
    const local = await runPipeline([join(dir, 'in')], join(dir, 'local.sqlite'), { jobs: 1 });

    const r = await redis();
    const queue = new Queue(QUEUE, { connection: { url: r.url }, prefix: KEY_PREFIX });
    const events = new QueueEvents(QUEUE, { connection: { url: r.url }, prefix: KEY_PREFIX });
    cleanup.push(async () => {
      await events.close();
      await queue.close();
    });
    await events.waitUntilReady();
    const stalled: string[] = [];
    events.on('stalled', ({ jobId }) => stalled.push(jobId));

    // A short lock: the killed worker's job goes to the other one within seconds.
    const w1 = await worker(r.url, 'w1', ['--lock-duration', '3000']);
    await worker(r.url, 'w2', ['--lock-duration', '3000']);
    const db = join(dir, 'dist.sqlite');
    const run = startQueuedRun(r.url, [join(dir, 'in'), '--db', db]);

    // Kill w1 while it holds a repair job (the second pass: the longest jobs), at a moment it does not choose.
    let killed: string | null = null;
    const deadline = Date.now() + 240_000;
    while (!killed && Date.now() < deadline) {
      const active = await queue.getActive();
      const held = active.find((j) => j.processedBy === 'w1' && j.name === 'repair');
      if (held) {
        await new Promise((res) => setTimeout(res, Math.floor(Math.random() * 300)));
        w1.child.kill('SIGKILL');
        killed = held.data.sourcePath as string;
      } else await new Promise((res) => setTimeout(res, 20));
    }
    expect(killed).not.toBeNull();
    expect(await w1.exited).toBeNull(); // killed, not finished

    const result = await run.done;
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary).toMatchObject({ files: 18, documents: 18, skipped: 0, replaced: 0, errors: [] });
    expect(stalled.length).toBeGreaterThanOrEqual(1); // the killed job was taken back from w1 …
    expectStoredOnce(db, files.length); // … done by w2, and stored once
    expect(dumpStore(db)).toEqual(dumpStore(join(dir, 'local.sqlite')));
    expect(counts(summary)).toEqual(counts(local));
    // Every job, result and the adaptation texts left Redis once stored.
    expect(await queue.getJobCounts('completed', 'failed', 'active', 'wait', 'delayed')).toEqual({ completed: 0, failed: 0, active: 0, wait: 0, delayed: 0 });
    const client = new Redis(r.url);
    expect(await client.keys(`${KEY_PREFIX}:${QUEUE}:result:*`)).toEqual([]);
    expect(await client.keys(`${KEY_PREFIX}:${QUEUE}:adaptation:*`)).toEqual([]);
    client.disconnect();
  });

  it('resumes when Redis restarts and has lost every job', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-dist-redis-'));
    writePlans(join(dir, 'in'), 15, 53);
    await runPipeline([join(dir, 'in')], join(dir, 'local.sqlite'), { jobs: 1 });

    const r = await redis();
    await worker(r.url, 'w1');
    await worker(r.url, 'w2');
    const db = join(dir, 'dist.sqlite');
    const run = startQueuedRun(r.url, [join(dir, 'in'), '--db', db]);
    const deadline = Date.now() + 240_000;
    // Into the second pass (5 of the 15 plans are clean, stored in the first): repair jobs are waiting.
    while (storedCount(db) < 7 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    expect(storedCount(db)).toBeGreaterThanOrEqual(7);
    await r.kill(); // no persistence: every job, lock and the adaptation texts are gone
    await new Promise((res) => setTimeout(res, 1500));
    await r.start();

    const result = await run.done;
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ files: 15, documents: 15, replaced: 0, errors: [] });
    expect(result.stderr).toMatch(/lost Redis/);
    expect(result.stderr).toMatch(/missing from Redis \(restarted without its data\?\): queued again/);
    expectStoredOnce(db, 15);
    expect(dumpStore(db)).toEqual(dumpStore(join(dir, 'local.sqlite')));
  });

  it('turns a job that failed on every attempt into an error row with the reason, and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-dist-fail-'));
    writePlans(join(dir, 'in'), 2, 59);
    const r = await redis();
    // This worker sees the shared storage at a path where it is not: every read fails.
    await worker(r.url, 'blind', ['--path-map', `${dir}=/nonexistent/vnplan-storage`]);
    const db = join(dir, 'dist.sqlite');
    const result = await startQueuedRun(r.url, [join(dir, 'in'), '--db', db, '--inline-below', '0', '--attempts', '2']).done;
    expect(result.status).toBe(1); // nothing stored
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.errors).toHaveLength(2);
    for (const e of summary.errors) {
      expect(e.stage).toBe('ingest');
      expect(e.message).toMatch(/^\S+\.txt: the queue workers gave up after 2 attempts: cannot read \/nonexistent\/vnplan-storage\/in\/\S+\.txt on this worker \(ENOENT\)$/);
    }
    const conn = new Database(db, { readonly: true });
    expect((conn.prepare('SELECT count(*) n FROM ingest_errors WHERE message LIKE ?').get('%gave up after 2 attempts%') as { n: number }).n).toBe(2);
    conn.close();
  });
});
