import { z } from 'zod';

/** One token of a line, as read and as repaired. */
export const RepairedToken = z.object({
  original: z.string(),
  repaired: z.string(),
  /** Posterior probability of the chosen repair, 0..1 (1 for tokens that are not words). */
  confidence: z.number().min(0).max(1),
  /** Character offset of the token in the raw line. */
  start: z.number().int().nonnegative(),
});
export type RepairedToken = z.infer<typeof RepairedToken>;

export const RepairedLine = z.object({
  /** 1-based line number across the whole document (the provenance key). */
  lineNo: z.number().int().positive(),
  pageNumber: z.number().int().positive(),
  raw: z.string(),
  text: z.string(),
  /** Lowest token confidence on the line (1 for an empty line). */
  confidence: z.number().min(0).max(1),
  tokens: z.array(RepairedToken),
});
export type RepairedLine = z.infer<typeof RepairedLine>;

export const RepairedDocument = z.object({
  docId: z.string(),
  /** True when the input already read as correct Vietnamese and was left as is. */
  wasClean: z.boolean(),
  lines: z.array(RepairedLine),
});
export type RepairedDocument = z.infer<typeof RepairedDocument>;
