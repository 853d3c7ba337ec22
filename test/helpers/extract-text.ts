import { readFileSync } from 'node:fs';
import type { StructuredRecord } from '../../schemas/index.ts';
import { extractRecord } from '../../src/extract/index.ts';
import { segmentDocument } from '../../src/segment/index.ts';

/** Segment and extract lines as they are (identity repair: each line its own repaired text). */
export function extractLines(lines: string[], docId = 'x'): StructuredRecord {
  const doc = { docId, wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) };
  return extractRecord(segmentDocument(doc)).record;
}

/** The same for a text fixture. */
export function extractTextFile(path: string): StructuredRecord {
  return extractLines(readFileSync(path, 'utf8').normalize('NFC').replace(/\n$/, '').split('\n'), path);
}
