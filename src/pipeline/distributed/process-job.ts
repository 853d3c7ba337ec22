/**
 * One queue job on a worker: the same work a local run does for the file (local.ts), on the same
 * stage code (stages.ts), so its result is the one a local run stores.
 *
 * A bad document is a result (a `failed` outcome, stored as an error row, as locally); a job throws
 * only when this worker could not do the work (the file unreadable here, a thread that died, the
 * adaptation missing from Redis), so that BullMQ retries it, possibly elsewhere.
 */
import type { IngestedDocument, RepairedDocument } from '../../../schemas/index.ts';
import { ingestBytes, IngestFailure, OcrRequired, type OcrEngine } from '../../ingest/index.ts';
import type { ScanResult } from '../executor.ts';
import type { Adaptation, Task, TaskResult } from '../stages.ts';
import { decodeRecord, WorkerFailure, type AdaptationRef, type FileRef, type JobData } from './protocol.ts';

export interface JobContext {
  /** Runs a task on the worker's threads; rejects when the thread died under it. */
  runTask(task: Task): Promise<TaskResult>;
  /** The worker's OCR engine (started on first use). */
  ocr(): OcrEngine;
  /** The adapted model's texts, fetched once per sha. */
  adaptation(ref: AdaptationRef): Promise<Adaptation>;
  /** Where a file of the shared storage is on this machine (the worker's --path-map). */
  localPath(location: string): string;
  readFile(path: string): Promise<Buffer>;
  /** OCR'd pages of the job's file. */
  onPage?(done: number, total: number): void;
}

async function fileBytes(data: JobData, ctx: JobContext): Promise<Buffer> {
  const file: FileRef | undefined = data.file;
  if (file?.bytes !== undefined) return Buffer.from(file.bytes, 'base64');
  if (!file?.location) throw new WorkerFailure('ingest', `${data.sourcePath}: the job carries neither the file nor its path`);
  const local = ctx.localPath(file.location);
  try {
    return await ctx.readFile(local);
  } catch (e) {
    throw new WorkerFailure('ingest', `${data.sourcePath}: cannot read ${local} on this worker (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

const ingestFailed = (path: string, message: string): TaskResult => ({ kind: 'failed', error: { sourcePath: path, stage: 'ingest', message } });

async function onThreads(ctx: JobContext, task: Task): Promise<TaskResult> {
  try {
    return await ctx.runTask(task);
  } catch (e) {
    throw new WorkerFailure('repair', `${task.ingested.sourcePath}: ${(e as Error).message}`);
  }
}

export async function processJob(data: JobData, ctx: JobContext): Promise<ScanResult> {
  const path = data.sourcePath;
  switch (data.kind) {
    case 'scan': {
      // The first pass: read without OCR, classify; clean documents come back processed.
      const bytes = await fileBytes(data, ctx);
      let doc: IngestedDocument;
      try {
        doc = await ingestBytes(bytes, path, {});
      } catch (e) {
        if (e instanceof OcrRequired) return { kind: 'needs-ocr' };
        return ingestFailed(path, e instanceof IngestFailure ? e.message : `${path}: ${(e as Error).message}`);
      }
      return onThreads(ctx, { kind: 'classify', ingested: doc });
    }
    case 'classify': {
      const { ingested } = decodeRecord<{ ingested: IngestedDocument }>(data.payload!);
      return onThreads(ctx, { kind: 'classify', ingested });
    }
    case 'extract': {
      const { ingested, repaired } = decodeRecord<{ ingested: IngestedDocument; repaired: RepairedDocument }>(data.payload!);
      return onThreads(ctx, { kind: 'extract', ingested, repaired });
    }
    case 'repair': {
      // The second pass: the adapted model first (a missing one is this worker's failure, retried).
      const adaptation = data.adaptation ? await ctx.adaptation(data.adaptation) : null;
      let doc: IngestedDocument;
      if (data.payload) doc = decodeRecord<{ ingested: IngestedDocument }>(data.payload).ingested;
      else {
        const bytes = await fileBytes(data, ctx);
        try {
          doc = data.ocr ? await ingestBytes(bytes, path, { ocr: ctx.ocr(), onPage: ctx.onPage }) : await ingestBytes(bytes, path, {});
        } catch (e) {
          if (!data.ocr) return ingestFailed(path, (e as Error).message);
          return ingestFailed(path, e instanceof IngestFailure ? e.message : `${path}: ${(e as Error).message}`);
        }
      }
      return onThreads(ctx, { kind: 'repair', ingested: doc, adaptation, textKind: data.textKind });
    }
  }
}
