/**
 * The CPU work of the pipeline for one document: repair → segment → extract → similarity features.
 * Pure functions of a task and the models of the thread that runs it, so the same code runs in a
 * worker thread (worker.ts) or, with `jobs: 0`, in the main thread.
 */
import type { IngestedDocument, IngestError, RepairedDocument } from '../../schemas/index.ts';
import { documentFeatures } from '../analysis/features.ts';
import { createRepairer, numberedLines, type AdaptedRepairer, type Repairer, type TextKind } from '../repair/index.ts';
import { languageModelFromShared, type SharedLanguageModel } from '../repair/language-model/trigram-model.ts';
import { notableTokens, type SaveInput } from '../store/index.ts';
import { analyseRepaired } from './batch.ts';

/** The clean texts a batch adapts its repair model to, packed once for every thread (see packTexts). */
export interface Adaptation {
  /** Changes whenever the texts do: a thread rebuilds its adapted model only when it sees a new id. */
  id: number;
  /** UTF-8 texts separated by NUL, in a SharedArrayBuffer: every thread reads the same memory. */
  texts: Uint8Array;
}

export type Task =
  /** The cheap first pass: clean documents are processed (they need no model), the others are only classified. */
  | { kind: 'classify'; ingested: IngestedDocument }
  /** Repair with the batch's adapted model, then segment and extract (`textKind` when the first pass found it). */
  | { kind: 'repair'; ingested: IngestedDocument; adaptation: Adaptation | null; textKind?: TextKind }
  /** Segment and extract a stored repaired text again (new extraction code). */
  | { kind: 'extract'; ingested: IngestedDocument; repaired: RepairedDocument };

export type TaskResult =
  | { kind: 'processed'; document: SaveInput }
  | { kind: 'damaged'; textKind: TextKind }
  | { kind: 'failed'; error: IngestError };

/** Models of one thread, loaded on its first task and kept for every later one. */
export interface ThreadModels {
  repairer(): Repairer;
  adapted(a: Adaptation | null): AdaptedRepairer;
}

/**
 * Memo sizes of a pipeline thread's decoder: 8 MB of matrices per text kind instead of 32, and
 * every memo dropped after this many documents. The decoder's memos grow with every new word form
 * it meets; without a bound a thread repairing 10,000 OCR'd plans would grow by hundreds of MB.
 * Measured on the bench plans: less than 5 % slower than unbounded memos.
 */
export const THREAD_MEMO_SLABS = 16;
export const CLEAR_MEMOS_EVERY = 100;

export function threadModels(lm?: SharedLanguageModel): ThreadModels {
  let repairer: Repairer | null = null;
  let current: { id: number | null; repairer: AdaptedRepairer; uses: number } | null = null;
  const get = () =>
    (repairer ??= createRepairer({ memoSlabs: THREAD_MEMO_SLABS, ...(lm ? { languageModel: () => languageModelFromShared(lm) } : {}) }));
  return {
    repairer: get,
    adapted(a) {
      const id = a?.id ?? null;
      if (!current || current.id !== id) current = { id, repairer: get().adapted(a ? unpackTexts(a.texts) : []), uses: 0 };
      if (++current.uses % CLEAR_MEMOS_EVERY === 0) current.repairer.clearCaches();
      return current.repairer;
    },
  };
}

/** Packs texts for Adaptation.texts (in shared memory when the platform has it). */
export function packTexts(texts: readonly string[]): Uint8Array {
  const bytes = Buffer.from(texts.join('\0'), 'utf8');
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

export function unpackTexts(packed: Uint8Array): string[] {
  if (packed.length === 0) return [];
  return Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength).toString('utf8').split('\0');
}

/** The text a clean document adapts the model with (what Repairer.repairBatch uses). */
export function cleanText(doc: IngestedDocument): string {
  return numberedLines(doc).map((l) => l.raw).join('\n');
}

function failure(doc: IngestedDocument, stage: IngestError['stage'], e: unknown): TaskResult {
  const message = e instanceof Error ? e.message : String(e);
  const path = doc.sourcePath;
  return { kind: 'failed', error: { sourcePath: path, stage, message: message.startsWith(path) ? message : `${path}: ${message}` } };
}

/**
 * Segment, extract and compute features. Only the tokens the store keeps (changed or uncertain)
 * travel back to the writer: the rest are the raw text, and cloning them across threads was most
 * of the cost of a message.
 */
function finish(ingested: IngestedDocument, repaired: RepairedDocument): TaskResult {
  let document;
  try {
    document = analyseRepaired(ingested, repaired);
  } catch (e) {
    return failure(ingested, 'extract', e);
  }
  const slim: RepairedDocument = { ...repaired, lines: repaired.lines.map((l) => ({ ...l, tokens: notableTokens(l.tokens) })) };
  return {
    kind: 'processed',
    document: { ...document, repaired: slim, features: documentFeatures(repaired.lines.map((l) => l.text)) },
  };
}

/**
 * A processed document carries the ingested document it was given back: across threads that is a
 * second copy of the whole text for the caller, who has it. A thread sends the result without it
 * (null) and withTaskInput puts the caller's own copy back.
 */
export function withoutTaskInput(task: Task, r: TaskResult): TaskResult {
  if (r.kind !== 'processed' || r.document.ingested !== task.ingested) return r;
  return { ...r, document: { ...r.document, ingested: null as unknown as IngestedDocument } };
}

export function withTaskInput(task: Task, r: TaskResult): TaskResult {
  if (r.kind !== 'processed' || r.document.ingested !== null) return r;
  return { ...r, document: { ...r.document, ingested: task.ingested } };
}

export function runTask(task: Task, models: ThreadModels): TaskResult {
  const doc = task.ingested;
  if (task.kind === 'extract') return finish(doc, task.repaired);
  let repaired: RepairedDocument;
  try {
    if (task.kind === 'classify') {
      const textKind = models.repairer().textKind(doc);
      if (textKind !== 'clean') return { kind: 'damaged', textKind };
      repaired = models.repairer().repairDocument(doc);
    } else {
      repaired = models.adapted(task.adaptation).repairDocument(doc, task.textKind);
    }
  } catch (e) {
    return failure(doc, 'repair', e);
  }
  return finish(doc, repaired);
}
