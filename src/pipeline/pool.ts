/**
 * Where the pipeline's CPU work runs: a piscina pool of worker threads (one per job), or the main
 * thread itself when `jobs` is 0. Either way at most `capacity` tasks are in flight: `submit`
 * waits for room, which is the back-pressure that keeps the pipeline's memory flat however many
 * files it is given.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { SharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { runTask, threadModels, type Task, type TaskResult } from './stages.ts';

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

const WORKER = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

/** Default number of worker threads: every core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export function createTaskPool(opts: { jobs: number; lm?: SharedLanguageModel }): TaskPool {
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
    const pool = new Piscina<Task, TaskResult>({
      filename: WORKER,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      workerData: { lm: opts.lm },
    });
    run = (task) => pool.run(task);
    close = () => pool.destroy();
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
