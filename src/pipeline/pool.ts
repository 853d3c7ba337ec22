/**
 * Where the pipeline's CPU work runs: a piscina pool of worker threads (one per job), or the main
 * thread itself when `jobs` is 0. Either way at most `capacity` tasks are in flight: `submit`
 * waits for room, which is the back-pressure that keeps the pipeline's memory flat however many
 * files it is given.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { SharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { runTask, threadModels, withTaskInput, type Task, type TaskResult } from './stages.ts';
import { bundleWorker } from './worker-bundle.ts';

export interface TaskPool {
  /**
   * Starts a task as soon as there is room (the returned promise resolves then); `done` gets its
   * result, or the error of a thread that died under it.
   */
  submit(task: Task, done: (result: TaskResult | Error) => void): Promise<void>;
  /** Waits for every task in flight. */
  drain(): Promise<void>;
  close(): Promise<void>;
  readonly threads: number;
}


/** Default number of worker threads: every core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Worker heap limits: the live data of a thread (its models, the adapted model, the decoder memos it
 * clears every CLEAR_MEMOS_EVERY documents) stays under 100 MB; without a limit V8 lets garbage
 * pile up to several hundred MB per thread before it collects. The young generation is 24 MB: with
 * 8 MB a thread scavenged all the time, copying the same document-sized survivors again and again
 * (scripts/bench-thread-gc.ts, 150 bench plans on one thread: scavenges 4.5 s → 2 s, 6 of 16 s in
 * GC → 3), for ~20 MB more per thread.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 160, maxYoungGenerationSizeMb: 24 };

/**
 * How long one document may hold a thread (repair, segment, extract; OCR runs apart). A real plan
 * takes well under a second; a document that runs far longer has met a defect, and a thread that
 * never comes back would stall the whole batch: it is stopped (piscina terminates and replaces the
 * thread) and the document becomes an error row.
 */
export const TASK_TIME_LIMIT_MS = 300_000;

/**
 * The main thread's flags for a worker running the bundle, without a TypeScript loader: under
 * `node --import tsx` (the bench, the tests) a worker inherits the flag, and tsx would start a
 * module-hooks thread per worker and transform the bundle again, for nothing. A worker given
 * execArgv refuses V8 and process-wide options (ERR_WORKER_INVALID_EXEC_ARGV): they apply to every
 * thread of the process anyway (`vnplan run`'s --max-semi-space-size, src/runtime/relaunch.mjs), so each flag a
 * thread refuses is left out and the thread still runs under it. The profilers' flags are not
 * probed (a probe thread started with them would write a profile); they are per-thread options.
 */
export function bundleExecArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  const PROFILER = /^--(cpu|heap)-prof(-(dir|name|interval))?(=.*)?$/;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    // a flag and its value when the value is the next argument (--import x)
    const group = a.startsWith('--') && !a.includes('=') && i + 1 < argv.length && !argv[i + 1]!.startsWith('-') ? [a, argv[++i]!] : [a];
    const isTsx = (group.length === 2 && /^--(import|loader|experimental-loader)$/.test(a) && /(^|\/)tsx(\/|$)/.test(group[1]!)) || /^--(import|loader|experimental-loader)=(.*\/)?tsx(\/|$)/.test(a);
    if (isTsx) continue;
    if (PROFILER.test(a) || threadAccepts(group)) out.push(...group);
  }
  return out;
}

/** Whether a worker thread may be given these flags (V8 and process-wide options: no). */
function threadAccepts(flags: string[]): boolean {
  try {
    const w = new Worker('', { eval: true, execArgv: flags, stdout: true, stderr: true });
    w.on('error', () => undefined);
    void w.terminate();
    return true;
  } catch {
    return false;
  }
}

export async function createTaskPool(opts: { jobs: number; lm?: SharedLanguageModel; taskTimeLimitMs?: number }): Promise<TaskPool> {
  const threads = Math.max(0, Math.floor(opts.jobs));
  // Two tasks per thread: one running, one cloned and waiting, so a thread never idles on the main thread.
  const capacity = Math.max(1, threads * 2);
  const inFlight = new Set<Promise<unknown>>();
  let run: (task: Task) => Promise<TaskResult>;
  let close: () => Promise<void>;
  if (threads === 0) {
    const models = threadModels(opts.lm);
    run = async (task) => runTask(task, models);
    close = async () => undefined;
  } else {
    const worker = await bundleWorker();
    const pool = new Piscina<Task, TaskResult>({
      filename: worker.path,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      workerData: { lm: opts.lm },
      resourceLimits: WORKER_LIMITS,
      // The source fallback registers tsx itself (worker-entry.mjs).
      ...(worker.bundled ? { execArgv: bundleExecArgv(process.execArgv) } : {}),
    });
    const limit = opts.taskTimeLimitMs ?? TASK_TIME_LIMIT_MS;
    run = async (task) => {
      // (the clock starts when the task is queued: with two tasks per thread it may wait for one)
      const signal = AbortSignal.timeout(limit);
      try {
        return withTaskInput(task, await pool.run(task, { signal }));
      } catch (e) {
        if (signal.aborted) throw new Error(`stopped after ${Math.round(limit / 1000)} s without a result (repair, segment and extract of one document); the rest of the batch goes on`);
        throw e;
      }
    };
    close = async () => {
      await pool.destroy();
      worker.dispose();
    };
  }
  return {
    threads,
    async submit(task, done) {
      while (inFlight.size >= capacity) await Promise.race(inFlight);
      const tracked: Promise<void> = run(task)
        .then(
          (r) => done(r),
          (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
        )
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.race(inFlight);
    },
    close,
  };
}
