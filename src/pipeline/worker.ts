/**
 * A pipeline worker thread (run by piscina, see pool.ts): loads the models once, on its first task,
 * on the language model tables the main thread shared (workerData.lm), then runs tasks one at a time.
 */
import { workerData } from 'node:worker_threads';
import type { SharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { runTask, threadModels, withoutTaskInput, type Task, type TaskResult } from './stages.ts';

const models = threadModels((workerData as { lm?: SharedLanguageModel } | null)?.lm);

export default function work(task: Task): TaskResult {
  return withoutTaskInput(task, runTask(task, models));
}
