import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../src/ingest/index.ts';
import type { OcrEngine } from '../src/ingest/ocr.ts';
import { makeMultiPageTiff, makeScannedPdf, PLAN_LINES, renderPagePng } from './fixtures/ingest/build.ts';

/**
 * An OCR engine that reads nothing: it answers `call k` for its k-th image, later calls faster
 * than earlier ones (so answers come back out of order), and records how many images were
 * handed to it and not yet answered.
 */
function fakeOcr(size: number): OcrEngine & { maxOutstanding: number } {
  let calls = 0;
  let outstanding = 0;
  const engine = {
    size,
    maxOutstanding: 0,
    async recognize() {
      const k = calls++;
      outstanding++;
      engine.maxOutstanding = Math.max(engine.maxOutstanding, outstanding);
      await new Promise((r) => setTimeout(r, Math.max(1, 40 - k * 5)));
      outstanding--;
      return { lines: [`call ${k}`], confidence: 0.9 };
    },
    async close() {},
  };
  return engine;
}

const dir = mkdtempSync(join(tmpdir(), 'vnplan-ingest-pool-'));
const PAGES = 7;
beforeAll(async () => {
  const pngs = Array.from({ length: PAGES }, (_, i) => renderPagePng([PLAN_LINES[i]], 40));
  writeFileSync(join(dir, 'long-scan.pdf'), await makeScannedPdf(pngs));
  writeFileSync(join(dir, 'fax.tif'), await makeMultiPageTiff(pngs));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OCR scheduling', () => {
  it.each(['long-scan.pdf', 'fax.tif'])('%s: pages in order, progress for each, at most two waiting per worker', async (name) => {
    const ocr = fakeOcr(1);
    const progress: number[] = [];
    const doc = await createIngestor({ ocr }).ingest(join(dir, name), (done) => progress.push(done));
    expect(doc.pages.map((p) => p.pageNumber)).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(doc.pages.map((p) => p.lines[0])).toEqual(Array.from({ length: PAGES }, (_, i) => `call ${i}`));
    expect(progress).toEqual(Array.from({ length: PAGES }, (_, i) => i + 1));
    expect(ocr.maxOutstanding).toBeLessThanOrEqual(2);
    expect(ocr.maxOutstanding).toBeGreaterThan(1); // the next page is prepared while one is read
  });

  it('ingestAll keeps one file per worker in flight and returns results in input order', async () => {
    const ocr = fakeOcr(2);
    const paths = ['fax.tif', 'long-scan.pdf', 'missing.png'].map((n) => join(dir, n));
    const finished: string[] = [];
    const results = await createIngestor({ ocr }).ingestAll(paths, (p, _r, done, total) => finished.push(`${done}/${total}`));
    expect(results.map((r) => (r instanceof Error ? 'error' : r.sourceKind))).toEqual(['image-ocr', 'pdf-ocr', 'error']);
    expect(finished).toEqual(['1/3', '2/3', '3/3']);
    expect(ocr.maxOutstanding).toBeLessThanOrEqual(2 * 2 * 2); // two files, each ≤ two pages per worker
  });
});

describe('orientation search', () => {
  it('turns a poorly read page and keeps the most confident reading; blank pages are read once', async () => {
    const { recognizeUpright } = await import('../src/ingest/orient.ts');
    const png = renderPagePng(PLAN_LINES.slice(0, 1), 40);
    let calls = 0;
    // The original reads poorly, the quarter turns (width and height swapped) a little better,
    // the half turn (same shape, other pixels) well.
    const { width } = imageSize(png);
    const poor: OcrEngine = {
      size: 1,
      recognize: async (img) => {
        calls++;
        const confidence = img.equals(png) ? 0.3 : imageSize(img).width === width ? 0.93 : 0.4;
        return { lines: ['x'], confidence };
      },
      close: async () => {},
    };
    const r = await recognizeUpright(poor, png);
    expect(calls).toBe(4);
    expect(r).toMatchObject({ rotation: 180, confidence: 0.93 });
    let blankCalls = 0;
    const blank: OcrEngine = { size: 1, recognize: async () => (blankCalls++, { lines: [], confidence: 0 }), close: async () => {} };
    expect((await recognizeUpright(blank, png)).rotation).toBe(0);
    expect(blankCalls).toBe(1);
  });
});
