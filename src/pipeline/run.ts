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
 * - Repair, segmentation and extraction run in worker threads (pool.ts), the language model's
 *   tables shared between them; OCR runs in its own pool; one writer (this thread) saves.
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
import { createIngestor, ingestWith, IngestFailure, OcrRequired, type OcrEngine } from '../ingest/index.ts';
import { loadSharedLanguageModel, type SharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { openStore, type SaveInput, type Store } from '../store/index.ts';
import { collectInputFiles } from './inputs.ts';
import { createTaskPool, defaultJobs, type TaskPool } from './pool.ts';
import type { TextKind } from '../repair/index.ts';
import { cleanText, packTexts, type Adaptation, type TaskResult } from './stages.ts';
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
}

export type FileOutcome = 'stored' | 'skipped' | 'failed';

export type PipelineEvent =
  | { type: 'phase'; phase: 'scan' | 'repair' | 'ocr'; files: number }
  | { type: 'file'; path: string; outcome: FileOutcome; done: number; total: number }
  | { type: 'page'; path: string; done: number; total: number };

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

/** A file of the second pass: a document held from the first, or where to get it again. */
type Pending =
  | { kind: 'held'; doc: IngestedDocument; from: Stage; textKind: TextKind }
  | { kind: 'read'; path: string }
  | { kind: 'stored'; id: number; path: string }
  | { kind: 'ocr'; path: string };

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
  /** Handles a task's result in the writer; `damaged` documents go to the second pass. */
  const onResult = (path: string, from: Stage | null, damaged?: (r: TaskResult) => void) => (r: TaskResult | Error) => {
    if (r instanceof Error) {
      fail({ sourcePath: path, stage: 'repair', message: `${path}: ${r.message}` });
      settle(path, 'failed');
    } else if (r.kind === 'processed') save(r.document, from);
    else if (r.kind === 'failed') {
      fail(r.error);
      settle(path, 'failed');
    } else damaged?.(r);
  };

  let lm: SharedLanguageModel | undefined;
  let pool: TaskPool | null = null;
  let starting: Promise<TaskPool> | null = null;
  /** Started on the first document that needs it: a run that skips everything loads no model. */
  const getPool = async (): Promise<TaskPool> => {
    if (pool) return pool;
    starting ??= (async () => {
      // The tables are built once here and shared by every thread (SharedArrayBuffer).
      lm = jobs > 0 ? loadSharedLanguageModel() : undefined;
      return (pool = await createTaskPool({ jobs, lm }));
    })();
    return starting;
  };
  const ocrLanes = options.ocr?.size ?? options.ocrWorkers ?? Math.max(1, jobs);
  // The OCR pool starts its workers on the first page that needs them: none for a batch of text files.
  const ingestor = createIngestor({ workers: ocrLanes, verbose: options.verbose, ocr: options.ocr });

  const batchClean: string[] = [];
  const batchCleanHashes = new Set<string>();
  let batchCleanChars = 0;
  /** The clean texts of the batch, then of the store (not the batch's again), up to the cap. */
  const buildAdaptation = (): Adaptation | null => {
    const texts = [...batchClean, ...store.cleanDocumentTexts({ maxChars: maxAdaptationChars - batchCleanChars, exclude: batchCleanHashes })];
    return texts.length > 0 ? { id: ++adaptations, texts: packTexts(texts) } : null;
  };

  try {
    // ---- First pass: what is stored, what can be read without OCR, which documents are clean.
    emit({ type: 'phase', phase: 'scan', files: files.length });
    const pending: Pending[] = [];
    let heldChars = 0;
    for (const path of files) {
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
        const moved = { ...ingested, sourcePath: path };
        await (await getPool()).submit({ kind: 'extract', ingested: moved, repaired }, onResult(path, 'extract'));
        continue;
      }
      let doc: IngestedDocument;
      if (stale === 'repair') doc = { ...store.loadIngested(stored!.id), sourcePath: path };
      else {
        try {
          doc = await ingestWith(path, {});
        } catch (e) {
          if (e instanceof OcrRequired) pending.push({ kind: 'ocr', path });
          else {
            fail({ sourcePath: path, stage: 'ingest', message: e instanceof IngestFailure ? e.message : `${path}: ${(e as Error).message}`, contentHash: hash });
            settle(path, 'failed');
          }
          continue;
        }
      }
      const from = stale;
      const storedId = stored?.id;
      const handle = onResult(path, from, (r) => {
        const chars = textLength(doc);
        if (heldChars + chars <= maxHeldChars && r.kind === 'damaged') {
          heldChars += chars;
          pending.push({ kind: 'held', doc, from, textKind: r.textKind });
        } else pending.push(from === 'repair' && storedId !== undefined ? { kind: 'stored', id: storedId, path } : { kind: 'read', path });
      });
      await (await getPool()).submit({ kind: 'classify', ingested: doc }, (r) => {
        // Only clean documents come back processed from the first pass: their text adapts the second.
        if (!(r instanceof Error) && r.kind === 'processed' && !batchCleanHashes.has(doc.contentHash)) {
          const text = cleanText(doc);
          if (batchCleanChars + text.length <= maxAdaptationChars) {
            batchCleanChars += text.length;
            batchClean.push(text);
            batchCleanHashes.add(doc.contentHash);
          }
        }
        handle(r);
      });
    }
    await (pool as TaskPool | null)?.drain();

    // ---- Second pass: repair the damaged documents with the batch's adapted model, then OCR.
    if (pending.length > 0) {
      emit({ type: 'phase', phase: 'repair', files: pending.length });
      const adaptation = buildAdaptation();
      for (const p of pending) {
        if (p.kind === 'ocr') continue;
        let doc: IngestedDocument;
        let from: Stage = 'ingest';
        let textKind: TextKind | undefined;
        if (p.kind === 'held') {
          doc = p.doc;
          from = p.from;
          textKind = p.textKind;
        } else if (p.kind === 'stored') {
          doc = { ...store.loadIngested(p.id), sourcePath: p.path };
          from = 'repair';
        } else {
          try {
            doc = await ingestWith(p.path, {});
          } catch (e) {
            fail({ sourcePath: p.path, stage: 'ingest', message: (e as Error).message });
            settle(p.path, 'failed');
            continue;
          }
        }
        await (await getPool()).submit({ kind: 'repair', ingested: doc, adaptation, textKind }, onResult(doc.sourcePath, from));
      }
      const ocrFiles = pending.filter((p) => p.kind === 'ocr').map((p) => p.path);
      if (ocrFiles.length > 0) {
        emit({ type: 'phase', phase: 'ocr', files: ocrFiles.length });
        // As many files at a time as there are OCR workers, so single-page scans keep every worker busy.
        let next = 0;
        const lane = async () => {
          while (next < ocrFiles.length) {
            const path = ocrFiles[next++];
            let doc: IngestedDocument;
            try {
              doc = await ingestor.ingest(path, (done, total) => emit({ type: 'page', path, done, total }));
            } catch (e) {
              fail({ sourcePath: path, stage: 'ingest', message: e instanceof IngestFailure ? e.message : `${path}: ${(e as Error).message}` });
              settle(path, 'failed');
              continue;
            }
            await (await getPool()).submit({ kind: 'repair', ingested: doc, adaptation }, onResult(path, 'ingest'));
          }
        };
        await Promise.all(Array.from({ length: Math.min(ocrLanes, ocrFiles.length) }, lane));
      }
      await (pool as TaskPool | null)?.drain();
    }
  } finally {
    await (pool as TaskPool | null)?.close();
    await ingestor.close();
    store.close();
  }
  return summary;
}

let adaptations = 0;

function textLength(doc: IngestedDocument): number {
  return doc.pages.reduce((n, p) => p.lines.reduce((m, l) => m + l.length + 1, n), 0);
}
