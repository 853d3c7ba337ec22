import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { formatNumber } from '../src/ingest/docx.ts';
import { htmlToLines, sniffHtml } from '../src/ingest/html.ts';
import { IngestFailure } from '../src/ingest/index.ts';
import { checkImageHeader, jpegOrientation, sniffImage, uprightPng } from '../src/ingest/image.ts';
import { isUsableTextLayer, pageTextLines, sniffPdf } from '../src/ingest/pdf.ts';
import { sniffUtf16 } from '../src/ingest/encoding.ts';
import { readingOrder } from '../src/ingest/ocr.ts';
import { PLAN_LINES, pngHeaderOnly, renderPagePng, rotate90, withExifOrientation } from './fixtures/ingest/build.ts';

describe('sniffing by content', () => {
  it('tells PDF, images and UTF-16 apart from text', async () => {
    const png = renderPagePng(PLAN_LINES.slice(0, 1), 50);
    expect(sniffImage(png)).toBe('png');
    expect(sniffImage(await rotate90(png))).toBe('jpeg');
    expect(sniffImage(Buffer.from('II*\0________'))).toBe('tiff');
    expect(sniffImage(Buffer.from(PLAN_LINES.join('\n')))).toBeNull();
    expect(sniffPdf(Buffer.from('%PDF-1.7\n...'))).toBe(true);
    expect(sniffPdf(Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from('%PDF-1.4')]))).toBe(true);
    expect(sniffPdf(Buffer.from('Ghi chú\nTệp mẫu bắt đầu bằng %PDF-1.4 như sau'))).toBe(false);
    expect(sniffUtf16(Buffer.from('Kế hoạch số 12', 'utf16le'))).toBe('utf-16le');
    expect(sniffUtf16(Buffer.from('Kế hoạch số 12'))).toBeNull();
  });
});

describe('images', () => {
  it('reads EXIF orientation from JPEG headers', async () => {
    const jpeg = await rotate90(renderPagePng(PLAN_LINES.slice(0, 1), 50));
    expect(jpegOrientation(jpeg)).toBe(1);
    for (const o of [3, 6, 8]) expect(jpegOrientation(withExifOrientation(jpeg, o))).toBe(o);
  });

  it('refuses giant images by header and scales large ones down for OCR', async () => {
    expect(() => checkImageHeader(pngHeaderOnly(20000, 20000), 'x.png')).toThrow(IngestFailure);
    expect(() => checkImageHeader(pngHeaderOnly(16000, 9000), 'x.png')).toThrow(/megapixels/);
    expect(checkImageHeader(pngHeaderOnly(2480, 3508), 'x.png')).toMatchObject({ width: 2480, height: 3508 });
    const page = renderPagePng(PLAN_LINES.slice(0, 2), 100); // 827 × 1169
    const small = imageSize(await uprightPng(page, 200_000));
    expect(small.width! * small.height!).toBeLessThanOrEqual(200_000);
    expect(small.width! / small.height!).toBeCloseTo(827 / 1169, 2);
  });
});

describe('PDF text layers', () => {
  it('keeps real text and rejects symbol soup', () => {
    expect(isUsableTextLayer(PLAN_LINES)).toBe(true);
    expect(isUsableTextLayer(['  ', '3'])).toBe(false);
    expect(isUsableTextLayer(['!"#$ %&\'() *+,-./ 0123 ÿþýü ûúùø ÷ö õôóò ñðïî íìëê éèçæ åäãâ áàß Þ ÝÜÛ ÚÙØ'])).toBe(false);
    // Leading blanks stay (indentation), trailing ones and empty edge lines go, ligatures unfold.
    expect(pageTextLines('\n  ﬁnal\r\nb  \n\n')).toEqual(['  final', 'b']);
    expect(pageTextLines('Vie \u0323\u0302t Nam')).toEqual(['Việt Nam']);
  });
});

describe('Word list numbers', () => {
  it('formats roman, letter and decimal counters as Word does', () => {
    expect([1, 4, 9, 14, 40].map((n) => formatNumber(n, 'upperRoman'))).toEqual(['I', 'IV', 'IX', 'XIV', 'XL']);
    expect([1, 26, 27].map((n) => formatNumber(n, 'lowerLetter'))).toEqual(['a', 'z', 'aa']);
    expect(formatNumber(7, 'decimal')).toBe('7');
    expect(formatNumber(3, 'decimalZero')).toBe('03');
  });
});

describe('HTML', () => {
  it('keeps only visible text: blocks as lines, table cells tab-separated, entities decoded', () => {
    const html = `<!DOCTYPE html><html><head><title>t</title><style>p{color:red}</style><script>var x = "Kế hoạch";</script></head>
<body><h1>K&#7870; HO&#7840;CH</h1><p>Ph&aacute;t động<br>phong tr&agrave;o   thi đua</p>
<table><tr><td><p>Chỉ tiêu</p><p>chính</p></td><td>Năm 2026</td></tr><tr><td>Hộ</td><td>80%</td></tr></table>
<ul><li>Tuyên truyền</li></ul></body></html>`;
    expect(sniffHtml(Buffer.from(html))).toBe(true);
    expect(sniffHtml(Buffer.from('Kế hoạch <html> trong văn bản'))).toBe(false);
    expect(htmlToLines(html)).toEqual(['KẾ HOẠCH', 'Phát động', 'phong trào thi đua', 'Chỉ tiêu chính\tNăm 2026', 'Hộ\t80%', '- Tuyên truyền']);
  });
});

describe('OCR reading order', () => {
  it('puts side-by-side column lines back on one row, tab-separated, rows top to bottom', () => {
    const box = (text: string, x0: number, y0: number, x1: number, h = 40) => ({ text, x0, x1, y0, y1: y0 + h });
    // As tesseract returns them: the left column block, the title, then the right column block.
    const lines = [
      box('ỦY BAN NHÂN DÂN', 100, 100, 700),
      box('XÃ TÂN PHÚ', 200, 160, 600),
      box('KẾ HOẠCH', 800, 300, 1100),
      box('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 900, 104, 2000), // a slight skew
      box('Độc lập - Tự do - Hạnh phúc', 1000, 166, 1900),
      // Two lines of one column, close enough to touch: never merged.
      box('dòng một', 100, 400, 1500, 50),
      box('dòng hai', 100, 440, 1500, 50),
    ];
    expect(readingOrder(lines)).toEqual([
      'ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'XÃ TÂN PHÚ\tĐộc lập - Tự do - Hạnh phúc',
      'KẾ HOẠCH',
      'dòng một',
      'dòng hai',
    ]);
  });
});
