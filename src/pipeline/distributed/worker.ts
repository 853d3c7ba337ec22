/**
 * `vnplan worker`: takes the jobs of a `vnplan run --queue` from Redis (a BullMQ Worker), does
 * each in this machine's threads and OCR pool (process-job.ts), and puts the processed record
 * back in Redis for the run to store.
 *
 * The CPU work runs off the main thread (piscina threads, tesseract workers), so the main thread
 * always renews the locks of its jobs in time: a job whose lock lapses is one whose worker died
 * (SIGKILL, power loss), and BullMQ's stalled-job check gives it to another worker.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { Worker, UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { createOcrPool, type OcrEngine } from '../../ingest/index.ts';
import { loadSharedLanguageModel } from '../../repair/language-model/trigram-model.ts';
import { createTaskPool, type TaskPool } from '../pool.ts';
import { packTexts, type Adaptation, type Task, type TaskResult } from '../stages.ts';
import { readPipelineVersion, versionStamp, type PipelineVersion } from '../version.ts';
import { processJob } from './process-job.ts';
import { connectionFor, encodeResult, KEEP_SECONDS, KEY_PREFIX, mapSharedPath, queueName, redactUrl, resultKey, unpackAdaptation, WorkerFailure, type JobData } from './protocol.ts';
import { probeRedis } from './redis.ts';

export interface QueueWorkerOptions {
  url: string;
  /** Worker threads for repair, segmentation and extraction (≥ 1). */
  jobs: number;
  /** OCR workers (default: one per thread). */
  ocrWorkers?: number;
  /** Jobs taken at a time (default: two per thread, so a thread never waits for the next). */
  concurrency?: number;
  /** How long a job stays locked without its worker renewing the lock (ms): how soon a dead worker's job is retried elsewhere. */
  lockDuration?: number;
  /** How many times a job may lose its worker before it fails (default 2). */
  maxStalledCount?: number;
  /** Shared storage mounted at another path here: [as the run sees it, as this machine sees it]. */
  pathMap?: [string, string][];
  name?: string;
  verbose?: boolean;
  log?: (line: string) => void;
  version?: PipelineVersion;
}

export interface QueueWorker {
  name: string;
  queue: string;
  /** Finishes the jobs in hand, then stops. */
  close(): Promise<void>;
}

export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const version = opts.version ?? readPipelineVersion();
  const stamp = versionStamp(version);
  const queue = queueName(version);
  const jobs = Math.max(1, Math.floor(opts.jobs));
  const connection = connectionFor(opts.url);
  await probeRedis(opts.url);
  const name = opts.name ?? `${hostname()}:${process.pid}`;

  let pool: Promise<TaskPool> | null = null;
  // The models load on the first job: a worker that waits costs no memory.
  const getPool = () => (pool ??= createTaskPool({ jobs, lm: loadSharedLanguageModel() }));
  let ocr: OcrEngine | null = null;
  const redis = new Redis(opts.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined); // reconnects by itself; commands wait for it

  const adaptations = new Map<string, Promise<Adaptation>>();
  let adaptationIds = 0;
  const fetchAdaptation = async (sha: string, key: string): Promise<Adaptation> => {
    const blob = await redis.getBuffer(key);
    if (!blob) throw new WorkerFailure('repair', `the batch's adaptation texts (${key}) are not in Redis (the run re-publishes them; retrying)`);
    return { id: ++adaptationIds, texts: packTexts(unpackAdaptation(blob)) };
  };


  const processor = async (job: Job<JobData, string>): Promise<string> => {
    const data = job.data;
    if (data.version !== stamp) throw new UnrecoverableError(`the job is for ${data.version}, this worker runs ${stamp}`);
    const started = Date.now();
    const result = await processJob(data, {
      runTask: async (task: Task) => {
        const p = await getPool();
        return new Promise<TaskResult>((resolve, reject) => {
          void p.submit(task, (r) => (r instanceof Error ? reject(r) : resolve(r)));
        });
      },
      ocr: () => (ocr ??= createOcrPool({ workers: opts.ocrWorkers ?? jobs, verbose: opts.verbose })),
      adaptation: (ref) => {
        let a = adaptations.get(ref.sha);
        if (!a) {
          a = fetchAdaptation(ref.sha, ref.key);
          a.catch(() => adaptations.delete(ref.sha));
          adaptations.clear(); // one batch at a time: keep only the newest
          adaptations.set(ref.sha, a);
        }
        return a;
      },
      localPath: (location) => mapSharedPath(location, opts.pathMap ?? []),
      readFile: (path) => readFile(path),
      onPage: (done, total) => void job.updateProgress({ done, total }).catch(() => undefined),
    });
    const encoded = encodeResult(result);
    // Stored before the job completes: a completed job always has its result (a retry writes the same one again).
    await redis.set(resultKey(queue, job.id!), encoded, 'EX', KEEP_SECONDS);
    if (opts.verbose) log(`${name}: ${data.kind} ${data.sourcePath} → ${result.kind} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return `${encoded.length} bytes`;
  };

  const lockDuration = opts.lockDuration ?? 30_000;
  const worker = new Worker<JobData, string>(queue, processor, {
    connection,
    prefix: KEY_PREFIX,
    name,
    concurrency: opts.concurrency ?? jobs * 2,
    lockDuration,
    stalledInterval: lockDuration,
    maxStalledCount: opts.maxStalledCount ?? 2,
    autorun: true,
  });
  worker.on('error', (e) => log(`${name}: ${e.message}`));
  worker.on('failed', (job, e) => {
    if (job) log(`${name}: ${job.data.kind} ${job.data.sourcePath} failed (attempt ${job.attemptsMade}): ${e.message}`);
  });
  log(`vnplan worker ${name}: queue ${queue} on ${redactUrl(opts.url)}, ${jobs} thread${jobs > 1 ? 's' : ''}, ${opts.concurrency ?? jobs * 2} jobs at a time`);

  return {
    name,
    queue,
    async close() {
      await worker.close();
      if (pool) await (await pool).close();
      await ocr?.close();
      redis.disconnect();
    },
  };
}
