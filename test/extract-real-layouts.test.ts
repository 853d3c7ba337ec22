import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StructuredRecord } from '../schemas/index.ts';
import { extractLines, extractTextFile } from './helpers/extract-text.ts';

/**
 * Documents written for these tests in the layouts and by the issuers the real development set
 * lacks (gold/real/README.md): commune plans of the Fatherland Front's standing board, a Party
 * committee, an election sub-committee; a ward decision issuing a plan with an appendix table; a
 * centrally-run city's plan with a target table. Text as copied out of a PDF: one paragraph or
 * table cell per line. Names, numbers and dates are invented.
 */
const DIR = join(import.meta.dirname, 'fixtures', 'real-layouts');

const run = (name: string): StructuredRecord => extractTextFile(join(DIR, name));

const task = (r: StructuredRecord) => r.tasks.map((t) => [t.section_numbering, t.numbering, t.lead_units, t.partner_units, t.timeline, t.due_date]);

describe('a commune plan of the MTTQ standing board with a task table, one cell per line', () => {
  const r = run('plan-mttq-son-tien.txt');

  it('reads the issuer as printed (the board with its committee and commune), a blank number and a day-less date', () => {
    expect(r.meta).toMatchObject({
      number: null,
      issued_date: '2026-03',
      issuer: 'Ban Thường trực Ủy ban MTTQ Việt Nam xã Sơn Tiến',
      commune: 'Sơn Tiến',
      commune_type: 'xã',
      province: 'Hà Tĩnh',
      signer: 'Nguyễn Thị Hồng Nhung',
      signer_role: 'TM. BAN THƯỜNG TRỰC / CHỦ TỊCH',
    });
  });

  it('reads one task per row under a two-level header, aligning rows whose partner cell is empty and keeping bullets in the content cell', () => {
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:targets', 'III:content', 'IV:funding', 'V:organization']);
    expect(task(r)).toEqual([
      ['III', '1', ['Ban Thường trực Ủy ban MTTQ xã'], [], 'Tháng 9/2026', null],
      ['III', '2', ['Ban Công tác Mặt trận các thôn'], ['Các tổ chức chính trị - xã hội xã'], 'Từ ngày 01/11/2026 đến ngày 18/11/2026', '2026-11-18'],
      ['III', '3', ['Ban Thường trực Ủy ban MTTQ xã'], ['Văn phòng Đảng ủy xã'], 'Trước ngày 25/11/2026', '2026-11-25'],
    ]);
    expect(r.tasks[1].title).toBe('Tổ chức phần lễ và phần hội tại các thôn');
  });

  it('takes the year of the targets from their lead-in and reads non-% counts', () => {
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[2026, 100, '%'], [2026, 95, '%'], [2026, 3, 'mô hình']]);
    expect(r.deadlines.map((d) => [d.date, d.what])).toEqual([
      ['2026-11-18', 'Tổ chức phần lễ và phần hội tại các thôn'],
      ['2026-11-25', 'Tổng hợp, báo cáo kết quả tổ chức Ngày hội về Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh.'],
    ]);
    expect(r.responsibilities.map((x) => x.unit)).toEqual(['Các đồng chí Ủy viên Ban Thường trực', 'Ban Công tác Mặt trận các thôn']);
  });
});

describe('a Party committee plan with unit-divided tasks and an appendix table', () => {
  const r = run('plan-party-phong-quang.txt');

  it('reads Party numbering, the Đảng ủy issuer under its Đảng bộ and the T/M signature', () => {
    expect(r.meta).toMatchObject({ number: '08-KH/ĐU', issuer: 'Đảng ủy xã Phong Quang', commune: 'Phong Quang', province: 'Thái Nguyên', signer: 'Hoàng Văn Khải', signer_role: 'T/M ĐẢNG ỦY / BÍ THƯ' });
  });

  it('numbers lettered items under their unit, applies a group time line to its items, and reads the appendix rows', () => {
    expect(task(r)).toEqual([
      ['II', '1.a', ['Văn phòng Đảng ủy'], [], null, null],
      ['II', '1.b', ['Văn phòng Đảng ủy'], [], null, null],
      ['II', '2.1', [], [], 'Quý II/2026', null],
      ['II', '2.2', [], [], 'Quý II/2026', null],
      ['II', '3', [], [], 'trước ngày 30/4/2026', '2026-04-30'],
      // numbering restarts under each group row: the group letter goes in front; an unnumbered row joins the one above
      ['Phụ lục', 'A.1', ['Chi bộ thôn Nà Làng'], ['Ban quản lý rừng'], 'Tháng 5/2026', null],
      ['Phụ lục', 'A.2', ['Chi bộ thôn Khuổi Tát', 'Chi đoàn thôn Khuổi Tát'], ['Tổ đội phòng cháy rừng thôn'], 'Trước ngày 15/5/2026', '2026-05-15'],
      ['Phụ lục', 'B.1', ['Chi bộ Công an xã'], ['Chi bộ Quân sự xã'], 'Từ tháng 5 đến tháng 8/2026', null],
    ]);
    expect(r.responsibilities.map((x) => x.unit)).toEqual(['Các chi bộ', 'Ủy ban MTTQ và các đoàn thể xã']);
    expect(r.recipients).toEqual(['Ban Thường vụ Tỉnh ủy', 'Các chi bộ trực thuộc', 'Lưu: Văn phòng Đảng ủy']);
  });
});

describe('an election sub-committee plan with a phased roadmap', () => {
  const r = run('plan-election-giao-long.txt');

  it('composes the sub-committee with its committee and reads the TM. TIỂU BAN signature', () => {
    expect(r.meta).toMatchObject({ number: '02/KH-TBTT', commune: 'Giao Long', province: 'Vĩnh Long', signer_role: 'TM. TIỂU BAN / TRƯỞNG TIỂU BAN' });
    expect(r.meta.issuer?.toLowerCase()).toBe('tiểu ban thông tin, tuyên truyền ủy ban bầu cử xã giao long');
  });

  it('reads a roadmap of phased activities as content, the phase as each task\'s timeline', () => {
    expect(r.sections.map((s) => s.kind)).toEqual(['situation', 'targets', 'content', 'other', 'organization']);
    expect(task(r)).toEqual([
      ['III', '1', [], [], 'Giai đoạn 1 (từ ngày 05/01/2026 đến ngày 28/02/2026)', '2026-02-28'],
      ['III', '2', [], [], 'Giai đoạn 2 (từ ngày 01/3/2026 đến ngày bầu cử)', null],
    ]);
  });

  it('keeps status figures, technical specifications and legal thresholds out of the targets', () => {
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[null, 100, '%'], [2026, 2, 'buổi'], [null, 98, '%']]);
    expect(r.references[0]).toMatchObject({ number: '01/KH-UBBC', issuer: 'Ủy ban bầu cử xã Giao Long' });
  });
});

describe('a ward decision issuing a plan, with the plan\'s appendix table after it', () => {
  const r = run('decision-giang-vo-plan.txt');

  it('takes meta, signature and recipients from the decision, the ward and its centrally-run city from the gazetteer', () => {
    expect(r.meta).toMatchObject({
      doc_type: 'quyet_dinh',
      number: '215/QĐ-UBND',
      issuer: 'UBND phường Giảng Võ',
      commune: 'Giảng Võ',
      commune_type: 'phường',
      province: 'Hà Nội',
      title: 'VỀ VIỆC BAN HÀNH KẾ HOẠCH PHÒNG, CHỐNG DỊCH SỐT XUẤT HUYẾT TRÊN ĐỊA BÀN PHƯỜNG GIẢNG VÕ NĂM 2026',
      signer: 'Trần Văn Bình',
      signer_role: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH',
    });
    expect(r.recipients).toEqual(['Như Điều 3', 'Trung tâm Kiểm soát bệnh tật thành phố', 'Thường trực Đảng ủy phường', 'Lưu: VT']);
  });

  it('takes sections and tasks from the plan; appendix rows run on across group rows', () => {
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:targets', 'II:content', 'III:funding', 'IV:organization']);
    expect(task(r)).toEqual([
      ['Phụ lục', '1', ['Trạm Y tế phường'], ['Văn phòng HĐND và UBND phường'], 'Trước ngày 30/5/2026', '2026-05-30'],
      ['Phụ lục', '2', ['Trạm Y tế phường'], [], 'Quý II/2026', null],
      ['Phụ lục', '3', ['Các tổ dân phố'], ['Trạm Y tế phường', 'Đoàn Thanh niên phường'], 'Tháng 6 - 9/2026', null],
      ['Phụ lục', '4', ['Phòng Kinh tế, Hạ tầng và Đô thị'], ['Công an phường'], 'Thường xuyên', null],
    ]);
  });

  it('lists cited documents of both parts but not its own number, and writes a defined short name in full', () => {
    expect(r.references.map((x) => [x.number, x.issuer])).toEqual([
      ['88/KH-UBND', 'Ủy ban nhân dân thành phố Hà Nội'],
      ['40/QĐ-UBND', 'Ủy ban nhân dân phường'],
    ]);
    // a baseline year ("so với năm 2025") is not the year of the goal
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[null, 10, '%'], [null, 100, '%']]);
  });
});

describe('a centrally-run city\'s plan with a target table and a space-separated task table', () => {
  const r = run('plan-da-nang-targets-table.txt');

  it('names the city "thành phố", not "tỉnh", and keeps no commune', () => {
    expect(r.meta).toMatchObject({ issuer: 'UBND thành phố Đà Nẵng', province: 'Đà Nẵng', commune: null, signer_role: 'TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
  });

  it('reads a table that assigns lead units to targets as targets, with the unit and year of its columns', () => {
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[2027, 100, '%'], [2027, 5000, 'đầu sách']]);
    expect(r.tasks.map((t) => [t.section_numbering, t.numbering, t.lead_units, t.partner_units, t.timeline])).toEqual([
      ['III', '1', ['Sở Văn hóa và Thể thao'], ['UBND các phường, xã'], 'Quý II/2026'],
      ['III', '2', ['Thư viện thành phố'], ['Sở Khoa học và Công nghệ'], 'Năm 2027'],
    ]);
    expect(r.responsibilities.map((x) => [x.unit, x.duties])).toEqual([['Sở Văn hóa và Thể thao', 2], ['UBND các phường, xã', 1]]);
  });
});

describe('a body task table that numbers its columns, groups rows under decimal numbers and repeats its header on a new page', () => {
  const r = run('plan-table-pages.txt');

  it('skips the column-number row and the repeated header, and reads "1" over "1.1", "1.2" as a group', () => {
    expect(r.tasks.filter((t) => t.section_numbering === 'II').map((t) => [t.section_numbering, t.numbering, t.lead_units, t.partner_units, t.timeline])).toEqual([
      ['II', '1.1', ['Sở Tư pháp'], ['Các sở, ngành'], 'Quý II/2026'],
      ['II', '1.2', ['Văn phòng UBND tỉnh'], [], 'Tháng 8/2026'],
      ['II', '2.1', ['Sở Khoa học và Công nghệ'], ['Sở Tài chính'], 'Năm 2027'],
    ]);
    expect(r.sections.map((s) => s.numbering)).toEqual(['I', 'II', 'III']);
  });

  it('reads an appendix whose title runs into the header and whose group rows are printed on one line', () => {
    expect(r.tasks.filter((t) => t.section_numbering === 'Phụ lục').map((t) => [t.numbering, t.lead_units, t.partner_units, t.timeline])).toEqual([
      ['I.1', ['Sở Nội vụ'], ['Các sở, ngành'], 'Tháng 7/2026'],
      ['I.2', ['Văn phòng UBND tỉnh'], [], 'Quý IV/2026'],
      ['II.1', ['Sở Nội vụ'], ['Sở Khoa học và Công nghệ'], 'Năm 2026'],
    ]);
    expect(r.recipients).toEqual(['Các sở, ngành', 'Lưu: VT']);
  });
});

describe('task tables in other places and shapes', () => {
  const doc = (lines: string[]) => extractLines(lines);
  const PLAN = ['KẾ HOẠCH', 'Sơ kết công tác cải cách hành chính', 'I. MỤC ĐÍCH, YÊU CẦU', 'Đánh giá kết quả cải cách hành chính.', 'II. TỔ CHỨC THỰC HIỆN', '1. Sở Nội vụ', '- Theo dõi, đôn đốc thực hiện.'];

  it('reads a two-level header written row by row (the sub-columns after the first row\'s last cell)', () => {
    const r = doc([...PLAN, 'Trên đây là Kế hoạch./.', 'Nơi nhận:', '- Các sở;', '- Lưu: VT.', 'PHỤ LỤC', 'STT', 'Nội dung công việc', 'Đơn vị thực hiện', 'Thời gian thực hiện', 'Sản phẩm', 'Chủ trì', 'Phối hợp', '1', 'Ban hành quy chế làm việc.', 'Sở Nội vụ', 'Các sở, ngành', 'Tháng 7/2026', 'Quy chế', '2', 'Tổ chức hội nghị sơ kết.', 'Văn phòng UBND tỉnh', 'Quý IV/2026', 'Báo cáo']);
    expect(r.tasks.map((t) => [t.section_numbering, t.numbering, t.lead_units, t.partner_units, t.timeline])).toEqual([
      ['Phụ lục', '1', ['Sở Nội vụ'], ['Các sở, ngành'], 'Tháng 7/2026'],
      ['Phụ lục', '2', ['Văn phòng UBND tỉnh'], [], 'Quý IV/2026'],
    ]);
  });

  it('reads a task list that follows the last section without an appendix heading or a closing', () => {
    const r = doc([...PLAN, 'DANH MỤC NHIỆM VỤ', 'TT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Thời hạn', '1', 'Rà soát thủ tục hành chính.', 'Sở Tư pháp', 'Tháng 9/2026']);
    expect(r.tasks.map((t) => [t.section_numbering, t.numbering, t.title, t.lead_units, t.timeline])).toEqual([['Phụ lục', '1', 'Rà soát thủ tục hành chính', ['Sở Tư pháp'], 'Tháng 9/2026']]);
    expect(r.responsibilities.map((x) => x.unit)).toEqual(['Sở Nội vụ']);
  });
});
