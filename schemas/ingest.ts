import { z } from 'zod';

/** How the text of a document was obtained. */
export const SourceKind = z.enum(['text', 'pdf-text', 'pdf-ocr', 'image-ocr', 'docx', 'doc', 'odt']);
export type SourceKind = z.infer<typeof SourceKind>;

/**
 * The cell structure of a table a reader saw (DOCX w:tbl, ODT table:table, HTML <table>). The
 * table's text is still in the page's lines (each row on its lines, cells tab-separated, as the
 * page reads); this says which lines make each row and how its cells lie on the grid, so the
 * structure survives ingest and repair (which keep one output line per input line).
 */
export const TableCellLayout = z.object({
  /** Grid columns the cell covers (DOCX gridSpan, HTML/ODT colspan). */
  span: z.number().int().positive(),
  /** The cell continues the one above it (DOCX vMerge, HTML/ODT rowspan): it holds no text of its own. */
  continued: z.boolean(),
});
export type TableCellLayout = z.infer<typeof TableCellLayout>;

export const TableRowLayout = z.object({
  /** 0-based indices in the page's lines of the row's first and last line. */
  first: z.number().int().nonnegative(),
  last: z.number().int().nonnegative(),
  /** The row's cells in order; cell k's text is the k-th tab-separated field of the row's lines. */
  cells: z.array(TableCellLayout),
});
export type TableRowLayout = z.infer<typeof TableRowLayout>;

export const TableLayout = z.object({ rows: z.array(TableRowLayout) });
export type TableLayout = z.infer<typeof TableLayout>;

/** What the OCR knew of one whitespace token of an OCR'd line (src/ingest/ocr-layout.ts). */
export const OcrToken = z.object({
  /** tesseract's confidence in the word, 0..1. */
  confidence: z.number().min(0).max(1),
  /** Per character of the token, other characters tesseract's LSTM considered, [char, confidence 0..1]; null where none. */
  alternatives: z.array(z.array(z.tuple([z.string(), z.number()])).nullable()).optional(),
});
export type OcrToken = z.infer<typeof OcrToken>;

export const IngestedPage = z.object({
  /** 1-based page number in the source (text files are one page). */
  pageNumber: z.number().int().positive(),
  /** The page's lines in reading order, NFC, without line terminators. */
  lines: z.array(z.string()),
  /** Mean OCR confidence 0..1 where OCR produced the page, else null. */
  ocrConfidence: z.number().min(0).max(1).nullable(),
  /** Tables the reader saw on this page, with their cell structure (absent for text, PDF, OCR). */
  tables: z.array(TableLayout).optional(),

  /** OCR'd pages: per line, the OCR evidence of each whitespace token of the line (same count). */
  ocrTokens: z.array(z.array(OcrToken)).optional(),
  /**
   * OCR'd pages: per line, how many printed lines it joins (the lines of one paragraph are one line,
   * hyphenation undone); the page's printed lines are these in order.
   */
  printedLines: z.array(z.number().int().positive()).optional(),
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
