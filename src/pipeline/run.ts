/**
 * The main job as a library: files → ingest → repair → segment → extract → store, streaming.
 *
 * - Each document is committed in its own transaction as soon as it is done, so a run killed at
 *   any point (kill -9, power loss) leaves a consistent store holding every document finished
 *   before the kill, and the next run does only what is left.
 * - A file whose bytes are stored with the current stage versions is skipped; one stored by an
 *   older version is re-done from the first stage that changed (version.ts): a new repair model
 *   re-repairs the stored raw text without reading or OCR-ing the file, new extraction code
 *   re-extracts the stored repaired text. `force` re-does everything.
 * - Repair, segmentation and extraction run in worker threads (local.ts, pool.ts), the language
 *   model's tables shared between them; OCR runs in its own pool; one writer (this thread) saves.
 *   With a queue executor (distributed/) the same work runs on workers on other machines, and this
 *   thread still decides what each file needs and writes every row.
 * - Memory stays flat: at most two documents per thread are in flight, damaged documents held for
 *   the second pass are capped, and so are the clean texts the repair model adapts to.
 *
 * Batch adaptation, in two passes: the first reads every file that needs no OCR and stores the
 * clean ones at once (they need no model); the damaged ones are then repaired with a model adapted
 * to the clean texts of the batch and of the store, as Repairer.repairBatch would, and the files
 * that need OCR go through the OCR pool into the same stream.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { IngestedDocument, IngestError } from '../../schemas/index.ts';
import { ingestWith, type OcrEngine } from '../ingest/index.ts';
import { openStore, type SaveInput } from '../store/index.ts';
import type { ExecutorFactory, RepairItem, ScanResult } from './executor.ts';
import { collectInputFiles } from './inputs.ts';
import { createLocalExecutor } from './local.ts';
import { defaultJobs } from './pool.ts';
import { cleanText, type TaskResult } from './stages.ts';
import { firstStaleStage, readPipelineVersion, type PipelineVersion, type Stage } from './version.ts';

export interface PipelineOptions {
  /** Worker threads for repair, segmentation and extraction (default: every core); 0 runs them in this thread. */
  jobs?: number;
  /** Re-process files already stored with the current version. */
  force?: boolean;
  /** OCR workers (default: one per job, at least one). */
  ocrWorkers?: number;
  /** An OCR engine to use instead of a tesseract pool (tests). */
  ocr?: OcrEngine;
  verbose?: boolean;
  /** The version stamped on every document (default: this vnplan's, readPipelineVersion()). */
  version?: PipelineVersion;
  /** Characters of clean text the repair model adapts to, batch first, then the store (default 2.5 M ≈ 80 real-sized plans). */
  maxAdaptationChars?: number;
  /** Characters of damaged documents kept from the first pass for the second (beyond it they are read again). */
  maxHeldChars?: number;
  /** Progress: one event per file settled, per phase and per OCR'd page. */
  onEvent?: (event: PipelineEvent) => void;
  /** Where the work is done (default: this machine, createLocalExecutor; queue workers: distributed/). */
  executor?: ExecutorFactory;
}

export type FileOutcome = 'stored' | 'skipped' | 'failed';

export type PipelineEvent =
  | { type: 'phase'; phase: 'scan' | 'repair' | 'ocr'; files: number }
  | { type: 'file'; path: string; outcome: FileOutcome; done: number; total: number }
  | { type: 'page'; path: string; done: number; total: number }
  | { type: 'notice'; message: string };

export interface RunSummary {
  files: number;
  /** Documents stored by this run (new, replaced or re-done). */
  documents: number;
  /** Files already stored with the current version: nothing done. */
  skipped: number;
  /** Stored documents that replaced an earlier version of the same bytes or path. */
  replaced: number;
  /** Of the documents stored, how many were re-done from a stored stage rather than read again. */
  reprocessed: { repair: number; extract: number };
  sections: number;
  tasks: number;
  targets: number;
  errors: IngestError[];
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * A full garbage collection of this thread, every COLLECT_EVERY documents stored. The writer thread
 * turns over ~1 MB of short-lived objects per document (the cloned records, the rows); V8 sizes
 * the main thread's heap from that rate and lets it grow to several hundred MB of garbage before it
 * collects. Worker threads get heap limits instead (pool.ts); the main thread's limit is fixed
 * when the process starts. A collection of the ~60 MB live heap takes ~30 ms.
 */
const COLLECT_EVERY = 25;
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? gc : () => undefined;
})();

/**
 * The batch's clean texts that adapt the repair of its damaged documents: the longest run of the
 * batch's clean documents, in file order, that fits in `maxChars`, whatever order they finish in
 * (threads, queue workers), so every run of a batch adapts alike. (Keeping the first to finish
 * that fit, as before, made the adapted model, and so the repair of the damaged documents, change
 * from run to run.) Kept sorted by file order: a document early in file order that finishes late
 * pushes the last ones out; a document pushed out never comes back (the texts before it only
 * grow), nor does any later one, so at most `maxChars` plus one document are held. `hashes`: every clean document seen,
 * kept or not, so the store's clean texts complete the batch's with earlier runs' only.
 */
export function batchCleanTexts(maxChars: number) {
  const kept: { order: number; text: string; hash: string }[] = [];
  let chars = 0;
  /** The file order of the last document pushed out (the lowest so far). */
  let cutoff = Infinity;
  const hashes = new Set<string>();
  return {
    hashes: hashes as ReadonlySet<string>,
    add(order: number, hash: string, text: () => string): void {
      hashes.add(hash);
      const dup = kept.find((c) => c.hash === hash);
      if (dup) {
        // the same bytes twice count once, at the first file's place
        if (dup.order > order) {
          dup.order = order;
          kept.sort((a, b) => a.order - b.order);
        }
        return;
      }
      // after a document pushed out, none is kept: the run stops at the first that did not fit
      if (order >= cutoff) return;
      const t = text();
      let at = kept.length;
      while (at > 0 && kept[at - 1]!.order > order) at--;
      kept.splice(at, 0, { order, text: t, hash });
      chars += t.length;
      while (chars > maxChars) {
        const out = kept.pop()!;
        chars -= out.text.length;
        cutoff = out.order;
      }
    },
    texts: (): string[] => kept.map((c) => c.text),
    chars: (): number => chars,
  };
}

/** Runs the pipeline over files and folders into the store at `dbPath`. Per-file failures are error rows; the run goes on. */
export async function runPipeline(inputs: string[], dbPath: string, options: PipelineOptions = {}): Promise<RunSummary> {
  const version = options.version ?? readPipelineVersion();
  const jobs = options.jobs ?? defaultJobs();
  const maxAdaptationChars = options.maxAdaptationChars ?? 2_500_000;
  const maxHeldChars = options.maxHeldChars ?? 2_000_000;
  const emit = options.onEvent ?? (() => undefined);

  const { files, errors: inputErrors } = await collectInputFiles(inputs);
  const summary: RunSummary = {
    files: files.length,
    documents: 0,
    skipped: 0,
    replaced: 0,
    reprocessed: { repair: 0, extract: 0 },
    sections: 0,
    tasks: 0,
    targets: 0,
    errors: [],
  };
  const store = openStore(dbPath, { version });
  let settled = 0;
  const settle = (path: string, outcome: FileOutcome) => emit({ type: 'file', path, outcome, done: ++settled, total: files.length });
  const fail = (error: IngestError & { contentHash?: string | null }) => {
    summary.errors.push({ sourcePath: error.sourcePath, stage: error.stage, message: error.message });
    try {
      store.saveError(error);
    } catch {
      // The error is in the summary; a store that cannot take it fails the next save loudly.
    }
  };
  for (const e of inputErrors) fail(e);

  const save = (doc: SaveInput, from: Stage | null) => {
    try {
      const saved = store.saveDocument(doc);
      summary.documents++;
      if (summary.documents % COLLECT_EVERY === 0) collectGarbage();
      if (saved.replaced) summary.replaced++;
      if (from === 'repair' || from === 'extract') summary.reprocessed[from]++;
      const r = doc.extraction.record;
      summary.sections += r.sections.length;
      summary.tasks += r.tasks.length;
      summary.targets += r.targets.length;
      settle(doc.ingested.sourcePath, 'stored');
    } catch (e) {
      const path = doc.ingested.sourcePath;
      const message = (e as Error).message;
      fail({ sourcePath: path, stage: 'store', message: message.startsWith(path) ? message : `${path}: ${message}`, contentHash: doc.ingested.contentHash });
      settle(path, 'failed');
    }
  };
  /** A document's final outcome, in the writer. */
  const onResult = (path: string, from: Stage | null) => (r: TaskResult) => {
    if (r.kind === 'processed') save(r.document, from);
    else {
      // 'damaged' only comes from a first pass, which handles it before.
      fail(r.kind === 'failed' ? r.error : { sourcePath: path, stage: 'repair', message: `${path}: not repaired` });
      settle(path, 'failed');
    }
  };

  const batchClean = batchCleanTexts(maxAdaptationChars);
  const keepClean = (doc: IngestedDocument, order: number) => batchClean.add(order, doc.contentHash, () => cleanText(doc));

  const executor = await (options.executor ?? createLocalExecutor)({
    jobs,
    version,
    verbose: options.verbose,
    ocrWorkers: options.ocrWorkers,
    ocr: options.ocr,
    maxHeldChars,
    onPage: (path, done, total) => emit({ type: 'page', path, done, total }),
    onNotice: (message) => emit({ type: 'notice', message }),
  });
  try {
    // ---- First pass: what is stored, what can be read without OCR, which documents are clean.
    emit({ type: 'phase', phase: 'scan', files: files.length });
    const pending: RepairItem[] = [];
    /** The first pass's outcome: clean documents are stored (and adapt the second pass), the others wait for it. */
    const firstPass = (order: number, item: RepairItem, hash?: string) => (r: ScanResult) => {
      if (r.kind === 'needs-ocr') pending.push({ ...item, ocr: true });
      else if (r.kind === 'damaged') pending.push({ ...item, textKind: r.textKind });
      else if (r.kind === 'failed' && r.error.stage === 'ingest' && hash) {
        fail({ ...r.error, contentHash: hash });
        settle(item.path, 'failed');
      } else {
        if (r.kind === 'processed') keepClean(r.document.ingested, order);
        onResult(item.path, item.from)(r);
      }
    };
    for (const [order, path] of files.entries()) {
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (e) {
        // ingestWith names the reason (missing, a folder, unreadable) the same way for every file.
        try {
          await ingestWith(path, {});
        } catch (f) {
          fail({ sourcePath: path, stage: 'ingest', message: (f as Error).message });
          settle(path, 'failed');
          continue;
        }
        fail({ sourcePath: path, stage: 'ingest', message: `${path}: cannot read the file (${(e as Error).message})` });
        settle(path, 'failed');
        continue;
      }
      const hash = sha256(bytes);
      const stored = store.findByHash(hash);
      const stale: Stage | null = stored && !options.force ? firstStaleStage(stored.versions, version.stages) : 'ingest';
      if (stale === null) {
        summary.skipped++;
        settle(path, 'skipped');
        continue;
      }
      if (stale === 'extract') {
        const { ingested, repaired } = store.loadRepaired(stored!.id);
        await executor.run({ kind: 'extract', ingested: { ...ingested, sourcePath: path }, repaired }, onResult(path, 'extract'));
      } else if (stale === 'repair') {
        const id = stored!.id;
        const loadStored = () => ({ ...store.loadIngested(id), sourcePath: path });
        await executor.run({ kind: 'classify', ingested: loadStored() }, firstPass(order, { path, hash, from: 'repair', ocr: false, loadStored }));
      } else {
        await executor.scan({ path, hash, bytes }, firstPass(order, { path, hash, from: 'ingest', ocr: false }, hash));
      }
    }
    await executor.drain();

    // ---- Second pass: repair the damaged documents with the batch's adapted model, then OCR.
    if (pending.length > 0) {
      emit({ type: 'phase', phase: 'repair', files: pending.length });
      // The clean texts of the batch, then of the store (not the batch's again), up to the cap.
      const clean = batchClean.texts();
      await executor.adapt([...clean, ...store.cleanDocumentTexts({ maxChars: maxAdaptationChars - batchClean.chars(), exclude: batchClean.hashes })]);
      for (const p of pending) if (!p.ocr) await executor.repair(p, onResult(p.path, p.from));
      const ocrFiles = pending.filter((p) => p.ocr);
      if (ocrFiles.length > 0) {
        emit({ type: 'phase', phase: 'ocr', files: ocrFiles.length });
        for (const p of ocrFiles) await executor.repair(p, onResult(p.path, p.from));
      }
      await executor.drain();
    }
  } finally {
    await executor.close();
    store.close();
  }
  return summary;
}
