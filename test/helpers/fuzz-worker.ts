// The worker thread of `runGuarded` (test/helpers/fuzz-run.ts): builds and runs each case, telling
// the parent when a case starts (so it can time it) and how it ended.
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCase } from './fuzz-docs.ts';
import { runCase } from './fuzz-run.ts';

const { seeds, options } = workerData as { seeds: number[]; options: { maxLineLength?: number } };
for (const seed of seeds) {
  const c = fuzzCase(seed, options);
  parentPort!.postMessage({ start: { seed, shape: c.shape, lines: c.lines.length, chars: c.lines.reduce((s, l) => s + l.length + 1, 0) } });
  parentPort!.postMessage({ result: runCase(c) });
}
