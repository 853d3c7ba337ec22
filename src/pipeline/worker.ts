/**
 * A pipeline worker thread (run by piscina, see pool.ts): loads the models once, on its first task,
 * on the language model tables the main thread shared (workerData.lm), then runs tasks one at a time.
 */
import { workerData } from 'node:worker_threads';
import type { SharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { runTask, threadModels, type Task, type TaskResult } from './stages.ts';

const models = threadModels((workerData as { lm?: SharedLanguageModel } | null)?.lm);

let n = 0;
export default function work(task: Task): TaskResult {
  const r = runTask(task, models);
  if (process.env.VNPLAN_DEBUG_MEM && ++n % 5 === 0) {
    const m = process.memoryUsage();
    const mb = (x: number) => Math.round(x / 1e6);
    process.stderr.write(`worker ${n} rss ${mb(m.rss)} heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)}\n`);
  }
  return r;
}
