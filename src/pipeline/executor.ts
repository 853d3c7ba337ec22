/**
 * Where a run's work is done. runPipeline (run.ts) decides what each file needs, in two passes, and
 * stores the results; an Executor does the work: in this process (local.ts: worker threads and the
 * OCR pool) or on queue workers on other machines (distributed/queue-executor.ts). Both run the same
 * stage code (stages.ts), so a run stores the same rows wherever its work was done.
 *
 * Every method resolves as soon as the work is accepted (back-pressure: it waits for room), and
 * calls `done` exactly once with the outcome.
 */
import type { IngestedDocument } from '../../schemas/index.ts';
import type { TextKind } from '../repair/index.ts';
import type { OcrEngine } from '../ingest/index.ts';
import type { PipelineVersion, Stage } from './version.ts';
import type { Task, TaskResult } from './stages.ts';

/** What the first pass learns of a file: processed (clean), damaged (for the second pass), failed, or it needs OCR. */
export type ScanResult = TaskResult | { kind: 'needs-ocr' };

/** A document of the second pass: repaired with the batch's adapted model, then segmented and extracted. */
export interface RepairItem {
  path: string;
  /** SHA-256 of the file's bytes as the first pass read them. */
  hash?: string;
  /** The stage it is re-done from: 'ingest' (read the file again) or 'repair' (the stored raw text). */
  from: Stage;
  /** Read it through OCR. */
  ocr: boolean;
  /** What the first pass found (clean texts never come here). */
  textKind?: TextKind;
  /** For `from: 'repair'`: the stored document's raw text, from the store. */
  loadStored?: () => IngestedDocument;
}

export interface Executor {
  /** First pass: read the file without OCR and classify it; clean documents come back processed. */
  scan(file: { path: string; hash: string; bytes: Buffer }, done: (r: ScanResult) => void): Promise<void>;
  /** First pass, on a stored document: classify its stored raw text again, or extract its stored repaired text again. */
  run(task: Extract<Task, { kind: 'classify' | 'extract' }>, done: (r: TaskResult) => void): Promise<void>;
  /** Second pass: from here on repair with a model adapted to these clean texts (none: the base model). */
  adapt(cleanTexts: string[]): Promise<void>;
  repair(item: RepairItem, done: (r: TaskResult) => void): Promise<void>;
  /** Waits for every piece of work accepted so far. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** What runPipeline gives an executor to start. */
export interface ExecutorContext {
  jobs: number;
  version: PipelineVersion;
  verbose?: boolean;
  ocrWorkers?: number;
  ocr?: OcrEngine;
  maxHeldChars: number;
  /** OCR'd pages, for the progress bar. */
  onPage(path: string, done: number, total: number): void;
  /** A message for the user (a worker missing, Redis lost), not tied to one file. */
  onNotice(message: string): void;
}

export type ExecutorFactory = (ctx: ExecutorContext) => Promise<Executor>;

/** The error of a task that never ran to a result (a thread died under it), as the document's failure. */
export function taskError(path: string, stage: 'ingest' | 'repair', e: unknown): TaskResult {
  return { kind: 'failed', error: { sourcePath: path, stage, message: `${path}: ${e instanceof Error ? e.message : String(e)}` } };
}
