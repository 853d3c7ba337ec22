import { z } from 'zod';

/**
 * The structured record of ../shared/gold/SCHEMA.md, field for field: the evaluation
 * contract that `vnplan extract --json` emits.
 */
export const DocType = z.enum(['ke_hoach', 'bao_cao', 'quyet_dinh', 'cong_van', 'thong_bao', 'other']);
export type DocType = z.infer<typeof DocType>;

export const SectionKind = z.enum([
  'purpose', 'targets', 'content', 'funding', 'timeline', 'organization',
  'situation', 'results', 'assessment', 'next_steps', 'other',
]);
export type SectionKind = z.infer<typeof SectionKind>;

/** ISO date, or YYYY-MM / YYYY when only that is known. */
export const PartialIsoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);

export const Meta = z.object({
  doc_type: DocType,
  number: z.string().nullable(),
  issued_date: PartialIsoDate.nullable(),
  issuer: z.string().nullable(),
  commune: z.string().nullable(),
  commune_type: z.enum(['xã', 'phường', 'đặc khu']).nullable(),
  province: z.string().nullable(),
  title: z.string().nullable(),
  signer: z.string().nullable(),
  signer_role: z.string().nullable(),
});
export type Meta = z.infer<typeof Meta>;

export const SectionEntry = z.object({
  numbering: z.string(),
  heading: z.string(),
  kind: SectionKind,
});

export const Task = z.object({
  section_numbering: z.string().nullable(),
  numbering: z.string(),
  title: z.string(),
  lead_units: z.array(z.string()),
  partner_units: z.array(z.string()),
  timeline: z.string().nullable(),
  due_date: PartialIsoDate.nullable(),
});
export type Task = z.infer<typeof Task>;

export const Target = z.object({
  year: z.number().int().nullable(),
  value: z.number(),
  unit: z.string().nullable(),
  population: z.string().nullable(),
  statement: z.string(),
});
export type Target = z.infer<typeof Target>;

export const Reference = z.object({
  kind: z.string().nullable(),
  number: z.string(),
  date: PartialIsoDate.nullable(),
  issuer: z.string().nullable(),
});
export type Reference = z.infer<typeof Reference>;

export const Responsibility = z.object({ unit: z.string(), duties: z.number().int().nonnegative() });
export type Responsibility = z.infer<typeof Responsibility>;

export const Funding = z.object({ present: z.boolean(), sources: z.array(z.string()) });

export const Deadline = z.object({ date: PartialIsoDate, what: z.string() });
export type Deadline = z.infer<typeof Deadline>;

export const StructuredRecord = z.object({
  doc_id: z.string(),
  meta: Meta,
  sections: z.array(SectionEntry),
  tasks: z.array(Task),
  targets: z.array(Target),
  references: z.array(Reference),
  responsibilities: z.array(Responsibility),
  funding: Funding,
  deadlines: z.array(Deadline),
  recipients: z.array(z.string()),
});
export type StructuredRecord = z.infer<typeof StructuredRecord>;

/** A 1-based inclusive line span: where an extracted item came from (provenance). */
export const LineSpan = z.object({ start: z.number().int().positive(), end: z.number().int().positive() });
export type LineSpan = z.infer<typeof LineSpan>;

/**
 * What the extract stage hands to the store: the record plus, for every list item, the
 * line span it came from (same order as the record's lists).
 */
export const Extraction = z.object({
  record: StructuredRecord,
  provenance: z.object({
    sections: z.array(LineSpan),
    tasks: z.array(LineSpan),
    targets: z.array(LineSpan),
    references: z.array(LineSpan),
    responsibilities: z.array(LineSpan),
    deadlines: z.array(LineSpan),
    recipients: z.array(LineSpan),
    funding: LineSpan.nullable(),
  }),
});
export type Extraction = z.infer<typeof Extraction>;
