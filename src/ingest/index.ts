import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { IngestedDocument } from '../../schemas/index.ts';
import type { IngestBackend, IngestContext } from './backend.ts';
import { IngestFailure } from './backend.ts';
import { textBackend } from './text.ts';

export { IngestFailure } from './backend.ts';
export type { IngestBackend, IngestContext } from './backend.ts';

/** Files larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Backends in the order they are tried; the first whose sniff accepts the bytes reads them. */
export const BACKENDS: IngestBackend[] = [textBackend];

export function docIdFor(path: string): string {
  return basename(path, extname(path));
}

export async function ingestFile(path: string, ctx: IngestContext = {}, backends = BACKENDS): Promise<IngestedDocument> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new IngestFailure(path, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (info.isDirectory()) throw new IngestFailure(path, 'is a directory, not a file');
  if (info.size === 0) throw new IngestFailure(path, 'the file is empty (0 bytes)');
  if (info.size > MAX_FILE_BYTES) throw new IngestFailure(path, `the file is too large (${info.size} bytes, limit ${MAX_FILE_BYTES})`);
  const bytes = await readFile(path);
  const backend = backends.find((b) => b.sniff(bytes, path));
  if (!backend) throw new IngestFailure(path, 'unsupported or binary content (not text, PDF, DOCX or an image)');
  const body = await backend.read(bytes, path, ctx);
  return IngestedDocument.parse({
    ...body,
    docId: docIdFor(path),
    sourcePath: path,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
  });
}

/** A reusable ingest session: holds expensive resources (OCR workers) until close(). */
export interface Ingestor {
  ingest(path: string, onPage?: (done: number, total: number) => void): Promise<IngestedDocument>;
  close(): Promise<void>;
}

export function createIngestor(_opts: { workers?: number } = {}): Ingestor {
  return {
    ingest: (path, onPage) => ingestFile(path, { onPage }),
    close: async () => {},
  };
}
