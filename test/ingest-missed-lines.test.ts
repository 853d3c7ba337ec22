/**
 * Lines tesseract's page segmentation skipped (src/ingest/missed-lines.ts): on poor scans whole
 * paragraphs and a page's last lines come back from tesseract in no block at all, while it reads them
 * when given the band alone. A page typeset and scanned in-process (scripts/scan-render.ts; text
 * written for these tests) is read by the real OCR; a paragraph, or the end of a line, is then taken
 * out of the record, as tesseract leaves it out, and must come back from the band, in its place and
 * once; a page read whole, and rows of specks, are left as they are.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrPool } from '../src/ingest/ocr.ts';
import { missedBands, readMissedLines } from '../src/ingest/missed-lines.ts';
import type { OcrPageRecord } from '../src/ingest/ocr-record.ts';
import { scanDocument } from '../scripts/scan-render.ts';
import { charErrorRate } from './fixtures/ingest/build.ts';

const TEXT = [
  'I. MỤC ĐÍCH, YÊU CẦU',
  'Ủy ban nhân dân xã tổ chức tuyên truyền về phòng, chống thiên tai cho người dân các thôn ven sông trước mùa mưa bão năm 2026.',
  'Các thôn rà soát hộ gia đình sống ở vùng trũng, lập danh sách người cao tuổi, trẻ em và người khuyết tật cần hỗ trợ khi sơ tán.',
  'II. TỔ CHỨC THỰC HIỆN',
  'Văn phòng Ủy ban nhân dân xã chủ trì, phối hợp với Công an xã kiểm tra phương án sơ tán của từng thôn trước ngày 15 tháng 6 năm 2026.',
].join('\n');

const ocr = createOcrPool({ workers: 1 });
afterAll(() => ocr.close());

/** The record with the words of the lines that match `drop` taken out (tesseract skipped them). */
function skipping(rec: OcrPageRecord, drop: RegExp): OcrPageRecord {
  return {
    ...rec,
    blocks: rec.blocks
      .map((b) => ({ ...b, paragraphs: b.paragraphs.map((p) => ({ ...p, lines: p.lines.filter((l) => !drop.test(l.words.map((w) => w.text).join(' '))) })).filter((p) => p.lines.length > 0) }))
      .filter((b) => b.paragraphs.length > 0),
  };
}

describe('lines the page segmentation skipped', () => {
  it('reads a skipped paragraph again from its band and puts it back in its place', async () => {
    const image = scanDocument(TEXT, { seed: 4, noise: 'default' }).images[0];
    const whole = await ocr.recognize(image);
    expect(charErrorRate(TEXT, whole.lines.join('\n'))).toBeLessThan(0.03);
    // the second paragraph's lines (sơ tán … khuyết tật) left out, as tesseract leaves a block out
    const rec = skipping(whole.record!, /vùng trũng|khuyết|thôn rà soát|cần hỗ trợ|sơ tán\.$/u);
    const { layoutPage } = await import('../src/ingest/ocr-layout.ts');
    const missing = { ...whole, record: rec, ...layoutPage(rec) };
    expect(missing.lines.join(' ')).not.toMatch(/vùng trũng/u);
    const back = await readMissedLines(ocr, image, missing);
    const text = back.lines.join('\n');
    expect(text).toMatch(/vùng trũng/u);
    expect(charErrorRate(TEXT, text)).toBeLessThan(0.05);
    // in its place: after the first paragraph, before the second heading
    expect(text.indexOf('vùng trũng')).toBeGreaterThan(text.indexOf('mùa mưa'));
    expect(text.indexOf('vùng trũng')).toBeLessThan(text.indexOf('TỔ CHỨC THỰC HIỆN'));
    // the OCR evidence of the lines read again is kept for the repair
    expect(back.tokens?.length).toBe(back.lines.length);
  }, 180_000);

  it('reads the end of a line tesseract began and dropped, without reading its start twice', async () => {
    const image = scanDocument(TEXT, { seed: 6, noise: 'default' }).images[0];
    const whole = await ocr.recognize(image);
    // the last line read up to "phối hợp", the rest of it dropped
    const rec: OcrPageRecord = JSON.parse(JSON.stringify(whole.record));
    for (const b of rec.blocks) for (const p of b.paragraphs) for (const l of p.lines) {
      const k = l.words.findIndex((w) => w.text.startsWith('hợp'));
      if (l.words[0]?.text === 'Văn' && k > 0) l.words = l.words.slice(0, k + 1);
    }
    const { layoutPage } = await import('../src/ingest/ocr-layout.ts');
    const cut = { ...whole, record: rec, ...layoutPage(rec) };
    expect(cut.lines.join(' ')).not.toMatch(/Công an/u);
    const back = (await readMissedLines(ocr, image, cut)).lines.join('\n');
    expect(back).toMatch(/Công an xã/u);
    expect(back.match(/Văn phòng/gu)?.length).toBe(1);
  }, 180_000);

  it('leaves a page read whole as it is', async () => {
    const image = scanDocument(TEXT, { seed: 5, noise: 'default' }).images[0];
    const page = await ocr.recognize(image);
    expect(await readMissedLines(ocr, image, page)).toBe(page);
  }, 180_000);

  it('finds bands of inked rows no word covers, and none in rows of specks', () => {
    // a 200 × 100 grey page: two inked text rows (y 20–29 and 60–69) and one speck row (y 90)
    const w = 200, h = 100;
    const grey = new Uint8Array(w * h).fill(230);
    for (const y0 of [20, 60]) for (let y = y0; y < y0 + 10; y++) for (let x = 20; x < 180; x += 2) grey[y * w + x] = 40;
    grey[90 * w + 50] = 30;
    const rec = (ys: number[]): OcrPageRecord => ({
      width: w, height: h, confidence: 0.9,
      blocks: ys.map((y) => ({ box: [20, y, 180, y + 10], paragraphs: [{ box: [20, y, 180, y + 10], lines: [{ box: [20, y, 180, y + 10], words: [{ text: 'chữ', conf: 0.9, box: [20, y, 180, y + 10] }] }] }] })),
    });
    expect(missedBands(grey, w, h, 1, rec([20, 60]))).toEqual([]);
    const bands = missedBands(grey, w, h, 1, rec([20]));
    expect(bands.length).toBe(1);
    expect(bands[0][0]).toBeGreaterThanOrEqual(58);
    expect(bands[0][1]).toBeLessThanOrEqual(72);
  });
});
