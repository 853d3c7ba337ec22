import { describe, expect, it } from 'vitest';
import { extractRecord } from '../src/extract/index.ts';
import { segmentDocument } from '../src/segment/index.ts';
import { fixtureDoc } from './fixtures/documents/load.ts';

/**
 * Own fixture documents after typesetting, scan noise, tesseract-eng OCR (shared/tools/degrade)
 * and the repair stage: the text keeps OCR residue (wrapped header columns, "$6:", "Đơn vị phù
 * hợp", "S6 Y tế", "Noinhan:", roles split over lines). Frozen here so the rules are tested on
 * realistic damage without running OCR or repair in the test.
 */
const run = (name: string) => extractRecord(segmentDocument(fixtureDoc(name))).record;

describe('OCR-repaired commune plan', () => {
  const r = run('ocr-repaired-plan-waste.txt');

  it('recovers the header, the sections and the signature block', () => {
    expect(r.meta).toMatchObject({ number: '112/KH-UBND', issued_date: '2025-10-03', commune: 'Tân Phú', province: 'Đồng Nai', signer: 'Trần Thị Mai', signer_role: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:targets', 'III:content', 'IV:funding', 'V:organization']);
  });

  it('reads tasks, targets and references through the residue', () => {
    expect(r.tasks.map((t) => t.due_date)).toEqual([null, '2025-11-30', '2025-12-15']);
    expect(r.tasks[0].partner_units.length).toBeGreaterThan(0);
    expect(r.targets.map((t) => [t.year, t.value])).toEqual([[2025, 70], [2025, 90], [2026, 95], [2026, 2]]);
    expect(r.references.map((x) => x.number)).toEqual(['72/2020/QH14', '1540/QĐ-UBND', '88/STNMT-MT']);
    expect(r.recipients[r.recipients.length - 1]).toBe('Lưu: VT');
  });
});

describe('OCR-repaired provincial plan', () => {
  const r = run('ocr-repaired-plan-province.txt');

  it('finds the province from a glued header and the four sections', () => {
    expect(r.meta).toMatchObject({ doc_type: 'ke_hoach', number: '230/KH-UBND', commune: null, province: 'Nghệ An' });
    // "MỤC TIÊU" holding quantified goals is a targets section (gold/real/NOTES.md)
    expect(r.sections.map((s) => s.kind)).toEqual(['targets', 'content', 'funding', 'organization']);
    expect(r.responsibilities.map((x) => x.unit)).toEqual(['Sở Y tế', 'UBND các xã, phường, đặc khu']);
  });
});

describe('OCR-repaired letter', () => {
  const r = run('ocr-repaired-letter.txt');

  it('reads a letter whose "Nơi nhận" label and place name were damaged', () => {
    expect(r.meta).toMatchObject({ doc_type: 'cong_van', number: '415/UBND-VP', commune: 'Đồng Sơn', commune_type: 'phường', province: 'Quảng Trị', signer: 'Hồ Thị Lan' });
    expect(r.recipients).toEqual(['Như trên', 'Lưu: VT']);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2025-11-15', '2025-11-30']);
  });
});

describe('OCR-repaired report with a task table', () => {
  const r = run('ocr-repaired-report-table.txt');

  it('reads table rows whose tab stops OCR lost', () => {
    expect(r.tasks.map((t) => [t.numbering, t.title, t.lead_units, t.partner_units, t.due_date])).toEqual([
      ['1', 'Số hóa hồ sơ hộ tịch', ['Văn phòng HĐND và UBND xã'], ['Công an xã'], '2026-06-30'],
      ['2', 'Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng', ['Phòng Văn hóa - Xã hội'], ['Các thôn'], null],
    ]);
  });
});

describe('splitProseRow', () => {
  it('splits a flattened row at unit heads not tied by a connector, and takes the time cell', async () => {
    const { splitProseRow } = await import('../src/extract/tasks.ts');
    expect(splitProseRow('3 Tuyên truyền cho Hội Nông dân về chuyển đổi số Phòng Kinh tế Hội Nông dân xã Tháng 9/2026')).toEqual({
      numbering: '3', title: 'Tuyên truyền cho Hội Nông dân về chuyển đổi số', units: ['Phòng Kinh tế', 'Hội Nông dân xã'], timeline: 'Tháng 9/2026',
    });
    expect(splitProseRow('Không có số thứ tự')).toBeNull();
  });
});
