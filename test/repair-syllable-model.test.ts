import { describe, expect, it } from 'vitest';
import {
  compose,
  decompose,
  diacriticVariants,
  isVietnameseSyllable,
  stripMarks,
  SYLLABLES,
} from '../src/repair/syllable/syllable.ts';

// Ordinary Vietnamese prose (written for this test), covering qu/gi onsets, iê/uô/ươ nuclei, glides, stops.
const PROSE = `Người dân trong thôn được hướng dẫn cài đặt ứng dụng định danh điện tử và thanh toán
không dùng tiền mặt; quyền lợi của họ được bảo đảm theo quy định. Giáo viên trường tiểu học khuyến khích
học sinh giữ gìn vệ sinh, tuyên truyền phòng chống dịch bệnh, chăm sóc sức khỏe người cao tuổi. Huyện ủy
chỉ đạo xây dựng nông thôn mới, khuyến nông, nuôi trồng thủy sản và bảo vệ rừng phòng hộ ven biển.
Quốc hội thông qua nghị quyết về việc sắp xếp đơn vị hành chính; khoảng nghìn chiếc thuyền neo đậu.`;

const words = (s: string) => s.split(/[\s,.;]+/).filter(Boolean);

describe('syllable model', () => {
  it('decomposes into onset, nucleus, coda and tone', () => {
    expect(decompose('quyền')).toEqual({ onset: 'qu', nucleus: 'yê', coda: 'n', tone: 'huyen' });
    expect(decompose('Giường')).toEqual({ onset: 'gi', nucleus: 'ươ', coda: 'ng', tone: 'huyen' });
    expect(decompose('gìn')).toEqual({ onset: 'g', nucleus: 'i', coda: 'n', tone: 'huyen' });
    expect(decompose('NGHĨA')).toEqual({ onset: 'ngh', nucleus: 'ia', coda: '', tone: 'nga' });
    expect(decompose('ước')).toEqual({ onset: '', nucleus: 'ươ', coda: 'c', tone: 'sac' });
    expect(decompose('xyz1')).toBeNull();
  });

  it('round-trips every syllable of real prose through decompose and compose', () => {
    for (const w of words(PROSE)) {
      const lower = w.toLowerCase();
      const parts = decompose(lower);
      expect(parts, w).not.toBeNull();
      expect([compose(parts!, 'old'), compose(parts!, 'new')], w).toContain(lower);
      expect(isVietnameseSyllable(w), w).toBe(true);
    }
  });

  it('places the tone of open oa/oe/uy per orthography style and accepts both', () => {
    const hoa = decompose('hoà')!;
    expect(compose(hoa, 'old')).toBe('hòa');
    expect(compose(hoa, 'new')).toBe('hoà');
    expect(compose(decompose('thuỷ')!)).toBe('thủy');
    expect(isVietnameseSyllable('hoà') && isVietnameseSyllable('hòa')).toBe(true);
    // with a coda the mark goes on the last vowel whatever the style
    expect(compose({ onset: 'h', nucleus: 'oa', coda: 'n', tone: 'huyen' }, 'old')).toBe('hoàn');
  });

  it('rejects non-syllables and misspellings', () => {
    for (const w of ['ngi', 'ce', 'gha', 'kan', 'bàt', 'tìch', 'hỏc', 'qa', 'xyz', 'hóan', 'ubnd', 'trump', 'ườ']) {
      expect(isVietnameseSyllable(w), w).toBe(false);
    }
  });

  it('strips tone and vowel marks including đ', () => {
    expect(stripMarks('Đường Quốc lộ Ủy ban')).toBe('Duong Quoc lo Uy ban');
  });

  it('lists diacritic variants in the token case', () => {
    const so = diacriticVariants('so');
    for (const v of ['so', 'số', 'sổ', 'sở', 'sơ', 'sợ', 'sọ']) expect(so).toContain(v);
    expect(diacriticVariants('Binh')).toContain('Bình');
    expect(diacriticVariants('BINH')).toContain('BÌNH');
    expect(diacriticVariants('dong')).toContain('đông');
    expect(diacriticVariants('số')).toContain('sở');
    for (const v of diacriticVariants('tiet')) expect(isVietnameseSyllable(v)).toBe(true);
    expect(diacriticVariants('ubnd')).toEqual([]);
  });

  it('keeps the inventory compact and rule-bound', () => {
    expect(SYLLABLES.size).toBeGreaterThan(10_000);
    expect(SYLLABLES.size).toBeLessThan(30_000);
    // stop codas only with sắc or nặng
    for (const s of SYLLABLES) {
      const p = decompose(s);
      if (p && ['c', 'ch', 'p', 't'].includes(p.coda)) expect(['sac', 'nang'], s).toContain(p.tone);
    }
  });
});
