import type { Command } from 'commander';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import { runPipeline, type PipelineEvent, type RunSummary } from '../../pipeline/run.ts';
import { defaultJobs } from '../../pipeline/pool.ts';
import type { ExecutorFactory } from '../../pipeline/executor.ts';
import { DEFAULT_INLINE_BELOW } from '../../pipeline/distributed/protocol.ts';
import { examples, globalOptions, printJson } from '../options.ts';

export const DEFAULT_DB = 'output/plans.sqlite';

/** Exit code for a batch that completed but recorded per-file errors. */
export const EXIT_PARTIAL = 3;

export function formatSummary(s: RunSummary, dbPath: string): string {
  const redone = s.reprocessed.repair + s.reprocessed.extract;
  const lines = [
    `files: ${s.files}  documents stored: ${s.documents}${s.replaced ? ` (${s.replaced} replaced)` : ''}${
      redone ? ` (${s.reprocessed.repair} re-repaired, ${s.reprocessed.extract} re-extracted from the store)` : ''
    }  skipped (unchanged): ${s.skipped}  sections: ${s.sections}  tasks: ${s.tasks}  targets: ${s.targets}  errors: ${s.errors.length}`,
    ...s.errors.map((e) => `  error [${e.stage}] ${e.message}`),
    `database: ${dbPath}`,
  ];
  return lines.join('\n');
}

/** Progress bars on stderr: files settled, and OCR'd pages (a scanned PDF can take minutes while the file bar stands still). */
function progressBars(): { onEvent: (e: PipelineEvent) => void; stop: () => void } {
  const bars = new MultiBar({ format: '{name} |{bar}| {value}/{total} {detail}', stream: process.stderr, hideCursor: true, clearOnComplete: false }, Presets.shades_classic);
  let files: SingleBar | null = null;
  let pages: SingleBar | null = null;
  const pageTotals = new Map<string, { done: number; total: number }>();
  return {
    onEvent(e) {
      if (e.type === 'file') {
        files ??= bars.create(e.total, 0, { name: 'documents', detail: '' });
        files.update(e.done, { detail: `${e.outcome} ${e.path}` });
      } else if (e.type === 'phase') {
        files?.update({ detail: e.phase === 'scan' ? 'reading' : e.phase === 'repair' ? `repairing ${e.files} damaged documents` : `OCR of ${e.files} files` });
      } else if (e.type === 'notice') {
        bars.log(`${e.message}\n`);
      } else {
        pageTotals.set(e.path, { done: e.done, total: e.total });
        let done = 0;
        let total = 0;
        for (const p of pageTotals.values()) {
          done += p.done;
          total += p.total;
        }
        pages ??= bars.create(total, 0, { name: 'OCR pages', detail: '' });
        pages.setTotal(total);
        pages.update(done, { detail: e.path });
      }
    },
    stop: () => bars.stop(),
  };
}

interface RunOptions {
  db: string;
  jobs: string;
  force?: boolean;
  progress: boolean;
  json?: boolean;
  queue?: string;
  inlineBelow: string;
  window: string;
  attempts: string;
}

/** A whole number ≥ min from an option's text, or an error naming the option. */
export function wholeNumber(text: string, option: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${option} must be a whole number ≥ ${min}, got "${text}"`);
  return n;
}

/** The queue executor (loaded only with --queue: a local run never imports BullMQ). */
async function queueOptions(opts: RunOptions): Promise<ExecutorFactory> {
  const { queueExecutor } = await import('../../pipeline/distributed/queue-executor.ts');
  return queueExecutor({
    url: opts.queue!,
    inlineBelow: wholeNumber(opts.inlineBelow, '--inline-below', 0),
    window: wholeNumber(opts.window, '--window', 1),
    attempts: wholeNumber(opts.attempts, '--attempts', 1),
  });
}

export function register(program: Command): void {
  program
    .command('run')
    .description('process files and folders into the SQLite store: each document committed as it is done, unchanged files skipped')
    .argument('<inputs...>', 'files or folders (text, PDF, images, DOCX)')
    .option('--db <path>', 'SQLite database', DEFAULT_DB)
    .option('--jobs <n>', 'worker threads for repair, segmentation and extraction (0: none, all in one thread)', String(defaultJobs()))
    .option('--force', 're-process files already stored with the current version')
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as JSON')
    .option('--queue <url>', 'do the work on `vnplan worker`s through this Redis (redis://host:port); this process stores the results (docs/scale-out.md)')
    .option('--inline-below <bytes>', 'with --queue: files smaller than this travel inside their job, larger ones as paths on storage the workers share (0: always paths)', String(DEFAULT_INLINE_BELOW))
    .option('--window <n>', 'with --queue: jobs waiting or running at a time', '256')
    .option('--attempts <n>', 'with --queue: attempts of a job before its file is an error row', '3')
    .addHelpText(
      'after',
      examples(
        'vnplan run corpus',
        'vnplan run scans/ plans.docx --db output/province.sqlite --jobs 4 --json',
        'vnplan run /shared/scans --queue redis://10.0.0.5:6379   # with `vnplan worker --queue redis://10.0.0.5:6379` on every machine',
      ),
    )
    .action(async (inputs: string[], opts: RunOptions, command: Command) => {
      const { verbose } = globalOptions(command);
      const jobs = Number(opts.jobs);
      if (!Number.isInteger(jobs) || jobs < 0) throw new Error(`--jobs must be a whole number ≥ 0, got "${opts.jobs}"`);
      const executor = opts.queue ? await queueOptions(opts) : undefined;
      const bars = opts.progress && process.stderr.isTTY ? progressBars() : null;
      const onEvent = (e: PipelineEvent) => {
        if (e.type === 'notice' && !bars) console.error(`vnplan: ${e.message}`);
        bars?.onEvent(e);
      };
      let summary: RunSummary;
      try {
        summary = await runPipeline(inputs, opts.db, { jobs, force: opts.force, verbose, onEvent, executor });
      } finally {
        bars?.stop();
      }
      if (opts.json) printJson({ ...summary, database: opts.db });
      else console.log(formatSummary(summary, opts.db));
      if (summary.documents === 0 && summary.skipped === 0 && summary.errors.length > 0) process.exitCode = 1;
      else if (summary.errors.length > 0) process.exitCode = EXIT_PARTIAL;
    });
}
