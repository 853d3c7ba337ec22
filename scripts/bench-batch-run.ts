/**
 * One measured pipeline run for scripts/bench-batch.ts, in its own process:
 *   node --import tsx scripts/bench-batch-run.ts <folder> <db> <jobs>
 * Prints one JSON line: wall and CPU seconds, peak RSS (every thread of the process), RSS sampled
 * every second, the run's summary, and (on Linux) the CPU seconds of each thread: the main thread
 * (the writer), the busiest `jobs` threads (the pipeline's workers) and all the others (V8's
 * compiler and GC helpers, libuv).
 */
import { peakRssKb } from './peak-rss.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { runPipeline } from '../src/pipeline/run.ts';

/** CPU seconds of every thread of this process so far, by thread id (Linux /proc; empty elsewhere). */
function threadCpu(into: Map<number, number>): void {
  try {
    for (const t of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      into.set(Number(t), (Number(f[11]) + Number(f[12])) / 100);
    }
  } catch {
    // not Linux: no per-thread figures
  }
}

const [dir, db, jobs] = process.argv.slice(2);
const samples: number[] = [];
const threads = new Map<number, number>();
const timer = setInterval(() => {
  samples.push(Math.round(process.memoryUsage().rss / 1e6));
  threadCpu(threads);
}, 1000);
const c0 = process.cpuUsage();
const t0 = performance.now();
const summary = await runPipeline([dir!], db!, { jobs: Number(jobs) });
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
clearInterval(timer);
threadCpu(threads);
const main = threads.get(process.pid) ?? 0;
const others = [...threads].filter(([t]) => t !== process.pid).map(([, s]) => s).sort((a, b) => b - a);
const workers = others.slice(0, Number(jobs));
const round = (x: number) => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: Math.round((peakRssKb() * 1024) / 1e6),
    rssSamplesMb: samples,
    summary: { files: summary.files, documents: summary.documents, skipped: summary.skipped, errors: summary.errors.length },
    threadCpuSeconds: { main: round(main), workers: workers.map(round), other: round(others.slice(workers.length).reduce((a, b) => a + b, 0)) },
  }),
);
