import { readFileSync } from 'node:fs';
import type { StructuredRecord } from '../../schemas/index.ts';
import { extractRecord } from '../../src/extract/index.ts';
import { segmentDocument } from '../../src/segment/index.ts';

/** Segment and extract a text fixture as it is (identity repair: each line its own repaired text). */
export function extractTextFile(path: string): StructuredRecord {
  const lines = readFileSync(path, 'utf8').normalize('NFC').replace(/\n$/, '').split('\n');
  const doc = { docId: path, wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) };
  return extractRecord(segmentDocument(doc)).record;
}
