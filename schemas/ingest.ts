import { z } from 'zod';

/** How the text of a document was obtained. */
export const SourceKind = z.enum(['text', 'pdf-text', 'pdf-ocr', 'image-ocr', 'docx', 'doc', 'odt']);
export type SourceKind = z.infer<typeof SourceKind>;

export const IngestedPage = z.object({
  /** 1-based page number in the source (text files are one page). */
  pageNumber: z.number().int().positive(),
  /** The page's lines in reading order, NFC, without line terminators. */
  lines: z.array(z.string()),
  /** Mean OCR confidence 0..1 where OCR produced the page, else null. */
  ocrConfidence: z.number().min(0).max(1).nullable(),
});
export type IngestedPage = z.infer<typeof IngestedPage>;

/** Record emitted by every ingest backend, whatever the input format. */
export const IngestedDocument = z.object({
  /** File name without extension: the key the gold set uses. */
  docId: z.string().min(1),
  sourcePath: z.string(),
  sourceKind: SourceKind,
  /** sha256 of the file's bytes: re-ingesting the same content replaces its rows. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** Detected character encoding of text sources (utf-8, utf-16le, tcvn3, vni, ...). */
  encoding: z.string().nullable(),
  pages: z.array(IngestedPage).min(1),
  /** Non-fatal notes (e.g. "page 3 had no text layer, OCR'd"). */
  warnings: z.array(z.string()),
});
export type IngestedDocument = z.infer<typeof IngestedDocument>;

/** A per-file failure: the batch records it and goes on. */
export const IngestError = z.object({
  sourcePath: z.string(),
  stage: z.enum(['ingest', 'repair', 'segment', 'extract', 'store']),
  message: z.string(),
});
export type IngestError = z.infer<typeof IngestError>;
