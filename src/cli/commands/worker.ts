import type { Command } from 'commander';
import { defaultJobs } from '../../pipeline/pool.ts';
import { examples, globalOptions } from '../options.ts';
import { wholeNumber } from './run.ts';

interface WorkerOptions {
  queue: string;
  jobs: string;
  ocrWorkers?: string;
  concurrency?: string;
  lockDuration: string;
  pathMap: string[];
  name?: string;
}

/** "from=to" → [from, to]. */
function pathMapping(text: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0 || i === text.length - 1) throw new Error(`--path-map must be FROM=TO (the shared storage as the run sees it = as this machine sees it), got "${text}"`);
  return [text.slice(0, i), text.slice(i + 1)];
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('do the work of `vnplan run --queue` runs: ingest, OCR, repair, segment and extract the files of their jobs, until stopped (docs/scale-out.md)')
    .requiredOption('--queue <url>', 'the Redis of the runs (redis://host:port)')
    .option('--jobs <n>', 'worker threads for repair, segmentation and extraction', String(defaultJobs()))
    .option('--ocr-workers <n>', 'OCR workers (default: one per thread)')
    .option('--concurrency <n>', 'jobs taken at a time (default: two per thread)')
    .option('--lock-duration <ms>', "how long a job stays this worker's without it renewing the lock: how soon the job of a killed worker goes to another", '30000')
    .option('--path-map <from=to>', 'shared storage mounted elsewhere on this machine: a path the run gives as FROM… is read at TO… (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--name <name>', 'name shown in Redis and in the logs (default: host:pid)')
    .addHelpText('after', examples('vnplan worker --queue redis://10.0.0.5:6379', 'vnplan worker --queue redis://10.0.0.5:6379 --jobs 8 --path-map /srv/scans=/mnt/scans'))
    .action(async (opts: WorkerOptions, command: Command) => {
      const { verbose } = globalOptions(command);
      const { startQueueWorker } = await import('../../pipeline/distributed/worker.ts');
      const worker = await startQueueWorker({
        url: opts.queue,
        jobs: wholeNumber(opts.jobs, '--jobs', 1),
        ocrWorkers: opts.ocrWorkers === undefined ? undefined : wholeNumber(opts.ocrWorkers, '--ocr-workers', 1),
        concurrency: opts.concurrency === undefined ? undefined : wholeNumber(opts.concurrency, '--concurrency', 1),
        lockDuration: wholeNumber(opts.lockDuration, '--lock-duration', 1000),
        pathMap: opts.pathMap.map(pathMapping),
        name: opts.name,
        verbose,
      });
      // SIGTERM / Ctrl-C: finish the jobs in hand, then stop; a second signal stops at once (the jobs go to other workers).
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: NodeJS.Signals) => {
          if (stopping) process.exit(130);
          stopping = true;
          process.stderr.write(`vnplan worker ${worker.name}: ${signal}, finishing the jobs in hand (again to stop at once)\n`);
          void worker.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
