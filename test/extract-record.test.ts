import { describe, expect, it } from 'vitest';
import { Extraction } from '../schemas/index.ts';
import { extractRecord, splitUnits } from '../src/extract/index.ts';
import { segmentDocument } from '../src/segment/index.ts';
import { fixtureDoc, stripMarks } from './fixtures/documents/load.ts';

const run = (name: string, transform?: (s: string) => string) => extractRecord(segmentDocument(fixtureDoc(name, transform)));

describe('extractRecord on a commune plan (waste collection)', () => {
  const ex = run('plan-waste-tan-phu.txt');
  const r = ex.record;

  it('returns a valid Extraction with provenance for every list item', () => {
    expect(() => Extraction.parse(ex)).not.toThrow();
    expect(ex.provenance.tasks.length).toBe(r.tasks.length);
    expect(ex.provenance.references.length).toBe(r.references.length);
    expect(ex.provenance.recipients.length).toBe(r.recipients.length);
  });

  it('reads the header, title and signature block', () => {
    expect(r.meta).toMatchObject({
      doc_type: 'ke_hoach', number: '112/KH-UBND', issued_date: '2025-10-03', commune_type: 'xã',
      signer: 'Trần Thị Mai', signer_role: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH',
    });
    expect(r.meta.title).toMatch(/^Thu gom, phân loại .* giai đoạn 2025 - 2026$/);
  });

  it('resolves a commune name shared by several provinces with the province the text names', () => {
    expect(r.meta.commune).toBe('Tân Phú');
    expect(r.meta.province).toBe('Đồng Nai');
    expect(r.meta.issuer).toBe('UBND xã Tân Phú');
  });

  it('reads tasks with lead and partner units, timeline and due date', () => {
    expect(r.tasks.map((t) => t.numbering)).toEqual(['1', '2', '3']);
    expect(r.tasks[0].partner_units).toEqual(['Hội Liên hiệp Phụ nữ xã', 'Đoàn Thanh niên xã', 'các ấp']);
    expect(r.tasks[1]).toMatchObject({ lead_units: ['Phòng Kinh tế'], partner_units: ['Văn phòng HĐND và UBND xã'], due_date: '2025-11-30' });
    expect(r.tasks[2].lead_units).toEqual(['Ủy ban Mặt trận Tổ quốc Việt Nam xã']);
    expect(r.tasks[2].partner_units).toEqual(['các cơ quan, đơn vị trên địa bàn xã']);
    expect(r.tasks[2].timeline).toBe('Dự kiến ngày 15/12/2025');
  });

  it('reads targets grouped under year headings, one per number', () => {
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[2025, 70, '%'], [2025, 90, '%'], [2026, 95, '%'], [2026, 2, 'điểm']]);
    expect(r.targets[0].population).toBe('hộ gia đình');
  });

  it('lists each cited document once with kind, date and issuer', () => {
    expect(r.references.map((x) => x.number)).toEqual(['72/2020/QH14', '1540/QĐ-UBND', '88/STNMT-MT']);
    expect(r.references[0]).toMatchObject({ kind: 'Luật', date: '2020-11-17', issuer: 'Quốc hội' });
    expect(r.references[1]).toMatchObject({ kind: 'Quyết định', date: '2025-08-12' });
  });

  it('reads responsibilities, funding, deadlines and recipients', () => {
    expect(r.responsibilities).toEqual([
      { unit: 'Phòng Kinh tế', duties: 2 },
      { unit: 'Phòng Văn hóa - Xã hội', duties: 3 },
      { unit: 'Hội Liên hiệp Phụ nữ xã', duties: 1 },
    ]);
    expect(r.funding.present).toBe(true);
    expect(r.funding.sources.some((s) => s.startsWith('ngân sách xã'))).toBe(true);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2025-11-30', '2025-12-15', '2025-12-20']);
    expect(r.deadlines[1].what).toContain('(dự kiến)');
    expect(r.recipients).toEqual(['UBND tỉnh Đồng Nai', 'Sở Nông nghiệp và Môi trường', 'TT Đảng ủy, TT HĐND xã', 'Các ấp', 'Lưu: VT, KT']);
  });

  it('still finds the structure when the text lost its diacritics', () => {
    const s = run('plan-waste-tan-phu.txt', stripMarks).record;
    expect(s.meta.number).toBe('112/KH-UBND');
    expect(s.meta.commune).toBe('Tân Phú');
    expect(s.meta.doc_type).toBe('ke_hoach');
    expect(s.sections.map((x) => x.kind)).toEqual(r.sections.map((x) => x.kind));
    expect(s.tasks.map((t) => t.due_date)).toEqual(r.tasks.map((t) => t.due_date));
    // "QD" is a known document-type code once its marks are restored.
    expect(s.references.map((x) => x.number)).toEqual(['72/2020/QH14', '1540/QĐ-UBND', '88/STNMT-MT']);
    expect(s.meta.signer_role).toBe('KT. CHỦ TỊCH / PHÓ CHỦ TỊCH');
  });
});

describe('extractRecord on a ward report without diacritics', () => {
  const r = run('report-quarterly-stripped.txt').record;

  it('reads report metadata and a ward', () => {
    expect(r.meta).toMatchObject({ doc_type: 'bao_cao', number: '45/BC-UBND', issued_date: '2025-09-28', commune: 'Ba Đình', commune_type: 'phường', province: 'Hà Nội', signer_role: 'CHỦ TỊCH' });
  });

  it('takes tasks from the next-steps section and no targets from results', () => {
    expect(r.sections.map((s) => s.kind)).toEqual(['situation', 'results', 'assessment', 'next_steps']);
    expect(r.tasks.map((t) => `${t.section_numbering}/${t.numbering}`)).toEqual(['IV/1', 'IV/2', 'IV/3']);
    expect(r.targets).toEqual([]);
  });

  it('keeps planned dates and drops past events', () => {
    expect(r.deadlines.map((d) => d.date)).toEqual(['2025-10-15']);
    expect(r.recipients[r.recipients.length - 1]).toBe('Lưu: VT, YT');
  });
});

describe('extractRecord on a provincial plan', () => {
  const r = run('plan-province-vaccination.txt').record;

  it('accepts a provincial document: no commune, the province from the header', () => {
    expect(r.meta).toMatchObject({ commune: null, commune_type: null, province: 'Nghệ An', issuer: 'UBND tỉnh Nghệ An', issued_date: '2025-11' });
    expect(r.meta.signer_role).toBe('TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH');
  });

  it('reads lettered leaves and labels sharing a line', () => {
    // lettered items are numbered under their parent (gold/real/NOTES.md)
    expect(r.tasks.map((t) => t.numbering)).toEqual(['1', '2.a', '2.b']);
    expect(r.tasks[0]).toMatchObject({ lead_units: ['Sở Y tế'], partner_units: ['UBND các xã, phường'] });
  });

  it('reads a target whose year is in its own sentence', () => {
    expect(r.targets[0]).toMatchObject({ year: 2025, value: 95, unit: '%', population: 'trẻ từ 1 đến 5 tuổi' });
    expect(r.deadlines.map((d) => d.date)).toEqual(['2026-01-31']);
  });
});

describe('respellUnit', () => {
  it('respells OCR-damaged words of standing commune bodies and leaves other names alone', async () => {
    const { respellUnit } = await import('../src/extract/units.ts');
    expect(respellUnit('Phòng Kinh tộ')).toBe('Phòng Kinh tế');
    expect(respellUnit('Trạm Y tộ xã')).toBe('Trạm Y tế xã');
    expect(respellUnit('Văn phòng HĐND và UBND xã')).toBe('Văn phòng HĐND và UBND xã');
    expect(respellUnit('Ban quản lý chợ')).toBe('Ban quản lý chợ');
  });
});

describe('splitUnits', () => {
  it('splits named units but keeps catch-all groups and abbreviation pairs whole', () => {
    expect(splitUnits('Phòng Kinh tế, Trạm Y tế xã và các cơ quan, đơn vị liên quan.')).toEqual(['Phòng Kinh tế', 'Trạm Y tế xã', 'các cơ quan, đơn vị liên quan']);
    expect(splitUnits('Văn phòng HĐND và UBND xã; Công an xã')).toEqual(['Văn phòng HĐND và UBND xã', 'Công an xã']);
    expect(splitUnits('Các trường Mầm non và Tiểu học')).toEqual(['Các trường Mầm non và Tiểu học']);
    expect(splitUnits('')).toEqual([]);
  });
});

describe('extractRecord on a paragraph-per-line plan with run-in labels', () => {
  const r = run('plan-dengue-paragraph-lines.txt').record;

  it('reads a ward of a centrally run city and the two-level header', () => {
    expect(r.meta).toMatchObject({ number: '27/KH-UBND', commune: 'Hải Châu', commune_type: 'phường', province: 'Đà Nẵng', issued_date: '2025-08-14' });
    expect(r.meta.signer_role).toBe('TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH');
  });

  it('takes decimal leaves as tasks and the end of a date range as due date', () => {
    expect(r.tasks.map((t) => t.numbering)).toEqual(['1.1', '1.2', '2.1']);
    expect(r.tasks[0]).toMatchObject({ lead_units: ['Phòng Văn hóa - Xã hội'], partner_units: ['Trạm Y tế phường', 'các tổ dân phố'], timeline: 'Quý IV/2025', due_date: null });
    expect(r.tasks[1].lead_units).toEqual(['Hội Liên hiệp Phụ nữ phường', 'Đoàn Thanh niên phường']);
    expect(r.tasks[2].due_date).toBe('2025-12-31');
  });

  it('reads "Unit: duty" responsibilities and range-aware deadlines', () => {
    expect(r.responsibilities.map((x) => x.unit)).toEqual(['Trạm Y tế phường', 'Phòng Văn hóa - Xã hội', 'Các tổ dân phố']);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2025-12-31', '2025-10-20', '2026-01-05']);
    expect(r.deadlines[0].what).toBe(r.tasks[2].title);
  });

  it('reads targets in a "Chỉ tiêu cụ thể" subsection and funding sources', () => {
    expect(r.targets.map((t) => [t.value, t.unit])).toEqual([[90, '%'], [100, '%'], [4, 'đợt']]);
    expect(r.funding.sources).toEqual(['nguồn ngân sách phường đã giao trong dự toán năm 2025', 'nguồn huy động xã hội hóa']);
    expect(r.recipients).toEqual(['Như mục VI', 'Trung tâm Y tế khu vực', 'Lưu: VT']);
  });
});

describe('extractRecord on an official letter (công văn) without sections', () => {
  const r = run('letter-cong-van-vi-vu.txt').record;

  it('reads type from the number code and the "V/v" subject as title', () => {
    expect(r.meta).toMatchObject({ doc_type: 'cong_van', number: '415/UBND-VP', issued_date: '2025-10-21', commune: 'Đồng Sơn', commune_type: 'phường', province: 'Quảng Trị' });
    expect(r.meta.title).toBe('triển khai tiêm vắc xin phòng bệnh dại cho chó, mèo');
    expect(r.meta).toMatchObject({ signer: 'Hồ Thị Lan', signer_role: 'KT. CHỦ TỊCH / PHÓ CHỦ TỊCH' });
  });

  it('reads deadlines from the body, not the header date', () => {
    expect(r.sections).toEqual([]);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2025-11-15', '2025-11-30']);
    expect(r.recipients).toEqual(['Như trên', 'Lưu: VT']);
    expect(r.references.map((x) => x.number)).toEqual(['1290/SNN-CNTY']);
  });
});

describe('document-number codes', () => {
  it('undoes OCR confusions inside known codes only', async () => {
    const { repairDocNumber } = await import('../src/extract/codes.ts');
    expect(repairDocNumber('146/OD-TTg')).toBe('146/QĐ-TTg');
    expect(repairDocNumber('125-CV/PU')).toBe('125-CV/ĐU');
    expect(repairDocNumber('88/STNMT-MT')).toBe('88/STNMT-MT');
    expect(repairDocNumber('02/2025/TT-BGDĐT')).toBe('02/2025/TT-BGDĐT');
    // a letter OCR split in two: "Đ" read as "Đb" or "bP"
    expect(repairDocNumber('341/2019/QĐb-TTg')).toBe('341/2019/QĐ-TTg');
    expect(repairDocNumber('905/QbP-UBND')).toBe('905/QĐ-UBND');
    // a Phương án is "PA", not a damaged "ĐA"
    expect(repairDocNumber('17/PA-UBND')).toBe('17/PA-UBND');
  });
});

describe('extractRecord on a report in parts with a task table', () => {
  const r = run('report-parts-table.txt').record;

  it('reads "PHẦN I/II" parts as top-level sections', () => {
    expect(r.sections).toEqual([
      { numbering: 'I', heading: 'KẾT QUẢ THỰC HIỆN NĂM 2025', kind: 'results' },
      { numbering: 'II', heading: 'PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026', kind: 'next_steps' },
    ]);
  });

  it('reads tasks from table rows and not the sub-headings around them', () => {
    expect(r.tasks.map((t) => [t.section_numbering, t.numbering, t.title])).toEqual([
      ['II', '1', 'Số hóa hồ sơ hộ tịch'],
      ['II', '2', 'Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng'],
    ]);
    expect(r.tasks[0]).toMatchObject({ lead_units: ['Văn phòng HĐND và UBND xã'], partner_units: ['Công an xã'], due_date: '2026-06-30' });
    expect(r.deadlines).toEqual([{ date: '2026-06-30', what: 'Số hóa hồ sơ hộ tịch' }]);
  });

  it('keeps result figures out of targets but reads the next year\'s target', () => {
    expect(r.targets.map((t) => [t.year, t.value, t.unit])).toEqual([[2026, 90, '%']]);
    expect(r.meta).toMatchObject({ doc_type: 'bao_cao', commune: 'Bảo Yên', province: 'Lào Cai', signer: 'Lương Văn Thành' });
  });
});

describe('extractRecord on a decision (quyết định)', () => {
  const lines = ['ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'XÃ BẢO YÊN\tĐộc lập - Tự do - Hạnh phúc', 'Số: 120/QĐ-UBND\tBảo Yên, ngày 02 tháng 3 năm 2026', 'QUYẾT ĐỊNH', 'Về việc thành lập Tổ công nghệ số cộng đồng', 'CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BẢO YÊN', 'Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;', 'Xét đề nghị của Phòng Văn hóa - Xã hội,', 'QUYẾT ĐỊNH:', 'Điều 1. Thành lập Tổ công nghệ số cộng đồng xã.', 'Điều 2. Tổ hoàn thành rà soát trước ngày 30/4/2026.', 'Nơi nhận:', '- Như Điều 2;', '- Lưu: VT.', 'CHỦ TỊCH', 'Lương Văn Thành'];
  const r = extractRecord(segmentDocument({ docId: 'qd', wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) })).record;

  it('stops the title at the capitalised authority line and reads the body without sections', () => {
    expect(r.meta).toMatchObject({ doc_type: 'quyet_dinh', number: '120/QĐ-UBND', title: 'Về việc thành lập Tổ công nghệ số cộng đồng', signer_role: 'CHỦ TỊCH' });
    expect(r.deadlines.map((d) => d.date)).toEqual(['2026-04-30']);
    expect(r.recipients).toEqual(['Như Điều 2', 'Lưu: VT']);
  });
});

describe('labelOf', () => {
  it('reads labels whose colon OCR changed or dropped, but not sentences', async () => {
    const { labelOf } = await import('../src/extract/tasks.ts');
    expect(labelOf('+ Đơn vị chủ trì; Phòng Kinh tế.')).toEqual({ kind: 'lead', value: 'Phòng Kinh tế.' });
    expect(labelOf('Thời gian thực hiện. Thường xuyên')).toEqual({ kind: 'timeline', value: 'Thường xuyên' });
    expect(labelOf('- Cơ quan phối hợp: các thôn')).toEqual({ kind: 'partner', value: 'các thôn' });
    expect(labelOf('Đơn vị chủ trì thực hiện tốt nhiệm vụ')).toBeNull();
    expect(labelOf('- Địa điểm: Nhà văn hóa')).toBeNull();
  });
});

describe('extractRecord on a page-wrapped plan (two-column header and signature)', () => {
  const r = run('plan-drowning-wrapped.txt').record;

  it('reads the centred title, header and the right-hand signature column', () => {
    expect(r.meta).toMatchObject({
      number: '57/KH-UBND', issued_date: '2026-05-12', commune: 'Long Hưng', province: 'Đồng Tháp',
      title: 'Phòng, chống tai nạn đuối nước cho trẻ em trong dịp hè trên địa bàn xã Long Hưng năm 2026',
      signer: 'Nguyễn Thanh Tùng', signer_role: 'TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH',
    });
  });

  it('merges the bullet sub-activities of one task and joins a number split over lines', () => {
    expect(r.tasks[1]).toMatchObject({
      numbering: '2',
      lead_units: ['Phòng Văn hóa - Xã hội', 'Đoàn Thanh niên xã'],
      partner_units: ['Các trường Tiểu học và THCS', 'Trạm Y tế xã'],
      timeline: 'Khai giảng ngày 01/6/2026; Tháng 6/2026',
      due_date: '2026-06-01',
    });
    expect(r.tasks[0].title).toBe('Tuyên truyền về phòng, chống đuối nước trên hệ thống truyền thanh và các nền tảng mạng xã hội của xã');
    expect(r.references.map((x) => x.number)).toEqual(['09/CT-UBND', '15-KH/ĐU']);
  });

  it('counts duties as bullets or paragraphs and reads targets outside a targets section', () => {
    expect(r.responsibilities.map((x) => [x.unit, x.duties])).toEqual([
      ['Phòng Văn hóa - Xã hội', 2],
      ['Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội', 2],
      ['Các ấp', 1],
    ]);
    expect(r.targets.map((t) => [t.value, t.unit])).toEqual([[90, '%'], [4, 'lớp']]);
    expect(r.deadlines.map((d) => d.date)).toEqual(['2026-06-01', '2026-05-31', '2026-09-15']);
  });
});

describe('appendix after the signature', () => {
  it('keeps appendix headings out of the sections and recipients, but reads its task table', () => {
    const t = ['KẾ HOẠCH', 'Trồng cây', 'I. MỤC ĐÍCH', 'a', 'II. NỘI DUNG THỰC HIỆN', '1. Trồng cây xanh', 'III. TỔ CHỨC THỰC HIỆN', '1. Phòng Kinh tế', '- Theo dõi.', 'Trên đây là Kế hoạch./.', 'Nơi nhận:', '- Các thôn;', '- Lưu: VT.', 'CHỦ TỊCH', 'VŨ VĂN AN', 'PHỤ LỤC', 'I. CHỈ TIÊU CỤ THỂ', '- 90% hộ trồng cây.', 'TT\tNội dung\tĐơn vị chủ trì\tThời gian', '1\tTrồng cây ven đường\tCác thôn\tTháng 3/2026'];
    const r = extractRecord(segmentDocument({ docId: 'x', wasClean: true, lines: t.map((s, i) => ({ lineNo: i + 1, pageNumber: 1, raw: s, text: s, confidence: 1, tokens: [] })) })).record;
    expect(r.sections.map((s) => s.numbering)).toEqual(['I', 'II', 'III']);
    expect(r.recipients).toEqual(['Các thôn', 'Lưu: VT']);
    expect(r.meta.signer).toBe('Vũ Văn An');
    expect(r.tasks.map((x) => [x.section_numbering, x.title, x.lead_units])).toEqual([['II', 'Trồng cây xanh', []], ['Phụ lục', 'Trồng cây ven đường', ['Các thôn']]]);
  });
});

describe('extractRecord on a plan that assigns its tasks inside the sentences', () => {
  const r = run('plan-inline-roles.txt').record;
  const task = (n: string) => r.tasks.find((t) => t.numbering === n)!;

  it('reads labels that follow the task sentence on the same line', () => {
    expect(task('1')).toMatchObject({
      title: 'Điều tra, dự báo sâu bệnh trên đồng ruộng.',
      lead_units: ['Phòng Kinh tế'],
      partner_units: ['Hợp tác xã nông nghiệp'],
      timeline: 'từ tháng 5 đến tháng 8/2026',
    });
  });

  it('reads a closing parenthesis of roles and keeps it out of the title', () => {
    expect(task('2')).toMatchObject({
      title: 'Tập huấn kỹ thuật phòng trừ rầy nâu cho nông dân',
      lead_units: ['Trung tâm Dịch vụ nông nghiệp'],
      partner_units: ['Hội Nông dân xã'],
      timeline: 'trước ngày 30/5/2026',
      due_date: '2026-05-30',
    });
  });

  it('reads "giao X chủ trì, phối hợp với Y" and leaves an unassigned task empty', () => {
    expect(task('3').lead_units).toEqual(['Đài Truyền thanh xã']);
    expect(task('3').partner_units).toEqual(['các thôn']);
    expect(task('4')).toMatchObject({ lead_units: [], partner_units: [], timeline: null });
  });

  it('reads a signature block that has no "Nơi nhận" list', () => {
    expect(r.meta).toMatchObject({ signer: 'Lê Văn Hòa', signer_role: 'TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH', commune: 'Phú Mỹ' });
    expect(r.sections.map((s) => s.kind)).toEqual(['purpose', 'content', 'organization']);
  });

  it('cuts a deadline sentence at its section heading', () => {
    expect(r.deadlines).toContainEqual({ date: '2026-09-15', what: 'Các đơn vị báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/9/2026' });
  });
});

describe('extractRecord on a six-month report with next steps assigned in their sentences', () => {
  const r = run('report-poverty-ia-hru.txt').record;

  it('reads a signer whose name carries an apostrophe', () => {
    expect(r.meta).toMatchObject({ doc_type: 'bao_cao', number: '87/BC-UBND', issued_date: '2026-06-20', signer: "Rơ Châm H'Bla" });
  });

  it('reads the time after an assignment in the task sentence', () => {
    expect(r.tasks[0]).toMatchObject({ lead_units: ['Phòng Văn hóa - Xã hội'], partner_units: ['các thôn'], timeline: 'trước ngày 30/9/2026', due_date: '2026-09-30' });
  });

  it('takes the group a rate counts as the population, not the time phrase after the number', () => {
    expect(r.targets).toEqual([
      { year: 2026, value: 6, unit: '%', population: 'hộ nghèo', statement: 'Phấn đấu giảm tỷ lệ hộ nghèo xuống dưới 6% vào cuối năm 2026.' },
    ]);
  });
});

describe('extractRecord on a Party committee plan', () => {
  const r = run('plan-party-nam-dan.txt').record;

  it('reads a Party document number without a colon and does not cite it as a reference', () => {
    expect(r.meta).toMatchObject({ doc_type: 'ke_hoach', number: '15-KH/ĐU', issuer: 'Đảng ủy xã Nam Đàn', signer: 'Trần Quốc Hùng' });
    expect(r.references.map((x) => x.number)).toEqual(['05-HD/BTGDVTU']);
  });

  it('reads the "T/M ĐẢNG ỦY" signature role and keeps it out of the recipients', () => {
    expect(r.meta.signer_role).toBe('T/M ĐẢNG ỦY / BÍ THƯ');
    expect(r.recipients).toEqual(['Ban Tuyên giáo và Dân vận Tỉnh ủy', 'Các chi bộ trực thuộc', 'Lưu: Văn phòng Đảng ủy']);
  });

  it('splits two percentages of one sentence into two populations', () => {
    expect(r.targets.map((t) => [t.value, t.population])).toEqual([[100, 'đảng viên'], [90, 'đoàn viên, hội viên']]);
  });

  it('reads a funding source named as "do … bảo đảm"', () => {
    expect(r.funding).toEqual({ present: true, sources: ['ngân sách xã'] });
  });
});

describe('extractRecord on a ward plan with decimal tasks', () => {
  const r = run('plan-ward-hoa-khanh.txt').record;

  it('reads "; hoàn thành trước ngày …" closing a task as its timeline, not its title', () => {
    expect(r.tasks.find((t) => t.numbering === '2.1')).toMatchObject({
      title: 'Lắp đặt hệ thống chiếu sáng trên 3 tuyến đường chính',
      timeline: 'trước ngày 30/6/2026',
      due_date: '2026-06-30',
    });
  });

  it('takes "trên" before a count as "on", not as a target\'s "over"', () => {
    // a count per period keeps its period in the unit ("2 lần/tuần", like gold/real's "sản phẩm/năm")
    expect(r.targets.map((t) => [t.value, t.unit])).toEqual([[100, '%'], [3, 'tuyến đường'], [85, '%'], [2, 'lần/tuần']]);
    expect(r.targets.some((t) => t.statement.startsWith('Lắp đặt'))).toBe(false);
  });
});
