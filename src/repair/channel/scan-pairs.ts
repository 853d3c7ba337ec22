/**
 * Scanned-page pairs made by scripts/make-scans.ts: the clean text as printed and what vnplan's OCR
 * saw, laid out into lines by ingest's own layout step (so a change of layout needs no new OCR run).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { IngestedDocument } from '../../../schemas/index.ts';
import { layoutPage, type OcrTokenInfo } from '../../ingest/ocr-layout.ts';
import type { OcrPageRecord } from '../../ingest/ocr-record.ts';
import { isHeldOut } from './build-channel.ts';

export interface ScanPair {
  id: string;
  clean: string;
  /** The OCR'd pages, laid out: lines with each token's evidence. */
  pages: { lines: string[]; tokens: OcrTokenInfo[][]; printedLines: number[]; confidence: number }[];
}

/** A make-scans / make-real-scan-inputs output file (`.ocr.json`, or gzipped `.ocr.json.gz`). */
export function readOcrFile(path: string): { pages: OcrPageRecord[]; tesseract?: string; printed?: string } {
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')) as { pages: OcrPageRecord[]; tesseract?: string; printed?: string };
}

/** The page records of such a file. */
export function readOcrRecords(path: string): OcrPageRecord[] {
  return readOcrFile(path).pages;
}

/** OCR'd pages laid out by ingest's layout step. */
export function layOut(records: OcrPageRecord[]): ScanPair['pages'] {
  return records.map((p) => ({ ...layoutPage(p), confidence: p.confidence }));
}

/** The pairs of a folder: the training ones, the held-out ones (ids that are multiples of 10), or all. */
export function readScanPairs(dir: string, which: 'train' | 'dev' | 'all' = 'all', max = Infinity): ScanPair[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ocr.json'))
    .map((f) => f.slice(0, -'.ocr.json'.length))
    .filter((id) => which === 'all' || isHeldOut(id) === (which === 'dev'))
    .sort()
    .slice(0, max)
    .map((id) => {
      return { id, clean: readFileSync(join(dir, `${id}.clean.txt`), 'utf8'), pages: layOut(readOcrRecords(join(dir, `${id}.ocr.json`))) };
    });
}

/** A pair's OCR side as the document ingest would have made of it. */
export function scanDocument(p: Pick<ScanPair, 'id' | 'pages'>): IngestedDocument {
  return {
    docId: p.id,
    sourcePath: `${p.id}.png`,
    sourceKind: 'image-ocr',
    contentHash: '0'.repeat(64),
    encoding: null,
    warnings: [],
    pages: p.pages.map((pg, i) => ({
      pageNumber: i + 1,
      lines: pg.lines.length ? pg.lines : [''],
      ocrConfidence: pg.confidence,
      ...(pg.lines.length ? { ocrTokens: pg.tokens, printedLines: pg.printedLines } : {}),
    })),
  };
}

/** The OCR text of a pair (lines of all pages) and each whitespace token's evidence, in order. */
export function scanTokens(p: ScanPair): { text: string; words: string[]; infos: OcrTokenInfo[] } {
  const words: string[] = [];
  const infos: OcrTokenInfo[] = [];
  const lines: string[] = [];
  for (const pg of p.pages) {
    pg.lines.forEach((l, i) => {
      lines.push(l);
      l.split(/\s+/).filter(Boolean).forEach((w, k) => { words.push(w); infos.push(pg.tokens[i][k]); });
    });
  }
  return { text: lines.join('\n'), words, infos };
}
