/**
 * The executor of a run on this machine: files read in this thread, repair / segment / extract in
 * piscina worker threads (pool.ts), scans through the tesseract.js OCR pool. Damaged documents of
 * the first pass are held in memory for the second, up to `maxHeldChars`, and read again beyond it.
 */
import type { IngestedDocument } from '../../schemas/index.ts';
import { createIngestor, ingestWith, IngestFailure, OcrRequired } from '../ingest/index.ts';
import { loadSharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { taskError, type Executor, type ExecutorContext, type RepairItem } from './executor.ts';
import { createTaskPool, type TaskPool } from './pool.ts';
import { packTexts, type Adaptation, type Task, type TaskResult } from './stages.ts';

let adaptations = 0;

function textLength(doc: IngestedDocument): number {
  return doc.pages.reduce((n, p) => p.lines.reduce((m, l) => m + l.length + 1, n), 0);
}

export async function createLocalExecutor(ctx: ExecutorContext): Promise<Executor> {
  const { jobs } = ctx;
  let pool: TaskPool | null = null;
  let starting: Promise<TaskPool> | null = null;
  /** Started on the first document that needs it: a run that skips everything loads no model. */
  const getPool = async (): Promise<TaskPool> => {
    if (pool) return pool;
    starting ??= (async () => {
      // The tables are built once here and shared by every thread (SharedArrayBuffer).
      const lm = jobs > 0 ? loadSharedLanguageModel() : undefined;
      return (pool = await createTaskPool({ jobs, lm }));
    })();
    return starting;
  };
  const submit = async (task: Task, path: string, done: (r: TaskResult) => void) =>
    (await getPool()).submit(task, (r) => done(r instanceof Error ? taskError(path, 'repair', r) : r));

  const ocrLanes = ctx.ocr?.size ?? ctx.ocrWorkers ?? Math.max(1, jobs);
  // The OCR pool starts its workers on the first page that needs them: none for a batch of text files.
  const ingestor = createIngestor({ workers: ocrLanes, verbose: ctx.verbose, ocr: ctx.ocr });

  const held = new Map<string, IngestedDocument>();
  let heldChars = 0;
  const hold = (path: string, doc: IngestedDocument) => {
    const chars = textLength(doc);
    if (heldChars + chars > ctx.maxHeldChars) return;
    heldChars += chars;
    held.set(path, doc);
  };
  const classify = (doc: IngestedDocument, path: string, done: (r: TaskResult) => void) =>
    submit({ kind: 'classify', ingested: doc }, path, (r) => {
      if (r.kind === 'damaged') hold(path, doc);
      done(r);
    });

  let adaptation: Adaptation | null = null;
  // As many OCR files at a time as there are OCR workers, so single-page scans keep every worker busy.
  const ocrQueue: { path: string; done: (r: TaskResult) => void }[] = [];
  const lanes = new Set<Promise<void>>();
  const lane = async () => {
    for (let next = ocrQueue.shift(); next; next = ocrQueue.shift()) {
      const { path, done } = next;
      let doc: IngestedDocument;
      try {
        doc = await ingestor.ingest(path, (d, t) => ctx.onPage(path, d, t));
      } catch (e) {
        done({ kind: 'failed', error: { sourcePath: path, stage: 'ingest', message: e instanceof IngestFailure ? e.message : `${path}: ${(e as Error).message}` } });
        continue;
      }
      await submit({ kind: 'repair', ingested: doc, adaptation }, path, done);
    }
  };

  return {
    async scan({ path }, done) {
      let doc: IngestedDocument;
      try {
        doc = await ingestWith(path, {});
      } catch (e) {
        if (e instanceof OcrRequired) done({ kind: 'needs-ocr' });
        else done({ kind: 'failed', error: { sourcePath: path, stage: 'ingest', message: e instanceof IngestFailure ? e.message : `${path}: ${(e as Error).message}` } });
        return;
      }
      await classify(doc, path, done);
    },
    async run(task, done) {
      const path = task.ingested.sourcePath;
      if (task.kind === 'classify') await classify(task.ingested, path, done);
      else await submit(task, path, done);
    },
    async adapt(cleanTexts) {
      adaptation = cleanTexts.length > 0 ? { id: ++adaptations, texts: packTexts(cleanTexts) } : null;
    },
    async repair(item: RepairItem, done) {
      const { path } = item;
      if (item.ocr) {
        ocrQueue.push({ path, done });
        if (lanes.size < ocrLanes) {
          const running: Promise<void> = lane().finally(() => lanes.delete(running));
          lanes.add(running);
        }
        return;
      }
      let doc = held.get(path);
      if (doc) {
        held.delete(path);
        heldChars -= textLength(doc);
      } else if (item.from === 'repair' && item.loadStored) doc = item.loadStored();
      else {
        try {
          doc = await ingestWith(path, {});
        } catch (e) {
          done({ kind: 'failed', error: { sourcePath: path, stage: 'ingest', message: (e as Error).message } });
          return;
        }
      }
      await submit({ kind: 'repair', ingested: doc, adaptation, textKind: item.textKind }, path, done);
    },
    async drain() {
      while (lanes.size > 0) await Promise.all(lanes);
      await pool?.drain();
    },
    async close() {
      await pool?.close();
      await ingestor.close();
    },
  };
}
