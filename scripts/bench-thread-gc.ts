/**
 * One pipeline thread's work on bench plans, in this thread, for comparing V8 heap settings
 * (issue 14): run it under the flags a worker would get and compare CPU seconds and GC time.
 *
 *   node --max-semi-space-size=S --max-old-space-size=160 --import tsx scripts/bench-thread-gc.ts [plans] [count]
 *
 * Classifies every plan as the first pass does, then repairs the damaged ones with a model adapted
 * to the clean ones (as the second pass does), segmenting and extracting each. Prints CPU seconds,
 * the time V8 spent collecting garbage (PerformanceObserver 'gc') and the peak RSS.
 */
import { peakRssKb } from './peak-rss.ts';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { ingestWith } from '../src/ingest/index.ts';
import { cleanText, packTexts, runTask, threadModels, type Task } from '../src/pipeline/stages.ts';
import { benchPlans } from './bench-batch.ts';

const dir = process.argv[2] && process.argv[2] !== '-' ? process.argv[2] : benchPlans(1000);
const count = Number(process.argv[3] ?? 150);
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, count);
const docs = await Promise.all(files.map((f) => ingestWith(join(dir, f), {})));

let gcMs = 0;
const gcByKind: Record<string, number> = {};
const KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental', 8: 'weak-callbacks' };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    const kind = KINDS[((e as { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? 'other';
    gcByKind[kind] = +((gcByKind[kind] ?? 0) + e.duration / 1000).toFixed(3);
  }
}).observe({ entryTypes: ['gc'] });

const c0 = process.cpuUsage();
const models = threadModels();
const clean: string[] = [];
const damaged: Task[] = [];
for (const doc of docs) {
  const r = runTask({ kind: 'classify', ingested: doc }, models);
  if (r.kind === 'processed') clean.push(cleanText(doc));
  else if (r.kind === 'damaged') damaged.push({ kind: 'repair', ingested: doc, adaptation: null, textKind: r.textKind });
}
const adaptation = { id: 1, texts: packTexts(clean.slice(0, 80)) };
for (const t of damaged) runTask({ ...t, adaptation } as Task, models);
const cpu = process.cpuUsage(c0);
await new Promise((r) => setTimeout(r, 50));
console.log(
  JSON.stringify({
    docs: docs.length,
    damaged: damaged.length,
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    gcSeconds: +(gcMs / 1000).toFixed(2),
    gcByKind,
    maxRssMb: Math.round((peakRssKb() * 1024) / 1e6),
  }),
);
