import { z } from 'zod';
import { SectionKind } from './record.ts';

/** How a heading or list item is numbered. */
export const MarkerType = z.enum(['roman', 'arabic', 'decimal', 'paren', 'letter', 'bullet', 'caps', 'none']);
export type MarkerType = z.infer<typeof MarkerType>;

/** A node of the section tree: section → subsection → item. */
export interface SectionNode {
  /** Numbering as printed but normalised ("I", "2.1", "(1)", "a", "-"). */
  numbering: string;
  marker: MarkerType;
  /** Heading text without its numbering. */
  heading: string;
  kind: SectionKind;
  /** 0 = top-level section, 1 = subsection, 2+ = items. */
  level: number;
  /** 1-based inclusive line span covered by this node and its children. */
  startLine: number;
  endLine: number;
  children: SectionNode[];
}

export const SectionNode: z.ZodType<SectionNode> = z.lazy(() =>
  z.object({
    numbering: z.string(),
    marker: MarkerType,
    heading: z.string(),
    kind: SectionKind,
    level: z.number().int().nonnegative(),
    startLine: z.number().int().positive(),
    endLine: z.number().int().positive(),
    children: z.array(SectionNode),
  }),
);

/** What a table column holds, read from its header's words. */
export const ColumnRole = z.enum(['number', 'title', 'lead', 'partner', 'timeline', 'product', 'note', 'target', 'measure', 'value', 'other']);
export type ColumnRole = z.infer<typeof ColumnRole>;

export const TableRow = z.object({
  /** The row's cells aligned to the table's columns ('' for an empty cell). */
  cells: z.array(z.string()),
  /** 1-based inclusive line span of the row. */
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
  /** A group row ("I | NHÓM GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH") heading the rows under it, not a row of data. */
  group: z.boolean(),
});
export type TableRow = z.infer<typeof TableRow>;

/** A table found in the document: its columns (header text and meaning) and its rows. */
export const TableBlock = z.object({
  startLine: z.number().int().positive(),
  endLine: z.number().int().positive(),
  columns: z.array(z.object({ header: z.string(), role: ColumnRole })),
  rows: z.array(TableRow),
  /** How it was printed: a reader's table, one cell per line (text copied from a PDF), tab- or space-separated columns. */
  layout: z.enum(['ingest', 'cells', 'tabs', 'spaces']),
});
export type TableBlock = z.infer<typeof TableBlock>;

/** Output of the segment stage: the repaired lines and the section tree over them. */
export const SegmentedDocument = z.object({
  docId: z.string(),
  /** Repaired text of each line; index i holds line number i + 1. */
  lines: z.array(z.string()),
  /** Lines before the first top-level section (header, title, preamble). */
  preambleEnd: z.number().int().nonnegative(),
  sections: z.array(SectionNode),
  /**
   * A document issued by another (a Quyết định that issues a Kế hoạch): 0-based index of the
   * attached document's type line ("KẾ HOẠCH" under "(Ban hành kèm theo Quyết định …)"). The
   * sections are the attached document's; metadata, signature and recipients are the issuing one's.
   */
  attachmentStart: z.number().int().nonnegative().optional(),
  /** Tables (task tables, target tables, data tables) with their cells; their lines hold no section items. */
  tables: z.array(TableBlock).optional(),
});
export type SegmentedDocument = z.infer<typeof SegmentedDocument>;
