import { describe, expect, it } from 'vitest';
import { findTitle, parsePlaceDate, stripHeaderColumn } from '../src/extract/meta.ts';
import { detectDocType } from '../src/segment/doc-type.ts';

/**
 * OCR of a two-column header (issuer + motto beside the type word and title) interleaves the
 * columns line by line. These lines are the repaired OCR of the held-out Thông báo
 * (test/fixtures/heldout/hk-thong-bao-my-yen.ocr.txt).
 */
const lines = [
  'THÔNG BÁO UBND XÃ MỸ YÊN CỘNG HÒA',
  '',
  'Lịch tiếp công dân định kỳ của lãnh XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'đạo UBND xã Mỹ Yên tháng 12 Độc lập - Tự do - Hạnh phúc',
  'năm 2025',
  'Số: 45/TB-UBND Mỹ Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm',
  'Yên, ngày 03 tháng 11 năm 2025 2013;',
  '',
  'Căn cứ Nghị định số 64/2014/NĐ-CP ngày 26/6/2014 của Chính phủ;',
];

describe('header columns OCR glued onto the type and title lines', () => {
  it('finds the type word at the start of a line that continues with the issuer column', () => {
    expect(detectDocType(lines)).toEqual({ docType: 'thong_bao', lineIndex: 0 });
    // A sentence that merely starts with the words is not a type line.
    expect(detectDocType(['Kế hoạch UBND xã đã ban hành', 'Số: 12/BC-UBND']).docType).toBe('bao_cao');
  });

  it('strips motto pieces and a trailing capitalised issuer run from title lines', () => {
    expect(stripHeaderColumn('Kết quả thực hiện nhiệm vụ phát XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBe('Kết quả thực hiện nhiệm vụ phát');
    expect(stripHeaderColumn('triển kinh tế - xã hội 6 tháng đầu XÃ TRUNG LỘC Độc lập - Tự do -')).toBe('triển kinh tế - xã hội 6 tháng đầu');
    expect(stripHeaderColumn('- Hạnh phúc')).toBe('');
    // A title in capitals, or one naming a unit in capitals mid-line, is left alone.
    expect(stripHeaderColumn('KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI')).toBe('KẾ HOẠCH PHÒNG CHỐNG THIÊN TAI');
    expect(stripHeaderColumn('Triển khai Đề án 06 của UBND xã năm 2025')).toBe('Triển khai Đề án 06 của UBND xã năm 2025');
  });

  it('joins the title lines and stops at the number column', () => {
    expect(findTitle(lines, 0, 8).title).toBe('Lịch tiếp công dân định kỳ của lãnh đạo UBND xã Mỹ Yên tháng 12 năm 2025');
  });

  it('does not take a citation glued after the number column for the place-date line', () => {
    expect(parsePlaceDate('Số: 112/KH-UBND Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;')).toBeNull();
    expect(parsePlaceDate('Số: 318/QĐ-UBND                        Phù Mỹ Tây, ngày 22 tháng 10 năm 2025')).toEqual({ iso: '2025-10-22', place: 'Phù Mỹ Tây' });
  });
});
