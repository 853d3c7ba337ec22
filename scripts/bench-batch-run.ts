/**
 * One measured pipeline run for scripts/bench-batch.ts, in its own process:
 *   node --import tsx scripts/bench-batch-run.ts <folder> <db> <jobs>
 * Prints one JSON line: wall and CPU seconds, peak RSS (every thread of the process), RSS sampled
 * every second, and the run's summary.
 */
import { runPipeline } from '../src/pipeline/run.ts';

const [dir, db, jobs] = process.argv.slice(2);
const samples: number[] = [];
const timer = setInterval(() => samples.push(Math.round(process.memoryUsage().rss / 1e6)), 1000);
const c0 = process.cpuUsage();
const t0 = performance.now();
const summary = await runPipeline([dir!], db!, { jobs: Number(jobs) });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
clearInterval(timer);
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1e6),
    rssSamplesMb: samples,
    summary: { files: summary.files, documents: summary.documents, skipped: summary.skipped, errors: summary.errors.length },
  }),
);
