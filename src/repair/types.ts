import type { IngestedDocument, RepairedDocument } from '../../schemas/index.ts';

/** Options shared by single-document and batch repair. */
export interface RepairOptions {
  /** Repair the documents of a batch with a model adapted to its clean documents. */
  adapt?: boolean;
}

/** The repair stage's contract: ingested pages → repaired lines (same count) with per-token confidence. */
export interface Repairer {
  repairDocument(doc: IngestedDocument): RepairedDocument;
  /** Repairs a batch; clean documents in it may adapt the model used for the others. */
  repairBatch(docs: IngestedDocument[]): RepairedDocument[];
}
