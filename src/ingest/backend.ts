import type { IngestedDocument } from '../../schemas/index.ts';

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
