import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StructuredRecord } from '../schemas/index.ts';
import { extractLines, extractTextFile } from './helpers/extract-text.ts';

/**
 * Classes of layout and wording found where the rules of round 1 (written on one half of the real
 * development set) missed on the other half, each proved here on documents written for these
 * tests: other issuers and topics, invented names, numbers and sentences, nothing copied from the
 * real set. Text as copied out of a PDF: one paragraph or table cell per line.
 */
const DIR = join(import.meta.dirname, 'fixtures', 'real-layouts');
const run = (name: string): StructuredRecord => extractTextFile(join(DIR, name));

describe('a steering board plan: title run into the preamble, an excerpted appendix table', () => {
  const r = run('plan-steering-board-excerpt.txt');

  it('reads the title printed on the type line, up to the preamble that follows on that line', () => {
    expect(r.meta).toMatchObject({
      doc_type: 'ke_hoach',
      number: '03/KH-BCĐ',
      issuer: 'Ban Chỉ đạo phổ cập giáo dục xã Tam Nông',
      province: 'Phú Thọ',
      title: 'DUY TRÌ PHỔ CẬP GIÁO DỤC VÀ XÓA MÙ CHỮ TRÊN ĐỊA BÀN XÃ TAM NÔNG NĂM 2026',
      signer_role: 'TM. BAN CHỈ ĐẠO / TRƯỞNG BAN',
    });
    expect(r.references.map((x) => x.number)).toEqual(['41/KH-UBND']);
  });

  it('reads the appendix table: "Nội dung thực hiện" is the content column, sentence-case group names, a year alone as the time', () => {
    const appendix = r.tasks.filter((t) => t.section_numbering === 'Phụ lục');
    expect(appendix.map((t) => [t.numbering, t.lead_units, t.partner_units, t.timeline])).toEqual([
      ['I.1', ['Trường THCS Tam Nông'], ['Trưởng các thôn'], 'Tháng 9/2026'],
      ['I.2', ['Trường Tiểu học Tam Nông'], ['Trường THCS Tam Nông'], '2026'],
      // a long unnumbered sub-row (its own content and unit) stays in row 1 and the table goes on
      ['II.1', ['Trường Tiểu học Tam Nông', 'Hội Liên hiệp Phụ nữ xã'], ['Hội Khuyến học xã'], 'Trước ngày 30/9/2026'],
      // the group above left its time cell empty, the numeral of the next group still starts it
      ['II.2', ['Trường Tiểu học Tam Nông'], ['Công chức Văn hóa - Xã hội xã'], 'Tháng 12/2026'],
      // rows after the excerpt's gap belong to the group before the next printed one (V)
      ['IV.2', ['Công chức Văn hóa - Xã hội xã'], ['Các trường trên địa bàn xã'], 'Trước ngày 20/11/2026'],
      ['V.1', ['Công chức Văn hóa - Xã hội xã'], ['Các thành viên Ban Chỉ đạo'], 'Tháng 12/2026'],
    ]);
    expect(appendix[3].title).toBe('Tổ chức kiểm tra, đánh giá kết quả học tập cuối khóa');
  });

  it('takes no deadline from what the situation section says already happened', () => {
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:situation', 'II:purpose', 'III:content', 'IV:organization']);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2026-11-15', '2026-09-30', '2026-11-20']);
  });
});

describe('a ward relief plan: content named among other topics, duties assigned in many shapes', () => {
  const r = run('plan-ward-landslide-relief.txt');

  it('makes the section that names a content topic the content when no other section is, and reads its labelled items', () => {
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:situation', 'II:purpose', 'III:content', 'IV:funding', 'V:organization']);
    // "Đối tượng: 37 hộ …" is titled by its label; "… cấp độ" / "1. Bố trí …" is a line wrapped before a number
    expect(r.tasks.map((t) => `${t.numbering} ${t.title}`)).toEqual(['1 Đối tượng', '2 Nhu cầu cứu trợ khẩn cấp', '3 Phương án tổ chức di dời']);
    expect(r.deadlines).toEqual([]);
    // the counts of the "Đối tượng" item are who the plan covers, not goals
    expect(r.targets.map((t) => t.value)).toEqual([100]);
  });

  it('reads each unit of the organisation section, whatever the shape of its item', () => {
    expect(r.responsibilities).toEqual([
      { unit: 'Văn phòng HĐND và UBND phường', duties: 1 },
      // a unit printed with a capital inside its name
      { unit: 'Công An phường', duties: 2 },
      // a clause over its bullets: its subject
      { unit: 'Phòng Kinh tế, Hạ tầng và Đô thị', duties: 3 },
      // a heading listing many units, however long
      { unit: 'Trạm Y tế phường, Trung tâm Văn hóa - Thể thao, Hội Chữ thập đỏ, Trường Tiểu học Cam Đường, Trường THCS Cam Đường và tổ trưởng các tổ dân phố', duties: 1 },
      // an enterprise, its duty run in after a colon
      { unit: 'Công ty Cấp nước Lào Cai', duties: 1 },
      // a short participle qualifies the subject up to the predicate ("có trách nhiệm", "phải")
      { unit: 'Các cơ quan, đơn vị được giao chủ trì', duties: 1 },
      { unit: 'Tất cả lực lượng tham gia cứu hộ, di dời', duties: 1 },
      // "8. Chế độ thông tin, báo cáo" is a topic among unit items: no one's duties
    ]);
  });

  it('reads a sub-numbered resolution, a Phương án and a joint rule, and no strength of a chemical as a target', () => {
    expect(r.references.map((x) => [x.kind, x.number])).toEqual([
      ['Phương án', '14/PA-UBND'],
      ['Quy chế phối hợp', '06/QCPH-UBND-MTTQ'],
      ['Nghị quyết', '12.3/2026/NQ-HĐND'],
    ]);
    expect(r.targets.map((t) => [t.value, t.unit, t.population])).toEqual([[100, '%', 'hộ phải di dời']]);
  });
});

/**
 * The same documents typeset, scanned and OCR'd without Vietnamese (../shared/tools/degrade, seed
 * 5) and repaired by the repair stage, frozen (ocr-repaired-*.txt): the rules must hold on what OCR
 * leaves of them.
 */
describe('OCR-repaired: the steering board plan', () => {
  const r = run('ocr-repaired-plan-steering-board-excerpt.txt');

  it('reads the title from a type line with a speck before it, ending where the preamble runs in on its second line', () => {
    expect(r.meta.title).toBe('DUY TRÌ PHỔ CẬP GIÁO DỤC VÀ XÓA MÙ CHỮ TRÊN ĐỊA BÀN XÃ TAM NÔNG NĂM 2026');
  });

  it('reads the appendix table whose "TT" label OCR made "E", and a group numeral read as a word ("Về")', () => {
    const appendix = r.tasks.filter((t) => t.section_numbering === 'Phụ lục');
    expect(appendix.map((t) => [t.numbering, t.lead_units[0]])).toEqual([
      ['I.1', 'Trường THCS Tam Nông'],
      ['I.2', 'Trường Tiểu học Tam Nông'],
      ['II.1', 'Trường Tiểu học Tam Nông'],
      // the row number OCR turned into "=" is the one the sequence expects (the row after it, whose
      // number and group OCR lost with the excerpt's gap, stays in it)
      ['II.2', 'Công chức Văn hóa - Xã hội xã'],
      ['III.1', 'Công chức: Văn hóa - Xã hội xã'],
    ]);
    expect(appendix[3].title).toBe('Tổ chức kiểm tra, đánh giá kết quả học tập cuối khóa');
  });

  it('does not cite itself when OCR damaged its own number in the header ("03/KH-BC…" against "03/KH-BCĐ")', () => {
    expect(r.references.map((x) => x.number)).toEqual(['41/KH-UBND']);
  });
});

describe('OCR-repaired: the ward relief plan', () => {
  it('keeps every rule of the clean document: sections, the labelled items, each unit of the organisation section', () => {
    const clean = run('plan-ward-landslide-relief.txt');
    const ocr = run('ocr-repaired-plan-ward-landslide-relief.txt');
    // (headings keep what OCR did to their words: "GA TƯỢNG" for "ĐỐI TƯỢNG")
    expect(ocr.sections.map((s) => [s.numbering, s.kind])).toEqual(clean.sections.map((s) => [s.numbering, s.kind]));
    expect(ocr.tasks.map((t) => t.title)).toEqual(clean.tasks.map((t) => t.title));
    expect(ocr.responsibilities).toEqual(clean.responsibilities);
    expect(ocr.targets.map((t) => t.value)).toEqual([100]);
  });
});

describe('OCR-repaired: a provincial plan whose long title OCR wrapped in the header column', () => {
  const r = run('ocr-repaired-plan-province-long-title.txt');

  it('joins the title over a dozen short lines, the numbers it cites split inside their codes', () => {
    expect(r.meta).toMatchObject({
      number: '318/KH-UBND',
      issuer: 'UBND tỉnh Điện Biên',
      province: 'Điện Biên',
      commune: null,
      title: 'TRIỂN KHAI QUYẾT ĐỊNH SỐ 512/QĐ-TTG NGÀY 04 THÁNG 3 NĂM 2026 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG GẮN VỚI BẢO TỒN BẢN SẮC VĂN HÓA CÁC DÂN TỘC TRÊN ĐỊA BÀN TỈNH ĐIỆN BIÊN GIAI ĐOẠN 2026 - 2030',
    });
  });

  it('reads the appendix rows: the "STT" label OCR damaged, "5" where 2 is due, "11" for the group numeral III', () => {
    const appendix = r.tasks.filter((t) => t.section_numbering === 'Phụ lục');
    expect(appendix.map((t) => [t.numbering, t.timeline])).toEqual([
      ['I.1', 'Quý II/2026'],
      ['I.2', '2026 - 2030'],
      ['II.1', 'Hằng năm'],
      ['II.2', '2026 - 2028'],
      ['III.1', 'Trước ngày 30/9/2026'],
      ['III.2', 'Tháng 11/2026'],
    ]);
  });

  it('lost its place-date line, yet no date older than what it cites is taken for a deadline', () => {
    expect(r.meta.issued_date).toBeNull();
    expect(r.deadlines.map((d) => d.date)).toEqual(['2026-04-30', '2026-09-30']);
  });
});

describe('OCR damage in the header, on lines written for the test', () => {
  const doc = (lines: string[]) => extractLines(lines);
  const BODY = ['I. MỤC ĐÍCH, YÊU CẦU', 'Bảo đảm an toàn cho người dân.', 'II. TỔ CHỨC THỰC HIỆN', '1. Sở Y tế', '- Hướng dẫn phòng dịch.', 'Nơi nhận:', '- Lưu: VT.'];

  it('takes the province from the place-date line when OCR garbled its name in the header, and reads a damaged motto off it', () => {
    const r = doc(['ỦY BAN NHÂN DÂN TỈNH PAK CÔNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'LÀ Đức lập - Tự do - Hạnh phúc', 'Số: 77/KH-UBND Điện Biên, ngày 02 tháng 6 năm 2026', 'KẾ HOẠCH', 'Phòng, chống dịch sốt xuất huyết tại xã Thanh Nưa', ...BODY]);
    expect(r.meta).toMatchObject({ issuer: 'UBND tỉnh Điện Biên', province: 'Điện Biên', commune: null, issued_date: '2026-06-02' });
  });

  it('does not take the date of a citation wrapped onto its own line for the issue date', () => {
    const r = doc(['ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN', 'KẾ HOẠCH', 'PHÒNG, CHỐNG DỊCH SỐT XUẤT HUYẾT', 'Số: 77/KH-UBND Thực hiện Quyết định số 1402/', 'QĐ-BYT ngày 11 tháng 5 năm 2026 của Bộ Y tế', 'về phòng, chống dịch;', ...BODY]);
    expect(r.meta.issued_date).toBeNull();
    expect(r.references.map((x) => [x.number, x.date])).toEqual([['1402/QĐ-BYT', '2026-05-11']]);
  });
});

describe('issuers beyond the People\'s Committee: a commune emulation council, a provincial Front board', () => {
  it('reads a council under its committee, its sections of criteria and awards, and no award quota as a target', () => {
    const r = run('plan-council-emulation.txt');
    expect(r.meta).toMatchObject({ issuer: 'Hội đồng Thi đua - Khen thưởng xã Nghĩa Đàn', number: '05/KH-HĐTĐKT', province: 'Nghệ An', signer_role: 'TM. HỘI ĐỒNG / CHỦ TỊCH' });
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:content', 'III:other', 'IV:other', 'V:organization']);
    expect(r.tasks.map((t) => t.numbering)).toEqual(['1.a', '1.b', '2.a', '2.b', '3']);
    // "tối đa 05 tập thể và 10 cá nhân" is how many may be awarded; "đạt từ 90% trở lên" a criterion
    expect(r.targets).toEqual([]);
    expect(r.responsibilities.map((x) => x.unit)).toEqual(['Thường trực Hội đồng Thi đua - Khen thưởng xã', 'Các thành viên Hội đồng', 'Ủy ban MTTQ Việt Nam xã và các đoàn thể']);
  });

  it('reads a report of a provincial Front board: its own section kinds, tasks and targets from its next steps only', () => {
    const r = run('report-front-province-year.txt');
    expect(r.meta).toMatchObject({ doc_type: 'bao_cao', issuer: 'Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh Hà Tĩnh', province: 'Hà Tĩnh', commune: null });
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:situation', 'II:results', 'III:assessment', 'IV:next_steps']);
    expect(r.tasks.map((t) => [t.section_numbering, t.numbering, t.due_date])).toEqual([['IV', '1', null], ['IV', '2', null], ['IV', '3', '2027-11-30']]);
    expect(r.targets.map((t) => [t.year, t.value, t.population])).toEqual([[2027, 97, 'khu dân cư']]);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2027-11-30']);
  });

  it('OCR-repaired: a signer named Phan is no "PHẦN V"; a numeral read as a word ("MỸ.") before a criteria heading', () => {
    const r = run('ocr-repaired-plan-council-emulation.txt');
    expect(r.sections.map((s) => `${s.numbering}:${s.kind}`)).toEqual(['I:purpose', 'II:content', 'III:other', 'IV:other', 'V:organization']);
    expect(r.responsibilities).toHaveLength(3);
    expect(r.targets).toEqual([]);
  });

  it('OCR-repaired: the number under a label the repair stage misread ("đó: 142/BC-…")', () => {
    const clean = run('report-front-province-year.txt');
    const r = run('ocr-repaired-report-front-province-year.txt');
    expect(r.meta.number).toBe('142/BC-MTTQ-BTT');
    expect(r.references.map((x) => x.number)).toEqual(['27/HD-MTTW-BTT']);
    expect(r.tasks.map((t) => t.numbering)).toEqual(clean.tasks.map((t) => t.numbering));
  });
});
