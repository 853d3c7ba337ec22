/**
 * What vnplan's own OCR (tesseract, Vietnamese model) does to a plan's structure, and the rules that
 * keep the structure through it (issue 13c). Classes found on the real set's scanned half A
 * (`npm run eval`, real.scan.*), proved here on a plan written for these tests (invented commune,
 * names and figures):
 *
 *  1. the page as tesseract reads it (an OCR record built by hand, boxes and confidences as tesseract
 *     gives them for these damages) laid out by ingest's layout step, repaired, segmented, extracted:
 *     a bold roman numeral read weakly as letters ("H.", "IV.TỔ" glued to the heading), a lettered
 *     item's marker read weakly ("b)") or as a symbol ("€)"), a title in capitals typeset right above
 *     the preamble in one tesseract paragraph, a heading's gap widened by tesseract's boxes ("2.SởY" /
 *     "tế") and its lost space;
 *  2. the repaired text's remaining damage, through segment and extract: a speck before a section
 *     numeral ("'IV."), a decimal item's dot read as a hyphen ("2-1."), lost ("13." for 1.3) or
 *     read as a digit ("233." for 2.3), a
 *     speck before a figure (".95%"), the 1 of "100%" read as a bracket ("]00%"), a letter glued
 *     after a rate ("100%e"), a period OCR read before a word in lower case ("85%. giếng khoan"), a low dash glued to a letter
 *     item ("_a)"), look-alike letters and digits in a letter sequence ("e)" for c, "8)" for g), the
 *     recipients label with its first word damaged ("Ai nhận:"), a recipient whose bullet OCR lost, a
 *     footnote the layout put after the archive line ("Lưu: VT."), a role prefix whose dot became a
 *     colon ("KT: CHỦ TỊCH"), an item number whose dot became a comma, a colon or a hyphen ("2, Sở …"), a code letter read as
 *     a digit ("07/2024/T1-BTC").
 */
import { describe, expect, it } from 'vitest';
import { layoutPage } from '../src/ingest/ocr-layout.ts';
import type { OcrPageRecord, OcrWordRecord } from '../src/ingest/ocr-record.ts';
import { scanDocument } from '../src/repair/channel/scan-pairs.ts';
import { createRepairer } from '../src/repair/index.ts';
import { analyseRepaired } from '../src/pipeline/batch.ts';
import { parseMarker, recipientsLabel } from '../src/segment/index.ts';
import { extractLines } from './helpers/extract-text.ts';

const H = 40;
/** Words of one printed line from x0 (20 px a character, 15 px gaps), confidence 0.95 unless given per word. */
function line(text: string, x0: number, y: number, conf: Record<number, number> = {}): OcrWordRecord[] {
  let x = x0;
  return text.split(' ').map((t, i) => {
    const w = [...t].length * 20;
    const word: OcrWordRecord = { text: t, conf: conf[i] ?? 0.95, box: [x, y, x + w, y + H] };
    x += w + 15;
    return word;
  });
}
/** A line justified from x0 to x1 (a full line of a paragraph). */
function justified(text: string, x0: number, x1: number, y: number): OcrWordRecord[] {
  const ts = text.split(' ');
  const per = (x1 - x0 - 15 * (ts.length - 1)) / ts.reduce((n, t) => n + [...t].length, 0);
  let x = x0;
  return ts.map((t) => {
    const w = [...t].length * per;
    const word: OcrWordRecord = { text: t, conf: 0.95, box: [Math.round(x), y, Math.round(x + w), y + H] };
    x += w + 15;
    return word;
  });
}
const boxOf = (ws: OcrWordRecord[]): [number, number, number, number] => [Math.min(...ws.map((w) => w.box[0])), Math.min(...ws.map((w) => w.box[1])), Math.max(...ws.map((w) => w.box[2])), Math.max(...ws.map((w) => w.box[3]))];

/** A page of paragraphs (each a list of lines), one block. */
function page(paragraphs: OcrWordRecord[][][]): OcrPageRecord {
  return {
    width: 2480,
    height: 3508,
    confidence: 0.92,
    blocks: [{ box: [0, 0, 2480, 3508], paragraphs: paragraphs.map((ls) => ({ box: boxOf(ls.flat()), lines: ls.map((words) => ({ box: boxOf(words), words })) })) }],
  };
}

describe('a scanned plan as the Vietnamese-model OCR reads it: layout → repair → segment → extract', () => {
  let y = 150;
  const next = (gap = 60) => (y += gap);
  const L = 300, R = 2200;
  const paragraphs: OcrWordRecord[][][] = [
    [[...line('ỦY BAN NHÂN DÂN', L, y), ...line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 1300, y)], [...line('XÃ ĐÔNG SƠN', L, next(50)), ...line('Độc lập - Tự do - Hạnh phúc', 1350, y)]],
    [[...line('Số: 45/KH-UBND', L, next(90)), ...line('Đông Sơn, ngày 9 tháng 4 năm 2026', 1350, y)]],
    [line('KẾ HOẠCH', 1100, next(110))],
    // the title in capitals, centred over the measure, and the preamble right under it: one tesseract paragraph
    [
      justified('CẤP NƯỚC SẠCH CHO CÁC THÔN VÙNG CAO TRÊN ĐỊA BÀN XÃ', L, R, next()),
      justified('ĐÔNG SƠN GIAI ĐOẠN 2026 - 2027 VÀ CÁC NĂM TIẾP THEO', L, R, next(50)),
      justified('Căn cứ tình hình thực tế, Ủy ban nhân dân xã ban hành Kế hoạch cấp nước sạch', L, R, next(50)),
      line('cho các thôn vùng cao như sau:', L, next(50)),
    ],
    [line('I. MỤC ĐÍCH, YÊU CẦU', L, next(80))],
    [line('1. Bảo đảm người dân các thôn vùng cao có nước sạch để sinh hoạt.', L, next())],
    // "II." read as "H." with little confidence
    [line('H. MỤC TIÊU', L, next(80), { 0: 0.25 })],
    [line('1. Đến hết năm 2027, 95% hộ gia đình các thôn vùng cao được dùng nước sạch.', L, next())],
    [line('2. Đến hết năm 2027, 100% trường học trên địa bàn xã có nước sạch.', L, next())],
    // "III." glued to the heading's first word, read with no confidence
    [line('HI.NHIỆM VỤ, GIẢI PHÁP', L, next(80), { 0: 0.0 })],
    [line('1. Xây dựng bể chứa nước tập trung', L, next())],
    [line('a) Khảo sát vị trí đặt bể tại bốn thôn vùng cao.', L, next())],
    [line('b) Lập dự toán xây dựng bể chứa và đường ống dẫn nước.', L, next(), { 0: 0.09 })],
    [line('€) Tổ chức thi công, nghiệm thu và bàn giao cho thôn quản lý.', L, next(), { 0: 0.73 })],
    // a unit heading whose space tesseract lost ("SởY") and whose next word's box it set far off
    [[...line('2.SởY', L, next()), ...line('tế', L + 160, y)]],
    [line('a) Hướng dẫn các thôn xử lý nước sinh hoạt sau mùa lũ.', L, next())],
    // "IV." glued to "TỔ" and read weakly
    [line('IV.TỔ CHỨC THỰC HIỆN', L, next(80), { 0: 0.18 })],
    [line('1. Văn phòng Ủy ban nhân dân xã chủ trì, theo dõi và báo cáo kết quả thực hiện.', L, next())],
    [line('Nơi nhận:', L, next(100)), line('TM. ỦY BAN NHÂN DÂN', 1400, y)],
    [line('- Các thôn;', L, next(50)), line('CHỦ TỊCH', 1550, y)],
    [line('- Lưu: VT.', L, next(50))],
    [line('Hoàng Minh Tâm', 1500, next(150))],
  ];
  const laid = layoutPage(page(paragraphs));
  const ingested = scanDocument({ id: 'scan-plan', pages: [{ ...laid, confidence: 0.92 }] });
  const repaired = createRepairer().repairBatch([ingested])[0];
  const record = analyseRepaired(ingested, repaired).extraction.record;

  it('keeps the weakly read section numerals and item markers the layout used to peel off as specks', () => {
    expect(laid.lines).toContain('H. MỤC TIÊU');
    expect(laid.lines.some((l) => l.startsWith('HI.NHIỆM'))).toBe(true);
    expect(laid.lines.some((l) => l.startsWith('IV.TỔ CHỨC'))).toBe(true);
    expect(laid.lines.some((l) => l.startsWith('b) Lập dự toán'))).toBe(true);
    expect(laid.lines.some((l) => l.startsWith('€) Tổ chức thi công'))).toBe(true);
    expect(record.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:targets', 'III:content', 'IV:organization']);
  });

  it('reads the lettered items, one whose "c)" the OCR read as a symbol, as tasks of their section', () => {
    expect(record.tasks.map((t) => [t.section_numbering, t.numbering])).toEqual([
      ['III', '1.a'],
      ['III', '1.b'],
      ['III', '1.c'],
      ['III', '2.a'],
    ]);
  });

  it('keeps a phrase whose gap the OCR boxes widened on one line, and reads "SởY tế" as the unit', () => {
    expect(laid.lines).toContain('2.SởY tế');
    expect(record.tasks.find((t) => t.numbering === '2.a')?.lead_units).toEqual(['Sở Y tế']);
  });

  it('never runs a title in capitals into the preamble typeset under it', () => {
    expect(laid.lines.some((l) => /TIẾP THEO Căn cứ/u.test(l))).toBe(false);
    expect(record.meta.title).toBe('CẤP NƯỚC SẠCH CHO CÁC THÔN VÙNG CAO TRÊN ĐỊA BÀN XÃ ĐÔNG SƠN GIAI ĐOẠN 2026 - 2027 VÀ CÁC NĂM TIẾP THEO');
    expect(record.meta.number).toBe('45/KH-UBND');
  });
});

describe('damage left in the repaired text of a scanned plan', () => {
  const record = extractLines([
    'ỦY BAN NHÂN DÂN',
    'XÃ ĐÔNG SƠN',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'Số: 52/KH-UBND',
    'Đông Sơn, ngày 20 tháng 4 năm 2026',
    'KẾ HOẠCH',
    'Phòng, chống hạn hán mùa khô năm 2026',
    'Căn cứ Thông tư số 07/2024/T1-BTC ngày 15/3/2024 của Bộ Tài chính;',
    'Ủy ban nhân dân xã ban hành Kế hoạch phòng, chống hạn hán mùa khô năm 2026 như sau:',
    'I. MỤC ĐÍCH, YÊU CẦU',
    '1. Chủ động nguồn nước tưới cho diện tích lúa vụ Hè Thu.',
    'II. MỤC TIÊU CỤ THỂ',
    '1. Đến năm 2026',
    '1.1. Nước tưới',
    '- Chỉ tiêu 1: Bảo đảm 90% diện tích lúa vụ Hè Thu đủ nước tưới.',
    '- Chỉ tiêu 2: ]00% trạm bơm được bảo dưỡng trước mùa khô.',
    '- Chỉ tiêu 3: 85%. giếng khoan được nạo vét, khử trùng ít nhất 2 lần trong mùa khô.',
    '1.2. Nước sinh hoạt',
    '- Chỉ tiêu 1: Phấn đấu đạt .95% hộ dân có nước sinh hoạt trong mùa khô.',
    "- Chỉ tiêu 2: '100%e trường học có bể chứa nước sạch.",
    '13. Tuyên truyền',
    '- Chỉ tiêu 1: 100% thôn tổ chức họp dân về phòng, chống hạn hán.',
    'III. NỘI DUNG THỰC HIỆN',
    '1. Nạo vét kênh mương nội đồng',
    '2. Các giai đoạn',
    '2-1. Trước mùa khô',
    '- Kiểm tra các trạm bơm và cống điều tiết.',
    '2.2. Trong mùa khô',
    '- Điều tiết nước luân phiên giữa các thôn.',
    '233. Sau mùa khô',
    '- Đánh giá thiệt hại và đề xuất hỗ trợ.',
    '3. Công tác tuyên truyền',
    '_a) Phát thanh trên loa của các thôn mỗi tuần hai lần.',
    'b) In tờ rơi hướng dẫn tiết kiệm nước.',
    'e) Tổ chức họp thôn về lịch tưới.',
    'd) Vận động hộ dân trữ nước mưa.',
    'đ) Biểu dương hộ dân làm tốt.',
    'e) Tổng hợp ý kiến của người dân.',
    '8) Báo cáo kết quả về Ủy ban nhân dân xã.',
    "'IV. TỔ CHỨC THỰC HIỆN",
    '1. Công chức Địa chính - Nông nghiệp chủ trì, theo dõi và báo cáo kết quả.',
    '2, Trưởng các thôn vận động hộ dân tham gia nạo vét kênh mương.',
    '3: Hội Nông dân xã phổ biến cách tưới tiết kiệm cho hội viên.',
    '4- Đoàn Thanh niên xã tổ chức ra quân nạo vét kênh mương vào cuối tuần.',
    'Ai nhận:',
    '- Các thôn;',
    'Hội Nông dân xã;',
    '- Lưu: VT.',
    'TM. ỦY BAN NHÂN DÂN',
    'KT: CHỦ TỊCH',
    'PHÓ CHỦ TỊCH',
    'Lương Thị Hạnh',
    // a footnote of the first page, which the layout reads after the signature column
    'số liệu tổng hợp từ báo cáo của các thôn đến hết tháng 3 năm 2026.',
  ]);

  it('reads a section numeral behind a speck and decimal items whose dot OCR read as a hyphen ("2-1.") or a digit ("233.")', () => {
    expect(record.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:targets', 'III:content', 'IV:organization']);
    expect(record.tasks.filter((t) => t.numbering.startsWith('2.')).map((t) => [t.numbering, t.title])).toEqual([
      ['2.1', 'Trước mùa khô'],
      ['2.2', 'Trong mùa khô'],
      ['2.3', 'Sau mùa khô'],
    ]);
  });

  it('reads a decimal item whose inner dot OCR lost ("13." after "1.2.") and rates behind specks (".95%", "]00%", "100%e", a period read for nothing: "85%. giếng khoan …", whose "2 lần" only qualifies the rate)', () => {
    expect(record.targets.map((t) => [t.value, t.unit, t.year, t.population])).toEqual([
      [90, '%', 2026, 'diện tích lúa vụ Hè Thu đủ nước tưới'],
      [100, '%', 2026, 'trạm bơm'],
      [85, '%', 2026, 'giếng khoan'],
      [95, '%', 2026, 'hộ dân'],
      [100, '%', 2026, 'trường học'],
      [100, '%', 2026, 'thôn tổ chức họp dân về phòng, chống hạn hán'],
    ]);
  });

  it('numbers a letter sequence through a speck, a look-alike letter and a digit read for a letter', () => {
    expect(record.tasks.filter((t) => t.numbering.startsWith('3.')).map((t) => t.numbering)).toEqual(['3.a', '3.b', '3.c', '3.d', '3.đ', '3.e', '3.g']);
  });

  it('reads the items of the organisation section whose dots OCR read as a comma, a colon or a hyphen', () => {
    expect(record.responsibilities.map((r) => r.unit)).toEqual(['Công chức Địa chính - Nông nghiệp', 'Trưởng các thôn', 'Hội Nông dân xã', 'Đoàn Thanh niên xã']);
  });

  it('reads the recipients under a damaged label, one whose bullet OCR lost, no footnote after the archive line, and the deputy\'s role whose dot became a colon', () => {
    expect(record.recipients).toEqual(['Các thôn', 'Hội Nông dân xã', 'Lưu: VT']);
    expect(record.meta.signer_role).toBe('TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH');
    expect(record.meta.signer).toBe('Lương Thị Hạnh');
  });

  it('reads a code part whose letter OCR read as a digit from the code vocabulary ("T1" for TT)', () => {
    expect(record.references.map((r) => [r.kind, r.number, r.date])).toEqual([['Thông tư', '07/2024/TT-BTC', '2024-03-15']]);
  });

  it('keeps the rules narrow: a digit item stays a number, a colon after other words is no label', () => {
    expect(parseMarker('8. Báo cáo kết quả')?.marker).toBe('arabic');
    expect(parseMarker("'2. Sở Tài chính")?.numbering).toBe('2');
    expect(recipientsLabel('Ai nhận: hồ sơ')).toBeNull();
    expect(recipientsLabel('Người nhận hồ sơ')).toBeNull();
    expect(recipientsLabel('Nai nhận:')).not.toBeNull();
  });
});
