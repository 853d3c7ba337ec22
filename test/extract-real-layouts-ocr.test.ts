import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StructuredRecord } from '../schemas/index.ts';
import { extractTextFile } from './helpers/extract-text.ts';

/**
 * The documents of test/fixtures/real-layouts typeset, scanned and OCR'd without Vietnamese
 * (../shared/tools/degrade, seed 5, Liberation Serif), then repaired by the repair stage; the
 * repaired text is frozen here (ocr-repaired-*.txt) so these tests need neither tesseract nor the
 * repair model. They hold the rules to what OCR leaves of headers, signature blocks and tables:
 * glued body names ("UY BANMTTQ"), a lowered letter in a role ("Bí THƯ"), "III." read as "I.",
 * table cells wrapped over lines with blank lines between them, tab stops lost, "Quý 11" for II.
 */
const DIR = join(import.meta.dirname, 'fixtures', 'real-layouts');

const run = (name: string): StructuredRecord => extractTextFile(join(DIR, name));
const rows = (r: StructuredRecord) => r.tasks.map((t) => [t.section_numbering, t.numbering, t.lead_units, t.partner_units, t.timeline]);

describe('OCR-repaired MTTQ plan', () => {
  const r = run('ocr-repaired-plan-mttq-son-tien.txt');
  it('reads the glued committee name into the issuer and the signature chain', () => {
    expect(r.meta).toMatchObject({ issuer: 'Ban Thường trực Ủy ban MTTQ Việt Nam xã Sơn Tiến', province: 'Hà Tĩnh', signer: 'Nguyễn Thị Hồng Nhung', signer_role: 'TM. BAN THƯỜNG TRỰC / CHỦ TỊCH' });
  });
  it('reads the task table whose cells OCR wrapped and spaced out', () => {
    expect(rows(r)).toEqual([
      ['III', '1', ['Ban Thường trực Ủy ban MTTQ xã'], [], 'Tháng 9/2026'],
      ['III', '2', ['Ban Công tác Mặt trận các thôn'], ['Các tổ chức chính trị - xã hội xã'], 'Từ ngày 01/11/2026 đến ngày 18/11/2026'],
      ['III', '3', ['Ban Thường trực Ủy ban MTTQ xã'], ['Văn phòng Đảng ủy xã'], 'Trước ngày 25/11/2026'],
    ]);
    expect(r.recipients).toContain('Ban Công tác Mặt trận các thôn');
  });
});

describe('OCR-repaired Party committee plan', () => {
  const r = run('ocr-repaired-plan-party-phong-quang.txt');
  it('reads a role with a lowered letter and "III." read as "I."', () => {
    expect(r.meta).toMatchObject({ number: '08-KH/ĐU', issuer: 'Đảng ủy xã Phong Quang', signer_role: 'T/M ĐẢNG ỦY / BÍ THƯ' });
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:content', 'III:organization']);
  });
  it('reads quarters read as digits and an appendix table whose tab stops OCR lost, with its groups', () => {
    expect(r.tasks.filter((t) => t.numbering.startsWith('2.')).map((t) => t.timeline)).toEqual(['Quý II/2026', 'Quý II/2026']);
    expect(r.tasks.filter((t) => t.section_numbering === 'Phụ lục').map((t) => [t.numbering, t.lead_units[0], t.timeline])).toEqual([
      ['A.1', 'Chi bộ thôn Nà Làng', 'Tháng 5/2026'],
      ['A.2', 'Chi bộ thôn Khuất Tất', 'Trước ngày 15/5/2026'],
      ['B.1', 'Chi bộ', 'Từ tháng 5 đến tháng 8/2026'],
    ]);
  });
});

describe('OCR-repaired ward decision with its plan and appendix', () => {
  const r = run('ocr-repaired-decision-giang-vo-plan.txt');
  it('reads the decision\'s meta (the number\'s "Qb" as "QĐ") and no place-date from a citation', () => {
    expect(r.meta).toMatchObject({ doc_type: 'quyet_dinh', number: '215/QĐ-UBND', issued_date: null, issuer: 'UBND phường Giảng Võ', province: 'Hà Nội', signer_role: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
  });
  it('reads the appendix rows and the rates (an item number glued to a rate)', () => {
    expect(rows(r).map((x) => [x[1], x[2]])).toEqual([['1', ['Trạm Y tế phường']], ['2', ['Trạm Y tế phường']], ['3', ['Các tổ dân phố']], ['4', ['Phòng Kinh tế, Hạ tầng và Đô thị']]]);
    expect(r.targets.map((t) => [t.value, t.unit])).toEqual([[10, '%'], [100, '%']]);
  });
});

describe('OCR-repaired city plan with a target table', () => {
  const r = run('ocr-repaired-plan-da-nang-targets-table.txt');
  it('reads the city issuer behind a speck and the target table under a damaged first row number', () => {
    expect(r.meta).toMatchObject({ issuer: 'UBND thành phố Đà Nẵng', province: 'Đà Nẵng' });
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[2027, 100, '%'], [2027, 5000, 'đầu sách']]);
    expect(rows(r)[0]).toEqual(['III', '1', ['Sở Văn hóa và Thể thao'], ['UBND các phường, xã'], 'Quý II/2026']);
  });
});
