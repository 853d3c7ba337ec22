/**
 * Distributed OCR throughput (issue 15): scanned pages per second through `vnplan run --queue` with
 * 1, 2 and 4 local `vnplan worker`s (one thread and one OCR worker each), against a local
 * `vnplan run` of the same files, and what that means for a national backlog of scanned pages.
 *
 *   npm run bench:distributed                 # or: node --import tsx scripts/bench-distributed.ts
 *   BENCH_DIST_DOCS=12 BENCH_DIST_PAGES=3 BENCH_DIST_WORKERS=1,2,4 npm run bench:distributed
 *
 * The scans are generated plans typeset at 300 dpi and put in PDFs without a text layer (every
 * page is OCR'd), each document different. Redis is a redis-server started here on a free port
 * (the Debian package). Each configuration first does a small warm-up batch (models and OCR
 * engines loaded in every worker), then the timed batch into a fresh store. CPU seconds are those
 * of the worker processes (all their threads) and of the run process, read from /proc. The single
 * writer's own cost per document is measured apart (writerCost): it bounds how many workers one
 * run can keep busy.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile } from '../src/ingest/index.ts';
import { decodeResult, encodeResult } from '../src/pipeline/distributed/protocol.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { runTask, threadModels } from '../src/pipeline/stages.ts';
import { readPipelineVersion } from '../src/pipeline/version.ts';
import { openStore } from '../src/store/index.ts';
import { makeScannedPdf, renderPagePng } from '../test/fixtures/ingest/build.ts';
import { parallelHeadroom } from './bench-ingest.ts';
import { startQueuedRun, startRedis, startWorker, type WorkerProcess } from '../test/distributed/harness.ts';
import { generateCorpus } from '../test/helpers/generate-corpus.ts';

const DOCS = Number(process.env.BENCH_DIST_DOCS ?? 10);
const PAGES = Number(process.env.BENCH_DIST_PAGES ?? 3);
const WORKERS = (process.env.BENCH_DIST_WORKERS ?? '1,2,4').split(',').map(Number);
const LINES_PER_PAGE = 30;
const NATIONAL_PAGES = 500_000;

type Figures = Record<string, number | string>;

/** `docs` scanned PDFs of `pages` pages each, every page from a different generated plan's lines. */
async function writeScans(dir: string, docs: number, pages: number, seed: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const plans = generateCorpus(docs, seed);
  for (const [i, plan] of plans.entries()) {
    const lines = plan.text.split('\n').filter((l) => l.trim());
    const pngs: Buffer[] = [];
    for (let p = 0; p < pages; p++) {
      const chunk = lines.slice(p * LINES_PER_PAGE, (p + 1) * LINES_PER_PAGE);
      pngs.push(renderPagePng(chunk.length > 0 ? chunk : lines.slice(0, LINES_PER_PAGE), 300));
    }
    writeFileSync(join(dir, `scan-${String(i).padStart(3, '0')}.pdf`), await makeScannedPdf(pngs));
  }
}

/** CPU seconds of a process so far, all its threads (/proc/<pid>/stat utime + stime). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return NaN;
  }
}

const load = () => loadavg()[0].toFixed(1);

/**
 * The single writer's ceiling: CPU milliseconds the run process spends per real-sized document it
 * stores (decoding the worker's result, one SQLite transaction), on the five sample documents'
 * processed records, stored 200 times under other names.
 */
async function writerCost(root: string): Promise<Figures> {
  const models = threadModels();
  const results: string[] = [];
  for (const f of readdirSync('corpus').sort()) {
    results.push(encodeResult(runTask({ kind: 'repair', ingested: await ingestFile(join('corpus', f)), adaptation: null }, models)));
  }
  const store = openStore(join(root, 'writer.sqlite'), { version: readPipelineVersion() });
  const n = 200;
  let lines = 0;
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = decodeResult(results[i % results.length]);
    if (r.kind !== 'processed') throw new Error('a sample document was not processed');
    bytes += results[i % results.length].length;
    const doc = { ...r.document, ingested: { ...r.document.ingested, contentHash: `bench-${i}`, sourcePath: `bench/${i}.txt` } };
    lines += doc.ingested.pages.reduce((k, p) => k + p.lines.length, 0);
    store.saveDocument(doc);
  }
  const c = process.cpuUsage(c0);
  const wallMs = (performance.now() - t0) / n;
  store.close();
  return {
    'writer.lines_per_document': Math.round(lines / n),
    'writer.result_kb_per_document (in Redis, gzipped)': Math.round(bytes / n / 1024),
    'writer.cpu_ms_per_document': Number(((c.user + c.system) / 1000 / n).toFixed(1)),
    'writer.documents_per_s': Math.round(1000 / wallMs),
  };
}

async function distributed(workers: number, batch: string, warm: string, root: string): Promise<Figures> {
  const redis = await startRedis();
  const started: WorkerProcess[] = [];
  try {
    for (let i = 0; i < workers; i++) started.push(await startWorker(redis.url, `bench${i + 1}`, ['--ocr-workers', '1']));
    const warmRun = await startQueuedRun(redis.url, [warm, '--db', join(root, `warm-${workers}.sqlite`)]).done;
    if (warmRun.status !== 0) throw new Error(`warm-up run failed: ${warmRun.stderr}`);
    const cpu0 = started.reduce((n, w) => n + cpuSeconds(w.child.pid!), 0);
    const loadBefore = load();
    const t0 = performance.now();
    const run = startQueuedRun(redis.url, [batch, '--db', join(root, `dist-${workers}.sqlite`)]);
    let runCpu = 0;
    const sampler = setInterval(() => (runCpu = Math.max(runCpu, cpuSeconds(run.child.pid!) || 0)), 200);
    const result = await run.done;
    clearInterval(sampler);
    const seconds = (performance.now() - t0) / 1000;
    if (result.status !== 0) throw new Error(`run failed (${result.status}): ${result.stderr}`);
    const summary = JSON.parse(result.stdout) as { documents: number };
    const workerCpu = started.reduce((n, w) => n + cpuSeconds(w.child.pid!), 0) - cpu0;
    const pages = summary.documents * PAGES;
    // What the host gave the workers: far below `workers` when other jobs load it.
    return {
      [`queue.${workers}_workers.documents`]: summary.documents,
      [`queue.${workers}_workers.wall_s`]: Number(seconds.toFixed(1)),
      [`queue.${workers}_workers.pages_per_s`]: Number((pages / seconds).toFixed(3)),
      [`queue.${workers}_workers.worker_cpu_s_per_page`]: Number((workerCpu / pages).toFixed(2)),
      [`queue.${workers}_workers.cores_used_by_workers`]: Number((workerCpu / seconds).toFixed(2)),
      [`queue.${workers}_workers.run_process_cpu_s`]: Number(runCpu.toFixed(1)),
      [`queue.${workers}_workers.load_1min_before_after`]: `${loadBefore} / ${load()}`,
    };
  } finally {
    for (const w of started) await w.stop();
    await redis.kill();
  }
}

export async function benchDistributed(): Promise<Figures> {
  const root = mkdtempSync(join(tmpdir(), 'vnplan-bench-dist-'));
  try {
    const batch = join(root, 'scans');
    const warm = join(root, 'warm');
    await writeScans(batch, DOCS, PAGES, 1501);
    await writeScans(warm, 8, 1, 1601);
    const figures: Figures = {
      'machine.cores': availableParallelism(),
      // How much faster 2 plain CPU-bound threads finish than 1 right now (2.0 on an idle 2-core machine).
      'machine.parallel_headroom_2_threads_before': Number((await parallelHeadroom(2)).toFixed(2)),
      'batch.documents x pages': `${DOCS} x ${PAGES} = ${DOCS * PAGES} scanned pages (300 dpi, no text layer)`,
    };

    Object.assign(figures, await writerCost(root));

    // The local baseline: the same files through `runPipeline` in this process, 2 threads, 2 OCR workers.
    await runPipeline([warm], join(root, 'warm-local.sqlite'), { jobs: 2 });
    const c0 = process.cpuUsage();
    const loadBefore = load();
    const t0 = performance.now();
    const local = await runPipeline([batch], join(root, 'local.sqlite'), { jobs: 2 });
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const localPages = local.documents * PAGES;
    figures['local.2_threads.wall_s'] = Number(seconds.toFixed(1));
    figures['local.2_threads.pages_per_s'] = Number((localPages / seconds).toFixed(3));
    figures['local.2_threads.cpu_s_per_page'] = Number(((c.user + c.system) / 1e6 / localPages).toFixed(2));
    figures['local.2_threads.cores_used'] = Number(((c.user + c.system) / 1e6 / seconds).toFixed(2));
    figures['local.2_threads.load_1min_before_after'] = `${loadBefore} / ${load()}`;

    let best = { workers: 0, pagesPerS: 0, cpuPerPage: Infinity };
    for (const w of WORKERS) {
      const f = await distributed(w, batch, warm, root);
      Object.assign(figures, f);
      const pps = f[`queue.${w}_workers.pages_per_s`] as number;
      const cpu = f[`queue.${w}_workers.worker_cpu_s_per_page`] as number;
      if (pps > best.pagesPerS) best = { workers: w, pagesPerS: pps, cpuPerPage: cpu };
      best.cpuPerPage = Math.min(best.cpuPerPage, cpu);
    }

    // The national backlog from these measurements.
    const days = (pagesPerS: number) => NATIONAL_PAGES / pagesPerS / 86_400;
    figures['national.pages'] = NATIONAL_PAGES;
    figures[`national.days_at_best_measured_rate (${best.workers} workers here)`] = Number(days(best.pagesPerS).toFixed(1));
    // Per core: the lowest worker CPU seconds per page measured, at 85 % of each core (queue, I/O, imbalance).
    const perCorePagesPerS = 0.85 / best.cpuPerPage;
    for (const [machines, cores] of [[1, 8], [4, 8], [10, 8]] as const) {
      figures[`national.days_on_${machines}_machines_of_${cores}_cores`] = Number(days(perCorePagesPerS * machines * cores).toFixed(1));
    }
    figures['national.machines_of_8_cores_for_one_week'] = Math.ceil(NATIONAL_PAGES / (perCorePagesPerS * 8 * 7 * 86_400));
    figures['machine.parallel_headroom_2_threads_after'] = Number((await parallelHeadroom(2)).toFixed(2));
    return figures;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench-distributed.ts')) {
  const figures = await benchDistributed();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(64)} ${v}`);
}
