/**
 * `npm run bench`: prints the speed and memory figures the issues set targets for.
 * Each area measures itself in scripts/bench-<area>.ts; this script runs them in turn and
 * adds the end-to-end pipeline throughput over corpus/.
 */
import { peakRssKb } from './peak-rss.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIngestor } from '../src/ingest/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { processIngested } from '../src/pipeline/batch.ts';

type Figures = Record<string, number | string>;

async function benchPipeline(): Promise<Figures> {
  const files = readdirSync('corpus').filter((f) => !f.startsWith('.')).sort().map((f) => join('corpus', f));
  const ingestor = createIngestor();
  const t0 = performance.now();
  const docs = [];
  for (const f of files) docs.push(await ingestor.ingest(f));
  await ingestor.close();
  const t1 = performance.now();
  const repairer = createRepairer();
  repairer.repairDocument(docs[0]); // load the models outside the timed batch
  const t2 = performance.now();
  const result = processIngested(docs, repairer);
  const t3 = performance.now();
  const lines = docs.reduce((n, d) => n + d.pages.reduce((m, p) => m + p.lines.length, 0), 0);
  return {
    'pipeline.documents': result.documents.length,
    'pipeline.lines': lines,
    'pipeline.ingest_ms': Math.round(t1 - t0),
    'pipeline.repair_segment_extract_ms (batch)': Math.round(t3 - t2),
    'pipeline.documents_per_s': Number((result.documents.length / ((t3 - t2) / 1000)).toFixed(2)),
  };
}

async function runArea(file: string, exportName: string): Promise<Figures> {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) return { [`${file}`]: 'not present' };
  const mod = await import(pathToFileURL(path).href);
  return mod[exportName]();
}

const sections: [string, () => Promise<Figures>][] = [
  // pages made here (held-out text, typeset and scanned in-process): OCR speed with every core, repair
  // speed on English-model OCR, stripped text and Vietnamese-model OCR, raw and repaired accuracy
  ['scanned pages: OCR and repair', () => runArea('bench-repair.ts', 'benchRepair')],
  ['pipeline', benchPipeline],
  ['ingest / OCR', () => runArea('bench-ingest.ts', 'benchIngest')],
  // The streaming pipeline on 1,000 and 10,000 real-sized plans (BENCH_BATCH_LARGE=0 skips the 10,000).
  ['batch (issue 14)', () => runArea('bench-batch.ts', 'benchBatch')],
  // Every analyst command on a 33,000-document store.
  ['national store (issue 14)', () => runArea('bench-national.ts', 'benchNational')],
];
for (const [name, run] of sections) {
  console.log(`== ${name}`);
  const figures = await run();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(48)} ${v}`);
}
console.log(`peak RSS of this process: ${Math.round(peakRssKb() / 1024)} MB`);
