import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { IngestedDocument } from '../../schemas/index.ts';
import type { IngestBackend, IngestContext } from './backend.ts';
import { IngestFailure } from './backend.ts';
import { docBackend } from './doc.ts';
import { docxBackend } from './docx.ts';
import { htmlBackend } from './html.ts';
import { imageBackend } from './image.ts';
import { odtBackend } from './odt.ts';
import { createOcrPool, type OcrEngine } from './ocr.ts';
import { pdfBackend } from './pdf.ts';
import { textBackend } from './text.ts';

export { IngestFailure, OcrRequired } from './backend.ts';
export type { IngestBackend, IngestContext } from './backend.ts';
export { createOcrPool, type OcrEngine, type OcrPage, type OcrPoolOptions } from './ocr.ts';
export { decodeText, repairMojibake } from './encoding.ts';

/** Files larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Backends in the order they are tried; the first whose sniff accepts the bytes reads them. Text goes last. */
export const BACKENDS: IngestBackend[] = [pdfBackend, imageBackend, odtBackend, docxBackend, docBackend, htmlBackend, textBackend];

export function docIdFor(path: string): string {
  return basename(path, extname(path));
}

/** A reason for bytes no backend accepts, naming what they look like. */
export function unsupportedReason(bytes: Buffer, path: string): string {
  const head = bytes.subarray(0, 8);
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    return 'a truncated OLE2 (.doc/.xls) file';
  }
  if (head.subarray(0, 4).toString('latin1') === '{\\rt') return 'RTF is not supported; save it as .docx or PDF';
  const ext = extname(path).toLowerCase();
  const claimed = ext === '.docx' ? ' (named .docx but not a ZIP/DOCX file)' : ext === '.pdf' ? ' (named .pdf but has no PDF header)' : ['.png', '.jpg', '.jpeg', '.tif', '.tiff'].includes(ext) ? ` (named ${ext} but not a readable image)` : '';
  return `unsupported or binary content${claimed}: not text, PDF, Word (.docx/.doc) or an image`;
}

function sizeProblem(size: number): string | null {
  if (size === 0) return 'the file is empty (0 bytes)';
  if (size > MAX_FILE_BYTES) return `the file is too large (${size} bytes, limit ${MAX_FILE_BYTES})`;
  return null;
}

async function readChecked(path: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new IngestFailure(path, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (info.isDirectory()) throw new IngestFailure(path, 'is a directory, not a file');
  if (!info.isFile()) throw new IngestFailure(path, 'is not a regular file');
  const problem = sizeProblem(info.size);
  if (problem) throw new IngestFailure(path, problem);
  try {
    return await readFile(path);
  } catch (e) {
    throw new IngestFailure(path, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Reads one file with the backend its bytes call for. Every failure is an IngestFailure. */
export async function ingestWith(path: string, ctx: IngestContext, backends: IngestBackend[] = BACKENDS): Promise<IngestedDocument> {
  return ingestBytes(await readChecked(path), path, ctx, backends);
}

/**
 * The same for a file's bytes read elsewhere (a queue worker given them inside its job): `path`
 * names the document and its errors exactly as ingestWith would.
 */
export async function ingestBytes(bytes: Buffer, path: string, ctx: IngestContext, backends: IngestBackend[] = BACKENDS): Promise<IngestedDocument> {
  const problem = sizeProblem(bytes.length);
  if (problem) throw new IngestFailure(path, problem);
  const backend = backends.find((b) => b.sniff(bytes, path));
  if (!backend) throw new IngestFailure(path, unsupportedReason(bytes, path));
  let body;
  try {
    body = await backend.read(bytes, path, ctx);
  } catch (e) {
    if (e instanceof IngestFailure) throw e;
    throw new IngestFailure(path, `${backend.name} reader failed (${e instanceof Error ? e.message : String(e)})`);
  }
  return IngestedDocument.parse({
    ...body,
    docId: docIdFor(path),
    sourcePath: path,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
  });
}

export interface Ingestor {
  /** Reads any supported file; `onPage(done, total)` reports pages as they complete. */
  ingest(path: string, onPage?: (done: number, total: number) => void): Promise<IngestedDocument>;
  /**
   * Reads many files, as many at a time as there are OCR workers, so single-page scans keep
   * every worker busy. Results come back in input order; a failed file yields its
   * IngestFailure instead of a document. `onFile` fires as each file finishes.
   */
  ingestAll(
    paths: string[],
    onFile?: (path: string, result: IngestedDocument | IngestFailure, done: number, total: number) => void,
    /** Pages OCR'd so far in one file, for a pages-done progress bar. */
    onPage?: (path: string, done: number, total: number) => void,
  ): Promise<(IngestedDocument | IngestFailure)[]>;
  /** Stops the OCR workers (if any were started). */
  close(): Promise<void>;
}

/**
 * An ingestor with one OCR worker pool for all its files: the workers (one per core unless
 * `workers` says otherwise) start on the first page that needs OCR and stop on close().
 */
export function createIngestor(opts: { workers?: number; verbose?: boolean; ocr?: OcrEngine; backends?: IngestBackend[] } = {}): Ingestor {
  const ocr = opts.ocr ?? createOcrPool({ workers: opts.workers, verbose: opts.verbose });
  const ingest = (path: string, onPage?: (done: number, total: number) => void) => ingestWith(path, { ocr, onPage }, opts.backends ?? BACKENDS);
  return {
    ingest,
    async ingestAll(paths, onFile, onPage) {
      const results: (IngestedDocument | IngestFailure)[] = new Array(paths.length);
      let next = 0;
      let done = 0;
      const lane = async () => {
        while (next < paths.length) {
          const i = next++;
          try {
            results[i] = await ingest(paths[i], onPage && ((d, t) => onPage(paths[i], d, t)));
          } catch (e) {
            results[i] = e instanceof IngestFailure ? e : new IngestFailure(paths[i], e instanceof Error ? e.message : String(e));
          }
          done++;
          onFile?.(paths[i], results[i], done, paths.length);
        }
      };
      await Promise.all(Array.from({ length: Math.min(ocr.size, paths.length) }, lane));
      return results;
    },
    close: () => ocr.close(),
  };
}

/** One file, plain use: creates an ingestor and closes it (so its OCR workers) afterwards. */
export async function ingestFile(path: string, ctx: IngestContext = {}, backends = BACKENDS): Promise<IngestedDocument> {
  if (ctx.ocr) return ingestWith(path, ctx, backends);
  const ingestor = createIngestor({ backends });
  try {
    return await ingestor.ingest(path, ctx.onPage);
  } finally {
    await ingestor.close();
  }
}
