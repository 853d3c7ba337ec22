/**
 * The executor of `vnplan run --queue redis://…`: each piece of a run's work becomes one BullMQ job
 * (one per file in each pass it needs), done by `vnplan worker`s on any number of machines
 * (worker.ts); this process stays the run's single SQLite writer (run.ts stores every result as a
 * local run does).
 *
 * - Files travel inside the job below `inlineBelow` bytes, else as their absolute path on the
 *   storage every worker sees.
 * - The batch's clean texts (the adaptation of the second pass) are put in Redis once; every
 *   repair job names them by their SHA-256 and each worker builds the adapted model once.
 * - Results come back through Redis (a key per job, written before the job completes). This
 *   process learns of them from BullMQ's events and, every `sweepMs`, by asking for the state of
 *   every job it waits for: an event missed (a reconnection, a trimmed stream) costs a few seconds,
 *   never a document. A job Redis no longer has (it restarted without its data) is added again; the
 *   adaptation texts are put back.
 * - At most `window` jobs wait at a time: Redis holds a bounded part of the batch, however large.
 * - A worker killed mid-job loses its lock; BullMQ's stalled-job check gives the job to another
 *   worker. Job ids are derived from the work, so the same work added twice is one job. A job that
 *   failed `attempts` times becomes the file's error row, with the last reason.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { ingestWith } from '../../ingest/index.ts';
import type { Executor, ExecutorFactory, ScanResult } from '../executor.ts';
import type { TaskResult } from '../stages.ts';
import { versionStamp } from '../version.ts';
import {
  adaptationKey,
  connectionFor,
  decodeResult,
  DEFAULT_INLINE_BELOW,
  KEEP_SECONDS,
  encodeRecord,
  jobIdFor,
  KEY_PREFIX,
  packAdaptation,
  queueName,
  reasonOfFailure,
  redactUrl,
  resultKey,
  stageOfFailure,
  type AdaptationRef,
  type FileRef,
  type JobData,
} from './protocol.ts';
import { probeRedis } from './redis.ts';

export interface QueueRunOptions {
  /** redis://host:port (or rediss://user:password@host:port). */
  url: string;
  /** Files smaller than this travel inside their job; larger ones as paths on shared storage (default 1 MiB; 0: always paths). */
  inlineBelow?: number;
  /** Jobs waiting or running at a time (default 256). */
  window?: number;
  /** Attempts of a job before its file becomes an error row (default 3). */
  attempts?: number;
  /** How often the state of every job waited for is checked (default 2 s). */
  sweepMs?: number;
}

const NO_WORKER_NOTICE_MS = 15_000;

interface Entry {
  path: string;
  data: JobData;
  /** The job's data again, with the file's bytes read anew (they are not kept in memory). */
  rebuild: () => Promise<JobData>;
  dones: ((r: ScanResult) => void)[];
  added: boolean;
  /** An event said it finished before add() returned: collect it then. */
  finishedEarly?: boolean;
}

export function queueExecutor(opts: QueueRunOptions): ExecutorFactory {
  return async (ctx) => {
    const connection = connectionFor(opts.url);
    await probeRedis(opts.url);
    const name = queueName(ctx.version);
    const stamp = versionStamp(ctx.version);
    const attempts = Math.max(1, opts.attempts ?? 3);
    const window = Math.max(1, opts.window ?? 256);
    const inlineBelow = opts.inlineBelow ?? DEFAULT_INLINE_BELOW;
    const sweepMs = opts.sweepMs ?? 2000;

    const queue = new Queue<JobData, string>(name, { connection, prefix: KEY_PREFIX, streams: { events: { maxLen: 2000 } } });
    queue.on('error', () => undefined); // connection errors: ioredis reconnects, commands wait
    const events = new QueueEvents(name, { connection, prefix: KEY_PREFIX });
    events.on('error', () => undefined);
    const redis = new Redis(opts.url, { maxRetriesPerRequest: null });
    let lostRedis = false;
    redis.on('error', () => undefined);
    redis.on('close', () => {
      if (!closed && !lostRedis) {
        lostRedis = true;
        ctx.onNotice(`lost Redis at ${redactUrl(opts.url)}: waiting for it`);
      }
    });
    redis.on('ready', () => {
      if (lostRedis) {
        lostRedis = false;
        ctx.onNotice(`Redis is back: resuming`);
        wakeSweep();
      }
    });

    const outstanding = new Map<string, Entry>();
    const collecting = new Set<string>();
    let waiters: (() => void)[] = [];
    const changed = () => {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    };
    const until = async (cond: () => boolean) => {
      while (!cond()) await new Promise<void>((r) => waiters.push(r));
    };

    const finish = (id: string, r: ScanResult) => {
      const entry = outstanding.get(id);
      if (!entry) return; // already settled: nothing is stored twice
      outstanding.delete(id);
      for (const done of entry.dones) done(r);
      changed();
    };

    const jobOptions = (jobId: string) => ({
      jobId,
      attempts,
      backoff: { type: 'exponential' as const, delay: 1000 },
      removeOnComplete: { age: KEEP_SECONDS },
      removeOnFail: { age: KEEP_SECONDS },
    });

    /** Adds the job, or finds it there: a job that failed in an earlier run is tried again, a finished one collected. */
    const add = async (id: string, data: JobData) => {
      const state = await queue.getJobState(id);
      if (state === 'failed') await queue.remove(id);
      if (state === 'failed' || state === 'unknown') await queue.add(data.kind, data, jobOptions(id));
      const entry = outstanding.get(id);
      if (!entry) return;
      entry.added = true;
      if (state === 'completed' || entry.finishedEarly) void collect(id);
    };

    const collect = async (id: string): Promise<void> => {
      const entry = outstanding.get(id);
      if (!entry) return;
      if (!entry.added) {
        entry.finishedEarly = true;
        return;
      }
      if (collecting.has(id)) return;
      collecting.add(id);
      try {
        const job = await Job.fromId<JobData, string>(queue, id);
        if (!job) return; // the sweep finds it missing and adds it again
        const state = await job.getState();
        if (state === 'completed') {
          const encoded = await redis.get(resultKey(name, id));
          if (encoded === null) {
            // Finished, but its result is gone (Redis restarted from an older snapshot): do it again.
            await job.remove();
            await requeue(id, entry);
            return;
          }
          finish(id, resultOf(entry, encoded));
        } else if (state === 'failed') finish(id, failureOf(entry, job));
        else return;
        // Only once stored: a run killed in between finds the file stored, or the job finished.
        await redis.del(resultKey(name, id)).catch(() => undefined);
        await job.remove().catch(() => undefined);
      } catch (e) {
        ctx.onNotice(`${entry.path}: could not read its job's result (${(e as Error).message}); retrying`);
      } finally {
        collecting.delete(id);
      }
    };

    /** Adds a job Redis lost again, its file's bytes read anew. */
    const requeue = async (id: string, entry: Entry) => {
      entry.added = false;
      let data: JobData;
      try {
        data = await entry.rebuild();
      } catch (e) {
        finish(id, { kind: 'failed', error: { sourcePath: entry.path, stage: 'ingest', message: `${entry.path}: cannot read the file to queue it again (${(e as Error).message})` } });
        return;
      }
      await add(id, data);
    };

    const resultOf = (entry: Entry, encoded: string): ScanResult => {
      try {
        return decodeResult(encoded);
      } catch (e) {
        return { kind: 'failed', error: { sourcePath: entry.path, stage: stageOfFailure('', entry.data.kind), message: `${entry.path}: the worker's result cannot be read (${(e as Error).message})` } };
      }
    };

    const failureOf = (entry: Entry, job: Job<JobData, string>): TaskResult => {
      const path = entry.path;
      const raw = job.failedReason || 'no reason given';
      let reason = reasonOfFailure(raw);
      if (reason.startsWith(`${path}: `)) reason = reason.slice(path.length + 2);
      return {
        kind: 'failed',
        error: {
          sourcePath: path,
          stage: stageOfFailure(raw, entry.data.kind),
          message: `${path}: the queue workers gave up after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${reason}`,
        },
      };
    };

    events.on('completed', ({ jobId }) => void collect(jobId));
    events.on('failed', ({ jobId }) => void collect(jobId));
    events.on('progress', ({ jobId, data }) => {
      const entry = outstanding.get(jobId);
      const p = data as { done?: number; total?: number } | null;
      if (entry && p && typeof p.done === 'number' && typeof p.total === 'number') ctx.onPage(entry.path, p.done, p.total);
    });

    const submit = async (data: JobData, rebuild: () => Promise<JobData>, done: (r: ScanResult) => void) => {
      const id = jobIdFor(data);
      const same = outstanding.get(id);
      if (same) {
        same.dones.push(done); // the same file given twice: one job, both settled by it
        return;
      }
      await until(() => outstanding.size < window);
      outstanding.set(id, { path: data.sourcePath, data: slim(data), rebuild, dones: [done], added: false });
      await add(id, data);
    };

    let adaptation: { ref: AdaptationRef; blob: Buffer } | null = null;
    const publishAdaptation = async () => {
      if (adaptation) await redis.set(adaptation.ref.key, adaptation.blob, 'EX', KEEP_SECONDS);
    };

    // ---- The sweep: every job waited for, asked for its state; lost ones added again.
    let closed = false;
    let noWorkersSince: number | null = null;
    let noticedNoWorkers = false;
    let sweepTimer: NodeJS.Timeout | null = null;
    let sweepWake: (() => void) | null = null;
    const wakeSweep = () => sweepWake?.();
    const sweep = async () => {
      const ids = [...outstanding].filter(([id, e]) => e.added && !collecting.has(id)).map(([id]) => id);
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      let lost = 0;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        const entry = outstanding.get(id);
        if (!entry) continue;
        if (states[i] === 'completed' || states[i] === 'failed') void collect(id);
        else if (states[i] === 'unknown' && !collecting.has(id)) {
          lost++;
          await requeue(id, entry);
        }
      }
      if (lost > 0) ctx.onNotice(`${lost} job${lost > 1 ? 's' : ''} missing from Redis (restarted without its data?): queued again`);
      if (adaptation && !(await redis.exists(adaptation.ref.key))) await publishAdaptation();
      if (outstanding.size > 0 && (await queue.getWorkers()).length === 0) {
        noWorkersSince ??= Date.now();
        if (!noticedNoWorkers && Date.now() - noWorkersSince > NO_WORKER_NOTICE_MS) {
          noticedNoWorkers = true;
          ctx.onNotice(`no vnplan worker takes queue ${name} yet: start \`vnplan worker --queue ${redactUrl(opts.url)}\` on machines with this same vnplan and models`);
        }
      } else noWorkersSince = null;
    };
    const sweeping = (async () => {
      while (!closed) {
        await new Promise<void>((r) => {
          sweepWake = r;
          sweepTimer = setTimeout(r, sweepMs);
        });
        if (sweepTimer) clearTimeout(sweepTimer);
        if (closed) break;
        try {
          await sweep();
        } catch {
          // Redis gone for a moment: the next sweep tries again.
        }
      }
    })();

    const fileRef = (path: string, bytes: Buffer | null): FileRef =>
      bytes && bytes.length < inlineBelow ? { bytes: bytes.toString('base64') } : { location: resolve(path) };
    /** Reads the file again for its job (only when it travels inside it). */
    const fileJob = (base: Omit<JobData, 'file'>, path: string) => async (): Promise<JobData> => {
      const size = (await stat(path)).size;
      return { ...base, file: fileRef(path, size < inlineBelow ? await readFile(path) : null) };
    };

    const executor: Executor = {
      async scan({ path, hash, bytes }, done) {
        const base: Omit<JobData, 'file'> = { kind: 'scan', version: stamp, sourcePath: path, contentHash: hash, from: 'ingest' };
        await submit({ ...base, file: fileRef(path, bytes) }, fileJob(base, path), done);
      },
      async run(task, done) {
        const data: JobData = {
          kind: task.kind,
          version: stamp,
          sourcePath: task.ingested.sourcePath,
          contentHash: task.ingested.contentHash,
          payload: encodeRecord(task.kind === 'extract' ? { ingested: task.ingested, repaired: task.repaired } : { ingested: task.ingested }),
          from: task.kind === 'extract' ? 'extract' : 'repair',
        };
        await submit(data, async () => data, done as (r: ScanResult) => void);
      },
      async adapt(cleanTexts) {
        if (cleanTexts.length === 0) {
          adaptation = null;
          return;
        }
        const { sha, blob, chars } = packAdaptation(cleanTexts);
        adaptation = { ref: { key: adaptationKey(name, sha), sha, texts: cleanTexts.length, chars }, blob };
        await publishAdaptation();
      },
      async repair(item, done) {
        const { path } = item;
        const common = { kind: 'repair' as const, version: stamp, sourcePath: path, ocr: item.ocr, textKind: item.textKind, adaptation: adaptation?.ref ?? null, from: item.from };
        if (item.from === 'repair' && item.loadStored) {
          const ingested = item.loadStored();
          const data: JobData = { ...common, contentHash: ingested.contentHash, payload: encodeRecord({ ingested }) };
          await submit(data, async () => data, done as (r: ScanResult) => void);
          return;
        }
        // Read again, as a local run does in its second pass; a file gone since is its error row.
        let data: JobData;
        try {
          const size = (await stat(path)).size;
          const bytes = size < inlineBelow ? await readFile(path) : null;
          data = { ...common, contentHash: item.hash ?? '', file: fileRef(path, bytes) };
        } catch {
          try {
            await ingestWith(path, {});
          } catch (f) {
            done({ kind: 'failed', error: { sourcePath: path, stage: 'ingest', message: (f as Error).message } });
            return;
          }
          done({ kind: 'failed', error: { sourcePath: path, stage: 'ingest', message: `${path}: cannot read the file` } });
          return;
        }
        const { file: _file, ...base } = data;
        await submit(data, fileJob(base, path), done as (r: ScanResult) => void);
      },
      async drain() {
        await until(() => outstanding.size === 0);
      },
      async close() {
        closed = true;
        wakeSweep();
        await sweeping;
        await events.close();
        await queue.close();
        if (adaptation) await redis.del(adaptation.ref.key).catch(() => undefined);
        redis.disconnect();
      },
    };
    return executor;
  };
}

/** The job's data without the file's bytes (kept for its kind and path; rebuild() reads them again). */
function slim(data: JobData): JobData {
  return data.file?.bytes !== undefined ? { ...data, file: {} } : data;
}
