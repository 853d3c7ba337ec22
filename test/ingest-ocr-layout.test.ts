import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { layoutPage } from '../src/ingest/ocr-layout.ts';
import { charAlternatives, hocrChoices, type OcrPageRecord, type OcrWordRecord } from '../src/ingest/ocr-record.ts';
import { mayHaveColour, whitenColourInk } from '../src/ingest/colour.ts';

/** Words of one printed line from x0, each `w` px per char plus a gap, 40 px high, confidence 0.95. */
function line(text: string, x0: number, y0: number, opts: { conf?: number[]; gap?: number; charW?: number } = {}): OcrWordRecord[] {
  let x = x0;
  return text.split(' ').map((t, i) => {
    const w = [...t].length * (opts.charW ?? 20);
    const word: OcrWordRecord = { text: t, conf: opts.conf?.[i] ?? 0.95, box: [x, y0, x + w, y0 + 40] };
    x += w + (opts.gap ?? 15);
    return word;
  });
}

/** A justified printed line: the words spread from x0 to x1. */
function justified(text: string, x0: number, x1: number, y0: number): OcrWordRecord[] {
  const ts = text.split(' ');
  const total = ts.reduce((n, t) => n + [...t].length, 0);
  const gap = 15;
  const per = (x1 - x0 - gap * (ts.length - 1)) / total;
  let x = x0;
  return ts.map((t) => {
    const w = [...t].length * per;
    const word: OcrWordRecord = { text: t, conf: 0.95, box: [Math.round(x), y0, Math.round(x + w), y0 + 40] };
    x += w + gap;
    return word;
  });
}

const boxOf = (ws: OcrWordRecord[]): [number, number, number, number] => [Math.min(...ws.map((w) => w.box[0])), Math.min(...ws.map((w) => w.box[1])), Math.max(...ws.map((w) => w.box[2])), Math.max(...ws.map((w) => w.box[3]))];

/** A record with one block; each inner array is a paragraph of lines. */
function page(paragraphs: OcrWordRecord[][][], height = 3500): OcrPageRecord {
  return {
    width: 2480,
    height,
    confidence: 0.9,
    blocks: [{ box: [0, 0, 2480, height], paragraphs: paragraphs.map((lines) => ({ box: boxOf(lines.flat()), lines: lines.map((words) => ({ box: boxOf(words), words })) })) }],
  };
}

/** Two words far apart on one tesseract line: the two columns of a letterhead row. */
const twoColumns = (left: string, right: string, y: number) => [...line(left, 300, y), ...line(right, 1300, y)];

describe('OCR layout', () => {
  it('cuts a letterhead row read as one line and reads it column by column: agency, motto, then number and place-date', () => {
    const rec = page([
      [
        twoColumns('ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 200),
        twoColumns('XÃ TÂN PHÚ', 'Độc lập - Tự do - Hạnh phúc', 250),
      ],
      [twoColumns('Số: 12/KH-UBND', 'Tân Phú, ngày 3 tháng 5 năm 2026', 380)],
      [line('KẾ HOẠCH', 1000, 500)],
    ]);
    const out = layoutPage(rec);
    expect(out.lines).toEqual([
      'ỦY BAN NHÂN DÂN',
      'XÃ TÂN PHÚ',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 12/KH-UBND',
      'Tân Phú, ngày 3 tháng 5 năm 2026',
      'KẾ HOẠCH',
    ]);
    // one evidence record per whitespace token of each line
    expect(out.tokens.map((t) => t.length)).toEqual(out.lines.map((l) => l.split(' ').length));
  });

  it('joins the printed lines of a justified paragraph, undoes a hyphen at the line end, and keeps list items apart', () => {
    const rec = page([
      [justified('Thực hiện Kế hoạch số 45/KH-', 300, 2200, 600), justified('UBND ngày 15/9/2025 của UBND tỉnh về việc tổ chức thực hi-', 200, 2200, 660), line('ện phong trào.', 200, 720)],
      [line('- Tuyên truyền rộng rãi.', 300, 800)],
      [line('- Kiểm tra, đánh giá.', 300, 860)],
    ]);
    const out = layoutPage(rec);
    expect(out.lines).toEqual(['Thực hiện Kế hoạch số 45/KH-UBND ngày 15/9/2025 của UBND tỉnh về việc tổ chức thực hiện phong trào.', '- Tuyên truyền rộng rãi.', '- Kiểm tra, đánh giá.']);
    expect(out.printedLines).toEqual([3, 1, 1]);
    expect(out.tokens[0].length).toBe(out.lines[0].split(' ').length);
  });

  it('keeps a body line whole where tesseract widened one gap before a word in lower case, and a line justified wide', () => {
    // a gap 1.5 word heights wide after "Đảng;" (tesseract's boxes at 100 dpi), with the line under it
    // widened at the same place: no column starts with a word in lower case after a comma or semicolon
    const widened = (text: string, at: number, y: number) => {
      const ws = line(text, 200, y);
      for (let k = at; k < ws.length; k++) ws[k].box = [ws[k].box[0] + 45, ws[k].box[1], ws[k].box[2] + 45, ws[k].box[3]];
      return ws;
    };
    const rec = page([
      [line('Ủy ban nhân dân tỉnh triển khai Đợt thi đua lập thành tích chào mừng', 260, 500)],
      [widened('Đại hội của Đảng; tăng tốc, bứt phá hoàn thành thắng lợi các mục tiêu,', 4, 560), widened('nhiệm vụ Nghị quyết Đại hội lần thứ XIII của Đảng trên địa bàn tỉnh', 5, 620)],
      // every gap of this line is 1.5 word heights: a line the typesetter stretched, not two columns
      [line('học và sinh viên; sử dụng Nền tảng bình dân học vụ số', 200, 700, { gap: 60 })],
      [line('(binhdanhocvuso.gov.vn), Nền tảng học trực tuyến mở.', 200, 760)],
    ]);
    const printed = rec.blocks[0].paragraphs.flatMap((p) => p.lines.map((l) => l.words.map((w) => w.text).join(' ')));
    const out = layoutPage(rec);
    // every printed line comes out whole (inside a joined paragraph), in the printed order
    expect(out.lines.join(' ')).toBe(printed.join(' '));
    for (const l of printed) expect(out.lines.some((o) => o.includes(l))).toBe(true);
    // the letterhead's gutter is still a cut: far wider than the words' own gaps
    const head = layoutPage(page([[twoColumns('ỦY BAN NHÂN DÂN TỈNH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 200)]]));
    expect(head.lines).toEqual(['ỦY BAN NHÂN DÂN TỈNH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
  });

  it('keeps a label and its value on one line where tesseract left a wide gap after the colon (a real page)', () => {
    // eval/scans-typeset/p015, third page as tesseract read it: "- Cơ quan phối hợp:" | "Các sở, …" and
    // "- Thời gian thực hiện:" | "Sau khi …", one under the other, each with a gap of ~2 word heights
    // after the colon; cut there, the two labels were read first, then the two values
    const file = JSON.parse(gunzipSync(readFileSync(join(import.meta.dirname, '../eval/scans-typeset/p015.ocr.json.gz'))).toString('utf8')) as { pages: OcrPageRecord[] };
    const lines = layoutPage(file.pages[2]).lines;
    const label = lines.findIndex((l) => /^- Cơ quan phối hợp: Các sở, ngành có liên quan và UBND/u.test(l));
    expect(label).toBeGreaterThanOrEqual(0);
    expect(lines[label + 1]).toMatch(/^- Thời gian thực hiện: Sau khi Nghị định .* ban hành\.$/u);
    expect(lines.some((l) => /^- (Cơ quan phối hợp|Thời gian thực hiện):$/u.test(l))).toBe(false);
    // the right column of a signature block starts in capitals: still a column after "Nơi nhận:"
    const sign = layoutPage(page([[[...line('Nơi nhận:', 200, 900), ...line('KT. CHỦ TỊCH', 300 + 9 * 20 + 60, 900)]], [line('- Như trên;', 200, 960)]]));
    expect(sign.lines[0]).toBe('Nơi nhận:');
    expect(sign.lines).toContain('KT. CHỦ TỊCH');
  });

  it('keeps a sentence on one line where tesseract left a wide gap after a small letter, a comma or a semicolon, before a name in sentence case or a number (real pages)', () => {
    // eval/scans-typeset/p001, fifth page: "khai thực hiện" | "Kế hoạch này; tham mưu …" 1.6 word
    // heights apart; cut, the right piece joined the recipients' column below it and was read after
    // half of "Nơi nhận"
    const file = JSON.parse(gunzipSync(readFileSync(join(import.meta.dirname, '../eval/scans-typeset/p001.ocr.json.gz'))).toString('utf8')) as { pages: OcrPageRecord[] };
    const lines = layoutPage(file.pages[4]).lines;
    const k = lines.findIndex((l) => /thực hiện Kế hoạch này; tham mưu sơ kết, tổng kết/u.test(l));
    expect(k).toBeGreaterThanOrEqual(0);
    expect(lines.slice(k + 1, k + 3)).toEqual(['tỉnh theo quy định./.', 'Nơi nhận:']);
    // eval/scans-typeset/p033, first page: "Căn cứ Quyết định số" | "3531/QĐ-BTC …", 1.4 heights: one paragraph
    const p033 = JSON.parse(gunzipSync(readFileSync(join(import.meta.dirname, '../eval/scans-typeset/p033.ocr.json.gz'))).toString('utf8')) as { pages: OcrPageRecord[] };
    expect(layoutPage(p033.pages[0]).lines.some((l) => /^Căn cứ Quyết định số 3531\/QĐ-BTC ngày 17 tháng 10 năm 2025 của Bộ trưởng Bộ Tài chính/u.test(l))).toBe(true);
    // eval/scans-typeset/p015, first page: "- Cơ quan phối hợp: Các sở, ngành;" | "Ủy ban nhân dân …", 1.3 heights
    const p015 = JSON.parse(gunzipSync(readFileSync(join(import.meta.dirname, '../eval/scans-typeset/p015.ocr.json.gz'))).toString('utf8')) as { pages: OcrPageRecord[] };
    expect(layoutPage(p015.pages[0]).lines).toContain('- Cơ quan phối hợp: Các sở, ngành; Ủy ban nhân dân các xã, phường.');
    // a recipient and the signer's name on one row, a signature column apart: still two columns
    const sign = layoutPage(page([[[...line('- Như trên;', 200, 900), ...line('Nguyễn Văn An', 200 + 10 * 20 + 15 + 600, 900)]]]));
    expect(sign.lines).toEqual(['- Như trên;', 'Nguyễn Văn An']);
    // a left column in capitals (an agency) is still cut from a right one in sentence case 1.5 heights off
    const head = layoutPage(page([[[...line('BAN CHỈ ĐẠO', 300, 200), ...line('Tổ công tác số 2', 300 + 9 * 20 + 2 * 15 + 60, 200)]]]));
    expect(head.lines).toEqual(['BAN CHỈ ĐẠO', 'Tổ công tác số 2']);
  });

  it('puts a paragraph tesseract split down a river of spaces back together, and keeps a letterhead\'s columns apart', () => {
    // each printed line came back as a left piece and a right piece, in two tesseract paragraphs,
    // a word gap apart: read column by column the right pieces followed the whole left side
    const left = (t: string, y: number) => line(t, 200, y);
    const rec = page([
      [left('- Triển khai thực hiện kịp thời, đồng bộ,', 600), left('Ban Thường vụ Tỉnh ủy, Kế hoạch số', 660), left('số 66-NQ/TW trên địa bàn tỉnh.', 720)],
      [line('hiệu quả Kế hoạch số 14-KH/TU của', 1010, 600), line('24/KH-UBND của UBND tỉnh và Nghị quyết', 875, 660)],
    ]);
    const out = layoutPage(rec);
    expect(out.lines.join(' ')).toBe('- Triển khai thực hiện kịp thời, đồng bộ, hiệu quả Kế hoạch số 14-KH/TU của Ban Thường vụ Tỉnh ủy, Kế hoạch số 24/KH-UBND của UBND tỉnh và Nghị quyết số 66-NQ/TW trên địa bàn tỉnh.');
    // a letterhead set as two tesseract blocks: the agency and the motto stay apart, column by column
    const head = layoutPage(page([
      [line('ỦY BAN NHÂN DÂN', 300, 200), line('XÃ TÂN PHÚ', 360, 250)],
      [line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1300, 200), line('Độc lập - Tự do - Hạnh phúc', 1400, 250)],
    ]));
    expect(head.lines).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ TÂN PHÚ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
  });

  it('leaves out specks read at a line edge and page numbers, and keeps words and list dashes', () => {
    const rec = page([
      [line('2', 1240, 60)],
      [[...line('„', 180, 300, { conf: [0.4] }), ...line('- Rà soát dữ liệu hộ nghèo', 300, 300), ...line('_', 1400, 300, { conf: [0.2] })]],
      [line('Tổ chức tập huấn kỹ năng số xaul———', 300, 400, { conf: [0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.1] })],
      [line('- 3 -', 1200, 3400)],
    ]);
    expect(layoutPage(rec).lines).toEqual(['- Rà soát dữ liệu hộ nghèo', 'Tổ chức tập huấn kỹ năng số']);
  });
});

describe('OCR record', () => {
  // as tesseract.js gives it with lstm_choice_mode 2 (from a degraded page: "Phắt" for "Phát")
  const hocr = `<span class='ocrx_word' id='word_1_130' title='bbox 342 877 406 903; x_wconf 89'>Phắt
     <span class='ocrx_cinfo' id='lstm_choices_1_130_1'>
      <span class='ocrx_cinfo' id='choice_1_130_1' title='x_confs 89.96'> </span>
      <span class='ocrx_cinfo' id='choice_1_130_2' title='x_confs 0'>.</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_130_2'>
      <span class='ocrx_cinfo' id='choice_1_130_5' title='x_confs 93.43'>P</span>
      <span class='ocrx_cinfo' id='choice_1_130_6' title='x_confs 0'>Đ</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_130_3'>
      <span class='ocrx_cinfo' id='choice_1_130_11' title='x_confs 96.17'>h</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_130_4'>
      <span class='ocrx_cinfo' id='choice_1_130_13' title='x_confs 93.51'>ắ</span>
      <span class='ocrx_cinfo' id='choice_1_130_14' title='x_confs 59.24'>á</span>
      <span class='ocrx_cinfo' id='choice_1_130_15' title='x_confs 2.84'>ấ</span></span>
     <span class='ocrx_cinfo' id='lstm_choices_1_130_5'>
      <span class='ocrx_cinfo' id='choice_1_130_19' title='x_confs 93.05'>t</span></span>
    </span>`;

  it("reads the LSTM's choices per character from the hOCR and lines them up with the word", () => {
    const words = hocrChoices(hocr);
    expect(words.length).toBe(1);
    expect(charAlternatives('Phắt', words[0])).toEqual([null, null, [['á', 0.592], ['ấ', 0.028]], null]);
    // a word whose characters do not line up with the choices gets none rather than wrong ones
    expect(charAlternatives('Phắt.', words[0])).toBeUndefined();
  });
});

describe('colour ink', () => {
  it('whitens a red seal and keeps the black print under it', async () => {
    const c = createCanvas(400, 200);
    const g = c.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, 400, 200);
    g.fillStyle = '#000000';
    g.fillRect(50, 90, 300, 20); // a black bar standing for print
    g.strokeStyle = 'rgb(210, 30, 40)';
    g.lineWidth = 12;
    g.beginPath();
    g.arc(200, 100, 70, 0, 2 * Math.PI);
    g.stroke();
    const png = c.toBuffer('image/png');
    expect(mayHaveColour(png)).toBe(true);
    const out = await whitenColourInk(png);
    expect(out).not.toBeNull();
    const px = (x: number, y: number) => out!.image[out!.image.length - 400 * 200 + y * 400 + x];
    expect(px(200, 30)).toBe(255); // on the red ring, above the bar
    expect(px(200, 100)).toBeLessThan(40); // the bar where the ring crosses it
    expect(px(60, 100)).toBeLessThan(40);
    // a grey scan has no colour to remove
    const grey = createCanvas(50, 50);
    grey.getContext('2d').fillRect(10, 10, 10, 10);
    expect(await whitenColourInk(grey.toBuffer('image/png'))).toBeNull();
  });
});
