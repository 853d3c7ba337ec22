import type { IngestedDocument } from '../../schemas/index.ts';
import type { OcrEngine } from './ocr.ts';

/** Raised for a file that cannot be read or parsed; the batch records it and goes on. */
export class IngestFailure extends Error {
  constructor(readonly sourcePath: string, reason: string) {
    super(`${sourcePath}: ${reason}`);
    this.name = 'IngestFailure';
  }
}

export interface IngestContext {
  /** Called as OCR'd pages complete, for progress bars. */
  onPage?: (done: number, total: number) => void;
  /** OCR for images and PDF pages without a text layer; backends fail clearly when it is absent. */
  ocr?: OcrEngine;
}

/**
 * A file that needs OCR read without an OCR engine. The pipeline reads every file without one
 * first (a cheap pass), and queues the files that throw this for the OCR pool.
 */
export class OcrRequired extends IngestFailure {
  constructor(sourcePath: string) {
    super(sourcePath, 'needs OCR but no OCR engine was given (use createIngestor)');
    this.name = 'OcrRequired';
  }
}

/** The OCR engine of the context, or an OcrRequired saying why the file needs one. */
export function requireOcr(ctx: IngestContext, path: string): OcrEngine {
  if (!ctx.ocr) throw new OcrRequired(path);
  return ctx.ocr;
}

/**
 * One backend per input format (as Docling's backends do). `sniff` decides from the
 * file's bytes (magic numbers), not its extension; `read` turns the bytes into pages of lines.
 */
export interface IngestBackend {
  readonly name: string;
  sniff(bytes: Buffer, path: string): boolean;
  read(bytes: Buffer, path: string, ctx: IngestContext): Promise<Omit<IngestedDocument, 'docId' | 'sourcePath' | 'contentHash'>>;
}
