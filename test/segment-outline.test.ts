import { describe, expect, it } from 'vitest';
import { classifyHeading, parseMarker, segmentDocument } from '../src/segment/index.ts';
import { fixtureDoc, stripMarks } from './fixtures/documents/load.ts';

describe('parseMarker', () => {
  it('reads roman numerals and their OCR forms', () => {
    expect(parseMarker('II. NỘI DUNG')).toMatchObject({ marker: 'roman', numbering: 'II', value: 2 });
    expect(parseMarker('I11. KINH PHI THUC HIEN')).toMatchObject({ marker: 'roman', numbering: 'III', doubtful: true });
    expect(parseMarker('111. HINH THUC TUYEN TRUYEN')).toMatchObject({ marker: 'roman', numbering: 'III' });
    expect(parseMarker('. MUC DICH YEU CAU')).toMatchObject({ marker: 'roman', numbering: '?' });
  });

  it('keeps arabic items arabic unless the text is a capitalised heading', () => {
    expect(parseMarker('11. Tổ chức hội nghị sơ kết')).toMatchObject({ marker: 'arabic', numbering: '11' });
    expect(parseMarker('1. Mục đích')).toMatchObject({ marker: 'arabic', value: 1 });
  });

  it('reads decimal, parenthesised, letter and bullet markers', () => {
    expect(parseMarker('2.3. Phổ cập kỹ năng')).toMatchObject({ marker: 'decimal', numbering: '2.3', depth: 2 });
    expect(parseMarker('(2) Triển khai')).toMatchObject({ marker: 'paren', numbering: '(2)' });
    expect(parseMarker('b) Tiêm tại trường học')).toMatchObject({ marker: 'letter', numbering: 'b' });
    expect(parseMarker('+ Đơn vị chủ trì: Phòng Kinh tế')).toMatchObject({ marker: 'bullet', numbering: '+' });
    expect(parseMarker('· Lưu: VT')).toMatchObject({ marker: 'bullet' });
    expect(parseMarker('- 70% hộ gia đình')).toMatchObject({ marker: 'bullet' });
  });

  it('does not take wrapped text for markers', () => {
    expect(parseMarker('- 2030” theo Quyết định')).toBeNull();
    expect(parseMarker('1.716 người tham gia')).toBeNull();
    expect(parseMarker('15/8/2025 của UBND')).toBeNull();
    expect(parseMarker('Thực hiện kế hoạch')).toBeNull();
  });
});

describe('classifyHeading', () => {
  it('maps heading variants to kinds', () => {
    expect(classifyHeading('MỤC ĐÍCH, YÊU CẦU')).toBe('purpose');
    expect(classifyHeading('MỤC TIÊU CỤ THỂ')).toBe('targets');
    expect(classifyHeading('NHIỆM VỤ VÀ GIẢI PHÁP')).toBe('content');
    expect(classifyHeading('Nguồn kinh phí')).toBe('funding');
    expect(classifyHeading('TIẾN ĐỘ THỰC HIỆN')).toBe('timeline');
    expect(classifyHeading('TỔ CHỨC THỰC HIỆN')).toBe('organization');
    expect(classifyHeading('Kết quả đạt được', 'bao_cao')).toBe('results');
    expect(classifyHeading('Tồn tại, hạn chế', 'bao_cao')).toBe('assessment');
  });

  it('tells reports looking ahead from plans', () => {
    expect(classifyHeading('PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV', 'bao_cao')).toBe('next_steps');
    expect(classifyHeading('NHIỆM VỤ TRỌNG TÂM', 'ke_hoach')).toBe('content');
  });

  it('tolerates lost marks and one OCR error per word; unknown headings are other', () => {
    expect(classifyHeading('MUC PiCH, YEU CAU')).toBe('purpose');
    expect(classifyHeading('TO CHUC THUC HIEN')).toBe('organization');
    expect(classifyHeading('PHỤ LỤC SỐ LIỆU')).toBe('other');
    expect(classifyHeading('')).toBe('other');
  });
});

describe('segmentDocument', () => {
  it('builds section → item trees with line spans', () => {
    const seg = segmentDocument(fixtureDoc('plan-waste-tan-phu.txt'));
    expect(seg.sections.map((s) => [s.numbering, s.kind])).toEqual([
      ['I', 'purpose'], ['II', 'targets'], ['III', 'content'], ['IV', 'funding'], ['V', 'organization'],
    ]);
    const content = seg.sections[2];
    expect(content.children.map((c) => c.numbering)).toEqual(['1', '2', '3']);
    expect(content.children[0].children.every((c) => c.marker === 'bullet')).toBe(true);
    expect(seg.lines[content.startLine - 1]).toContain('NHIỆM VỤ');
    // The closing paragraph and signature block are outside the last section.
    const last = seg.sections[seg.sections.length - 1];
    expect(seg.lines.slice(last.startLine - 1, last.endLine).join('\n')).not.toMatch(/Trên đây|Nơi nhận/);
    expect(seg.preambleEnd).toBeLessThan(seg.sections[0].startLine);
  });

  it('finds the same outline without diacritics', () => {
    const seg = segmentDocument(fixtureDoc('plan-waste-tan-phu.txt', stripMarks));
    expect(seg.sections.map((s) => s.kind)).toEqual(['purpose', 'targets', 'content', 'funding', 'organization']);
  });

  it('nests decimal items under their arabic group', () => {
    const text = ['KẾ HOẠCH', 'Tiêm chủng', '', 'I. NỘI DUNG THỰC HIỆN', '1. Truyền thông', '1.1. Phát thanh trên loa', '1.2. Tờ rơi', '2. Tổ chức tiêm', 'II. TỔ CHỨC THỰC HIỆN', '1. Trạm Y tế', '- Tiêm'];
    const seg = segmentDocument({ docId: 't', wasClean: true, lines: text.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) });
    const group = seg.sections[0].children[0];
    expect(group.children.map((c) => c.numbering)).toEqual(['1.1', '1.2']);
    expect(seg.sections[0].children[1].numbering).toBe('2');
    expect(seg.sections[1].kind).toBe('organization');
  });
});

describe('roman headings damaged by OCR', () => {
  const seg = (text: string[]) =>
    segmentDocument({ docId: 't', wasClean: false, lines: text.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) });

  it('finds sections whose numerals OCR garbled: out of sequence, turned into a word, or before the last heading', () => {
    const s = seg(['KẾ HOẠCH', 'Học tập', '1. MỤC ĐÍCH, YÊU CẦU', 'Nội dung.', 'I. NỘI DUNG, HÌNH THỨC', '1. Hội nghị', 'MỸ. KINH PHÍ', 'Ngân sách xã.', 'Iv. TG CHỨC THỰC HIỆN', '1. Ban Xây dựng Đảng', '2 Các chi bộ trực thuộc']);
    expect(s.sections.map((x) => [x.numbering, x.kind])).toEqual([['I', 'purpose'], ['II', 'content'], ['III', 'funding'], ['IV', 'organization']]);
    // an item number whose dot OCR lost, right after item 1
    expect(s.sections[3].children.map((c) => c.numbering)).toEqual(['1', '2']);
    const t = seg(['KẾ HOẠCH', 'Phòng dịch', 'I. MỤC ĐÍCH, YÊU CẦU', 'Nội dung.', 'II. NHIỆM VỤ', '|. Điều tra sâu bệnh.', '2. Tập huấn.', 'nL TỔ CHỨC THỰC HIỆN', 'Các đơn vị báo cáo.']);
    expect(t.sections.map((x) => [x.numbering, x.kind])).toEqual([['I', 'purpose'], ['II', 'content'], ['III', 'organization']]);
    expect(t.sections[1].children.map((c) => c.numbering)).toEqual(['1', '2']);
  });

  it('accepts a lost dot, a numeral alone on its line and OCR digits, in sequence', () => {
    const s = seg(['KẾ HOẠCH', 'Vệ sinh môi trường', 'I. MỤC ĐÍCH, YÊU CẦU', 'Nội dung.', 'II NỘI DUNG THỰC HIỆN', '1. Ra quân', 'I11.', 'KINH PHÍ THỰC HIỆN', 'Ngân sách xã.', 'lV. TỔ CHỨC THỰC HIỆN', '1. Phòng Kinh tế']);
    expect(s.sections.map((x) => [x.numbering, x.heading, x.kind])).toEqual([
      ['I', 'MỤC ĐÍCH, YÊU CẦU', 'purpose'],
      ['II', 'NỘI DUNG THỰC HIỆN', 'content'],
      ['III', 'KINH PHÍ THỰC HIỆN', 'funding'],
      ['IV', 'TỔ CHỨC THỰC HIỆN', 'organization'],
    ]);
  });

  it('does not take an out-of-sequence OCR numeral or a capitalised line for a heading', () => {
    const s = seg(['KẾ HOẠCH', 'Vệ sinh', 'I. MỤC ĐÍCH', 'VI TRÍ ĐẶT THÙNG RÁC MỚI', 'II. TỔ CHỨC THỰC HIỆN']);
    expect(s.sections.map((x) => x.numbering)).toEqual(['I', 'II']);
  });
});

describe('roman sequence repair', () => {
  it('renumbers numerals that lost an I, in sequence', () => {
    const text = ['KẾ HOẠCH', 'Rác thải', 'I. MỤC ĐÍCH, YÊU CẦU', 'a', 'I. chỉ TIÊU CỤ THỂ', 'b', 'II. NHIỆM VỤ, GIẢI PHÁP', 'c', 'IV. KINH PHÍ', 'd', 'V. TỔ CHỨC THỰC HIỆN', 'I. Trạm Y tế: theo dõi.'];
    const s = segmentDocument({ docId: 't', wasClean: false, lines: text.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) });
    expect(s.sections.map((x) => `${x.numbering}:${x.kind}`)).toEqual(['I:purpose', 'II:targets', 'III:content', 'IV:funding', 'V:organization']);
    // "I." inside the last section is an OCR'd "1.".
    expect(s.sections[4].children.map((c) => [c.marker, c.numbering])).toEqual([['arabic', '1']]);
  });
});

describe('gaps in the roman sequence', () => {
  it('takes the capitalised heading between I and III for the numeral OCR destroyed', () => {
    const text = ['KẾ HOẠCH', 'Đuối nước', 'L. MỤC đích, YÊU CẦU', '1. MỤC ĐÍCH', '- a', '2. Yêu cầu', '1. NỘI DUNG THỰC HIỆN', '1. Tuyên truyền', 'III. KINH PHÍ THỰC HIỆN', 'x', 'IV. TỔ CHỨC THỰC HIỆN', '1. Trạm Y tế'];
    const s = segmentDocument({ docId: 't', wasClean: false, lines: text.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) });
    expect(s.sections.map((x) => `${x.numbering}:${x.kind}:${x.startLine}`)).toEqual(['I:purpose:3', 'II:content:7', 'III:funding:9', 'IV:organization:11']);
  });
});
