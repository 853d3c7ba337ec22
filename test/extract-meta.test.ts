import { describe, expect, it } from 'vitest';
import { canonicalName, canonicalRole, cleanRecipient, isPersonName, splitSignature } from '../src/extract/closing.ts';
import { communeMentions, issuingBody, parseDocNumber, parsePlaceDate, readHeader } from '../src/extract/meta.ts';
import { extractReferences } from '../src/extract/references.ts';
import { dropStrayQuotes, joinLines } from '../src/extract/text.ts';

describe('header parsing', () => {
  it('reads document numbers, restoring a lost slash and leaving blank numbers null', () => {
    expect(parseDocNumber('Số: 12 /KH-UBND')?.number).toBe('12/KH-UBND');
    expect(parseDocNumber('S6:245BC-UBND Hòa Bình, ngày')?.number).toBe('245/BC-UBND');
    expect(parseDocNumber('Số:      /QĐ-UBND')?.number).toBeNull();
    expect(parseDocNumber('Số 7/2025/QĐ-UBND')?.number).toBe('7/2025/QĐ-UBND');
    expect(parseDocNumber('Độc lập - Tự do - Hạnh phúc')).toBeNull();
  });

  it('reads place-date lines, partial when the day is blank or unreadable', () => {
    expect(parsePlaceDate('Số: 3/KH-UBND    Long Hưng, ngày 9 tháng 4 năm 2026')).toEqual({ iso: '2026-04-09', place: 'Long Hưng' });
    expect(parsePlaceDate('Phường Bến Thành, ngày     tháng 12 năm 2025')?.iso).toBe('2025-12');
    expect(parsePlaceDate('Tân An, ngay 45 thang 3 nam 2026')?.iso).toBe('2026-03');
    expect(parsePlaceDate('Tân An, ngày 5/3/2026')).toEqual({ iso: '2026-03-05', place: 'Tân An' });
    expect(parsePlaceDate('Căn cứ Quyết định số 5/QĐ-UBND ngày 02 tháng 5 năm 2025 của Ủy ban nhân dân tỉnh')).toBeNull();
  });

  it('names the issuing body from the number code, else the first header line', () => {
    expect(issuingBody('09-KH/ĐU', [])).toBe('Đảng ủy');
    expect(issuingBody(null, ['ĐẢNG ỦY XÃ LONG HƯNG', 'ĐẢNG BỘ TỈNH'])).toBe('Đảng ủy');
    expect(issuingBody('08/KH-UBND', ['ĐẢNG ỦY XÃ LONG HƯNG'])).toBe('UBND');
    expect(issuingBody(null, [])).toBe('UBND');
  });

  it('finds commune mentions but not "xã hội"', () => {
    expect(communeMentions('trên địa bàn xã Long Hưng năm 2026').map((m) => [m.type, m.name])).toEqual([['xã', 'Long Hưng']]);
    expect(communeMentions('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM; tổ chức chính trị - xã hội')).toEqual([]);
    expect(communeMentions('UBND x& Long Hưng')[0]).toMatchObject({ type: 'xã', name: 'Long Hưng' });
  });
});

describe('signature block', () => {
  it('splits the signature column off recipient lines', () => {
    expect(splitSignature('- Sở Y tế;             KT. CHỦ TỊCH')).toEqual({ rest: '- Sở Y tế', roles: ['KT. CHỦ TỊCH'], name: null });
    expect(splitSignature('- Lưu: VT, VP.       Trần Văn Bình')).toMatchObject({ rest: '- Lưu: VT, VP.', name: 'Trần Văn Bình' });
    expect(splitSignature('KT.CHU TICH').roles).toEqual(['KT. CHỦ TỊCH']);
  });

  it('recognises person names by family name, tolerating residual OCR damage', () => {
    expect(isPersonName('Đinh Thị Hoa')).toBe(true);
    expect(isPersonName('Nguyộn Văn Nam')).toBe(true);
    expect(isPersonName('Các thôn')).toBe(false);
    expect(isPersonName('Trung tâm Y tế')).toBe(false);
    expect(canonicalName('V0 Thi Lan')).toBe('Võ Thị Lan');
  });

  it('writes roles and recipients cleanly', () => {
    expect(canonicalRole('TM. UY BAN NHAN DAN')).toBe('TM. ỦY BAN NHÂN DÂN');
    expect(cleanRecipient('- Phòng Nội vụ (để t/h);')).toBe('Phòng Nội vụ');
    expect(cleanRecipient('- Luu VI, VP.')).toBe('Lưu: VT, VP');
    expect(cleanRecipient('- TT HĐND x&; A T')).toBe('TT HĐND xã');
  });
});

describe('OCR-collapsed closing block', () => {
  it('rejoins roles the signature column wrapped and finds a name glued to a recipient', async () => {
    const { readClosing } = await import('../src/extract/closing.ts');
    const lines = ['Nơi nhận: KT. CHỦ', 'TỊCH :', '- UBND tỉnh Gia Lai (b/c); PHÓ', 'CHỦ TỊCH', '- Các thôn;', "-' Lưu: VT, VP. Đinh Thị Hoa"];
    expect(readClosing(lines, 1)).toEqual({
      recipients: [{ text: 'UBND tỉnh Gia Lai', line: 3 }, { text: 'Các thôn', line: 5 }, { text: 'Lưu: VT, VP', line: 6 }],
      roles: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'],
      signer: 'Đinh Thị Hoa',
    });
  });
});

describe('communes outside the gazetteer', () => {
  it('keeps the name the header prints when the gazetteer does not know it', async () => {
    const { segmentDocument } = await import('../src/segment/index.ts');
    const { extractRecord } = await import('../src/extract/index.ts');
    const t = ['ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'XÃ HOA MAI ĐỎ\tĐộc lập - Tự do - Hạnh phúc', 'Số: 5/KH-UBND\tHoa Mai Đỏ, ngày 02 tháng 3 năm 2026', 'KẾ HOẠCH', 'Trồng cây', 'I. MỤC ĐÍCH', 'a', 'II. TỔ CHỨC THỰC HIỆN', 'b'];
    const r = extractRecord(segmentDocument({ docId: 'x', wasClean: true, lines: t.map((s, i) => ({ lineNo: i + 1, pageNumber: 1, raw: s, text: s, confidence: 1, tokens: [] })) })).record;
    expect(r.meta).toMatchObject({ commune: 'Hoa Mai Đỏ', commune_type: 'xã', province: null, issuer: 'UBND xã Hoa Mai Đỏ' });
  });
});

describe('OCR-damaged header and citations', () => {
  it('reads a place-date line whose year wrapped past a blank line', () => {
    const lines = ['ỦY BAN NHÂN DÂN', 'Số: 215/KH-UBND', 'Hòa Khánh, ngày 03 tháng 2 năm', '', '2026', '', 'KẾ HOẠCH'];
    expect(readHeader(lines, 7)).toEqual({ number: '215/KH-UBND', issued: '2026-02-03', place: 'Hòa Khánh' });
  });

  it('ends a number at the place name beside it and reads a month written with I/l', () => {
    expect(parseDocNumber('Số: 230/KH-UBND - Nghệ An,')?.number).toBe('230/KH-UBND');
    expect(parseDocNumber('Số: 12/KH-UBND-VP')?.number).toBe('12/KH-UBND-VP');
    expect(parsePlaceDate('Nghệ An, ngày tháng Il năm 2025')?.iso).toBe('2025-11');
  });

  it('reads a Party number whose hyphen OCR lost, with the hyphen back', () => {
    const lines = ['Căn cứ Nghị quyết số 08 NQ/ĐU ngày 15/01/2026 của Ban Chấp hành Đảng bộ phường;'];
    expect(extractReferences(joinLines(lines, 1, 1)).references).toEqual([
      { kind: 'Nghị quyết', number: '08-NQ/ĐU', date: '2026-01-15', issuer: 'Ban Chấp hành Đảng bộ phường' },
    ]);
  });
});

describe('dropStrayQuotes', () => {
  it('drops a single quote OCR left before a word, keeps apostrophes in names and closed quotes', () => {
    expect(dropStrayQuotes('‘UBND tỉnh Đồng Nai')).toBe('UBND tỉnh Đồng Nai');
    expect(dropStrayQuotes("Trung tâm 'Y tế khu vực")).toBe('Trung tâm Y tế khu vực');
    expect(dropStrayQuotes("Rơ Châm H'Bla")).toBe("Rơ Châm H'Bla");
    expect(dropStrayQuotes("thôn 'Tổ văn minh'")).toBe("thôn 'Tổ văn minh'");
  });
});

describe('recipients damaged by OCR', () => {
  it('reads the commune word that ends a commune body\'s name as "xã"', () => {
    expect(cleanRecipient('- UBMTTQVN xi;')).toBe('UBMTTQVN xã');
    expect(cleanRecipient('- TT HĐND xử;')).toBe('TT HĐND xã');
    expect(cleanRecipient('- UBND xử lý vi phạm;')).toBe('UBND xử lý vi phạm');
  });
});
