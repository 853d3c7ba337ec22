/**
 * Scanned pages as communes send them, made in-process (scripts/scan-render.ts: typeset with the vendored
 * font, degraded like an office scan), read by the real OCR: seal and signature over the signer's block,
 * the letterhead's two columns, a page scanned askew. Text written for these tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestor } from '../src/ingest/index.ts';
import { createOcrPool } from '../src/ingest/ocr.ts';
import { recognizeUpright, straighten } from '../src/ingest/orient.ts';
import { scanDocument } from '../scripts/scan-render.ts';
import { charErrorRate } from './fixtures/ingest/build.ts';

const PLAN = [
  'ỦY BAN NHÂN DÂN',
  'XÃ TÂN PHÚ',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Số: 27/KH-UBND',
  'Tân Phú, ngày 12 tháng 3 năm 2026',
  'KẾ HOẠCH',
  'Tổ chức tập huấn chuyển đổi số cho cán bộ thôn năm 2026',
  'Ủy ban nhân dân xã ban hành Kế hoạch tổ chức tập huấn chuyển đổi số cho cán bộ các thôn như sau:',
  'I. MỤC ĐÍCH, YÊU CẦU',
  '1. Nâng cao kỹ năng sử dụng dịch vụ công trực tuyến của cán bộ thôn và người dân.',
  '2. Bảo đảm mỗi thôn có ít nhất hai người hướng dẫn người dân cài đặt ứng dụng định danh điện tử.',
  'II. TỔ CHỨC THỰC HIỆN',
  'Văn phòng Ủy ban nhân dân xã chủ trì, phối hợp với các đoàn thể tổ chức các lớp tập huấn trong quý II năm 2026.',
  'Nơi nhận:',
  '- Các thôn;',
  '- Lưu: VT.',
  'KT. CHỦ TỊCH',
  'PHÓ CHỦ TỊCH',
  'Nguyễn Văn An',
];

const dir = mkdtempSync(join(tmpdir(), 'vnplan-ingest-scan-'));
const ingestor = createIngestor({ workers: 1 });
afterAll(async () => {
  await ingestor.close();
  rmSync(dir, { recursive: true, force: true });
});
const OCR_TIMEOUT = 180_000;

describe('scanned pages', () => {
  it('keeps a red seal and a blue signature out of the text, and reads the letterhead column by column', async () => {
    const scan = scanDocument(PLAN.join('\n'), { seed: 11, noise: 'default', seal: true });
    expect(scan.images.length).toBe(1);
    const path = join(dir, 'sealed.jpg');
    writeFileSync(path, scan.images[0]);
    const doc = await ingestor.ingest(path);
    const lines = doc.pages[0].lines;
    // the seal's ring reads "TỈNH QUẢNG AN"; none of its words, nor a stroke of the signature, is text
    expect(lines.join(' ')).not.toMatch(/QUẢNG AN|QUANG AN/u);
    // the letterhead: agency, motto, then the number, then the place-date line
    const at = (s: string) => lines.findIndex((l) => charErrorRate(s, l) < 0.15);
    const order = ['ỦY BAN NHÂN DÂN', 'XÃ TÂN PHÚ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 27/KH-UBND', 'Tân Phú, ngày 12 tháng 3 năm 2026'].map(at);
    expect(order.every((k) => k >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // the signer's block under the seal is read
    expect(at('PHÓ CHỦ TỊCH')).toBeGreaterThan(0);
    expect(at('Nguyễn Văn An')).toBeGreaterThan(0);
    // each paragraph of the body is one line
    expect(lines.filter((l) => l.startsWith('Văn phòng Ủy ban')).length).toBe(1);
    expect(charErrorRate(PLAN.join('\n'), lines.join('\n'))).toBeLessThan(0.03);
  }, OCR_TIMEOUT);

  it('straightens a page scanned askew and reads all of it', async () => {
    const scan = scanDocument(PLAN.join('\n'), { seed: 12, noise: 'default' });
    const path = join(dir, 'askew.png');
    // at 5° tesseract alone loses a third of the words (117 of 165 on this page)
    writeFileSync(path, await straighten(scan.images[0], 5));
    const doc = await ingestor.ingest(path);
    expect(charErrorRate(PLAN.join('\n'), doc.pages[0].lines.join('\n'))).toBeLessThan(0.03);
  }, OCR_TIMEOUT);

  it('reads a low-resolution page that holds only a column of short lines, which tesseract alone reads as blank', async () => {
    // a table set one cell per line (number, hamlet, count), scanned at 100–115 dpi: the strokes are a
    // pixel or two of grey toner in grain, and tesseract's page segmentation finds no text at all
    const rows = ['Thôn Đông', 'Thôn Tây', 'Thôn Nam', 'Thôn Bắc', 'Xóm Bãi', 'Xóm Chùa', 'Xóm Giữa', 'Xóm Đình'];
    const text = rows.flatMap((r, i) => [String(i + 1), r, String(((i * 7) % 5) + 1)]).join('\n');
    const ocr = createOcrPool({ workers: 1 });
    try {
      for (const seed of [3, 4]) {
        const page = scanDocument(text, { seed, noise: 'poor' }).images[0];
        expect((await ocr.recognize(page)).lines).toEqual([]);
        const read = await recognizeUpright(ocr, page);
        expect(read.lines.length).toBeGreaterThanOrEqual(6);
        expect(read.lines.some((l) => l.startsWith('Thôn Đông'))).toBe(true);
      }
    } finally {
      await ocr.close();
    }
  }, OCR_TIMEOUT);
});
