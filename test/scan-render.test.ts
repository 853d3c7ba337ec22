/**
 * The in-process typesetter and scanner (scripts/scan-render.ts) as the eval's second scanned input
 * (eval/scans-typeset, issue 13): it must print every line of a plan, letterhead and preamble
 * included (degrade's typesetter moves the first lines that mention a date into the letterhead and
 * keeps only the last, which capped the eval's figure against the gold), and `make-scans.ts
 * --renderer vnplan` must write an OCR record that ingest's layout reads back. Text written for
 * these tests (invented commune, numbers and names).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { imageSize } from 'image-size';
import { afterAll, describe, expect, it } from 'vitest';
import { layOut } from '../src/repair/channel/scan-pairs.ts';
import type { OcrPageRecord } from '../src/ingest/ocr-record.ts';
import { scanDocument } from '../scripts/scan-render.ts';
import { charErrorRate } from './fixtures/ingest/build.ts';

const PLAN = [
  'ỦY BAN NHÂN DÂN',
  'XÃ HÒA BÌNH',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Số: 41/KH-UBND',
  'Hòa Bình, ngày 5 tháng 9 năm 2026',
  'KẾ HOẠCH',
  'Phòng, chống dịch bệnh trên cây lúa vụ Đông Xuân năm 2026',
  // preamble lines that mention dates: degrade's typesetter takes such lines for the letterhead
  'Căn cứ Luật Trồng trọt ngày 19 tháng 11 năm 2018;',
  'Căn cứ Kế hoạch số 12/KH-UBND ngày 3 tháng 8 năm 2026 của Ủy ban nhân dân huyện;',
  'Ủy ban nhân dân xã ban hành Kế hoạch như sau:',
  'I. MỤC ĐÍCH, YÊU CẦU',
  '1. Phát hiện sớm sâu bệnh, không để dịch lan rộng trên 95% diện tích lúa của xã.',
  'II. TỔ CHỨC THỰC HIỆN',
  'Các thôn hướng dẫn nông dân thăm đồng mỗi tuần, báo cáo kết quả trước ngày 30 tháng 12 năm 2026.',
  'Nơi nhận:',
  '- Các thôn;',
  '- Lưu: VT.',
  'TM. ỦY BAN NHÂN DÂN',
  'CHỦ TỊCH',
  'Lê Văn Bình',
];

const dir = mkdtempSync(join(tmpdir(), 'vnplan-scan-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scan-render typesetter', () => {
  it('prints every line of a plan in its order, the preamble lines that mention dates included', () => {
    const { printed, images } = scanDocument(PLAN.join('\n'), { seed: 3, noise: 'clean' });
    expect(images.length).toBe(1);
    expect(printed).toBe(PLAN.join('\n') + '\n');
  });

  it('scans at 100–115 dpi on the poor level, at 135–160 on harsh', () => {
    // A4 is 210 mm wide: the page's width in pixels gives the scan's resolution
    const dpiOf = (img: Buffer) => (imageSize(img).width! / 210) * 25.4;
    for (const seed of [1, 2, 3]) {
      const poor = dpiOf(scanDocument(PLAN.join('\n'), { seed, noise: 'poor' }).images[0]);
      expect(poor).toBeGreaterThanOrEqual(99.5);
      expect(poor).toBeLessThanOrEqual(115.5);
      const harsh = dpiOf(scanDocument(PLAN.join('\n'), { seed, noise: 'harsh' }).images[0]);
      expect(harsh).toBeGreaterThanOrEqual(134.5);
      expect(harsh).toBeLessThanOrEqual(160.5);
    }
  });
});

describe('make-scans --renderer vnplan', () => {
  it('writes the OCR record of each page and the printed text, which ingest\'s layout reads back', () => {
    const src = join(dir, 'plan41.txt');
    writeFileSync(src, PLAN.join('\n') + '\n');
    const out = join(dir, 'scans');
    execFileSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, '../scripts/make-scans.ts'), '--renderer', 'vnplan', '--noise', 'default', '--seed', '7', '--eval', '--out', out, src], {
      cwd: resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const file = JSON.parse(gunzipSync(readFileSync(join(out, 'plan41.ocr.json.gz'))).toString('utf8')) as { scan: Record<string, unknown>; pages: OcrPageRecord[]; printed: string };
    expect(file.scan).toEqual({ renderer: 'vnplan', noise: 'default', seed: 7 });
    expect(file.printed).toBe(PLAN.join('\n') + '\n');
    expect(file.pages.length).toBe(1);
    const lines = layOut(file.pages)[0].lines;
    // the letterhead's columns come back apart, and the page reads nearly as printed
    expect(lines.slice(0, 6).some((l) => charErrorRate('Số: 41/KH-UBND', l) < 0.15)).toBe(true);
    expect(charErrorRate(PLAN.join('\n'), lines.join('\n'))).toBeLessThan(0.05);
  }, 180_000);
});
