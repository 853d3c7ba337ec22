import type { Command } from 'commander';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { IngestedDocument, IngestError } from '../../../schemas/index.ts';
import { createIngestor, IngestFailure } from '../../ingest/index.ts';
import { createRepairer } from '../../repair/index.ts';
import { collectInputFiles } from '../../pipeline/inputs.ts';
import { processIngested } from '../../pipeline/batch.ts';
import { openStore } from '../../store/index.ts';
import { readPipelineVersion } from '../../pipeline/version.ts';
import { examples, globalOptions, printJson } from '../options.ts';

export const DEFAULT_DB = 'output/plans.sqlite';

/** Exit code for a batch that completed but recorded per-file errors. */
export const EXIT_PARTIAL = 3;

export interface RunSummary {
  files: number;
  documents: number;
  replaced: number;
  sections: number;
  tasks: number;
  targets: number;
  errors: IngestError[];
}

/**
 * The main job: ingest every file, repair them as one batch (clean documents adapt the model
 * for the damaged ones), segment, extract and store each document in its own transaction.
 * Every per-file failure becomes an ingest_errors row and the batch goes on.
 */
export async function runBatch(inputs: string[], dbPath: string, opts: { progress?: boolean; verbose?: boolean } = {}): Promise<RunSummary> {
  const { files, errors } = await collectInputFiles(inputs);
  const bars = opts.progress ? new MultiBar({ format: '{name} |{bar}| {value}/{total} {detail}', stream: process.stderr, hideCursor: true, clearOnComplete: false }, Presets.shades_classic) : null;
  const bar = bars?.create(files.length * 2, 0, { name: 'documents', detail: '' }) ?? null;
  // OCR'd pages get their own bar: a scanned PDF can take minutes while the file bar stands still.
  const pageTotals = new Map<string, { done: number; total: number }>();
  let pageBar: SingleBar | null = null;
  const onPage = (file: string, done: number, total: number) => {
    if (!bars) return;
    pageTotals.set(file, { done, total });
    const sum = [...pageTotals.values()].reduce((a, p) => ({ done: a.done + p.done, total: a.total + p.total }), { done: 0, total: 0 });
    pageBar ??= bars.create(sum.total, 0, { name: 'OCR pages', detail: '' });
    pageBar.setTotal(sum.total);
    pageBar.update(sum.done, { detail: file });
  };
  const ingestor = createIngestor({ verbose: opts.verbose });
  const ingested: IngestedDocument[] = [];
  try {
    // As many files at a time as there are OCR workers: single-page scans keep every core busy.
    const results = await ingestor.ingestAll(files, (file) => bar?.increment(1, { detail: `ingested ${file}` }), onPage);
    for (const [i, result] of results.entries()) {
      if (result instanceof IngestFailure) errors.push({ sourcePath: files[i], stage: 'ingest', message: result.message });
      else ingested.push(result);
    }
  } finally {
    await ingestor.close();
  }
  const store = openStore(dbPath, { version: readPipelineVersion() });
  const summary: RunSummary = { files: files.length, documents: 0, replaced: 0, sections: 0, tasks: 0, targets: 0, errors };
  try {
    bar?.update({ detail: `repairing ${ingested.length} documents as one batch` });
    const result = processIngested(ingested, createRepairer(), store.cleanDocumentTexts());
    errors.push(...result.errors);
    bar?.increment(files.length - result.documents.length);
    for (const doc of result.documents) {
      bar?.update({ detail: `storing ${doc.ingested.sourcePath}` });
      try {
        const saved = store.saveDocument(doc);
        summary.documents++;
        if (saved.replaced) summary.replaced++;
        summary.sections += doc.extraction.record.sections.length;
        summary.tasks += doc.extraction.record.tasks.length;
        summary.targets += doc.extraction.record.targets.length;
      } catch (e) {
        const message = (e as Error).message;
        const path = doc.ingested.sourcePath;
        errors.push({ sourcePath: path, stage: 'store', message: message.startsWith(path) ? message : `${path}: ${message}` });
      }
      bar?.increment(1);
    }
    for (const err of errors) store.saveError(err);
  } finally {
    bars?.stop();
    store.close();
  }
  return summary;
}

export function formatSummary(s: RunSummary, dbPath: string): string {
  const lines = [
    `files: ${s.files}  documents stored: ${s.documents}${s.replaced ? ` (${s.replaced} replaced)` : ''}  sections: ${s.sections}  tasks: ${s.tasks}  targets: ${s.targets}  errors: ${s.errors.length}`,
    ...s.errors.map((e) => `  error [${e.stage}] ${e.message}`),
    `database: ${dbPath}`,
  ];
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('run')
    .description('process files and folders as one batch into the SQLite store')
    .argument('<inputs...>', 'files or folders (text, PDF, images, DOCX)')
    .option('--db <path>', 'SQLite database', DEFAULT_DB)
    .option('--no-progress', 'no progress bar')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', examples('vnplan run corpus', 'vnplan run scans/ plans.docx --db output/province.sqlite --json'))
    .action(async (inputs: string[], opts: { db: string; progress: boolean; json?: boolean }, command: Command) => {
      const { verbose } = globalOptions(command);
      const summary = await runBatch(inputs, opts.db, { progress: opts.progress && process.stderr.isTTY, verbose });
      if (opts.json) printJson({ ...summary, database: opts.db });
      else console.log(formatSummary(summary, opts.db));
      if (summary.documents === 0 && summary.errors.length > 0) process.exitCode = 1;
      else if (summary.errors.length > 0) process.exitCode = EXIT_PARTIAL;
    });
}
