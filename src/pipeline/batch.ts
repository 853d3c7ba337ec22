import type { Extraction, IngestedDocument, IngestError, RepairedDocument, SegmentedDocument } from '../../schemas/index.ts';
import type { Repairer } from '../repair/index.ts';
import { segmentDocument, tablesOfIngested } from '../segment/index.ts';
import { extractRecord } from '../extract/index.ts';

/** Everything the pipeline knows about one document once every stage has run. */
export interface ProcessedDocument {
  ingested: IngestedDocument;
  repaired: RepairedDocument;
  segmented: SegmentedDocument;
  extraction: Extraction;
}

export interface BatchResult {
  documents: ProcessedDocument[];
  errors: IngestError[];
}

function errorFor(sourcePath: string, stage: IngestError['stage'], e: unknown): IngestError {
  const message = e instanceof Error ? e.message : String(e);
  return { sourcePath, stage, message: message.startsWith(sourcePath) ? message : `${sourcePath}: ${message}` };
}

/** Segment and extract one repaired document (pure: no I/O). */
export function analyseRepaired(ingested: IngestedDocument, repaired: RepairedDocument): ProcessedDocument {
  const segmented = segmentDocument(repaired, tablesOfIngested(ingested));
  return { ingested, repaired, segmented, extraction: extractRecord(segmented) };
}

/**
 * Runs repair → segment → extract over already-ingested documents as one batch: the clean
 * documents of the batch (and `cleanTexts` already in the store) adapt the repair model
 * used for the damaged ones. A failure in any stage costs only that document.
 */
export function processIngested(docs: IngestedDocument[], repairer: Repairer, cleanTexts: string[] = []): BatchResult {
  const errors: IngestError[] = [];
  let repairedAll: RepairedDocument[] | null = null;
  try {
    repairedAll = repairer.repairBatch(docs, { cleanTexts });
  } catch {
    repairedAll = null; // fall back to one document at a time so one bad document cannot sink the batch
  }
  const documents: ProcessedDocument[] = [];
  docs.forEach((doc, i) => {
    let repaired: RepairedDocument;
    try {
      repaired = repairedAll ? repairedAll[i] : repairer.repairDocument(doc);
    } catch (e) {
      errors.push(errorFor(doc.sourcePath, 'repair', e));
      return;
    }
    try {
      documents.push(analyseRepaired(doc, repaired));
    } catch (e) {
      errors.push(errorFor(doc.sourcePath, 'extract', e));
    }
  });
  return { documents, errors };
}
