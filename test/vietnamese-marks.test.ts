import { describe, expect, it } from 'vitest';
import { stripCombiningMarks, stripMarks, stripTones, TONE_MARK, TONE_MARKS } from '../src/vietnamese/marks.ts';

describe('Vietnamese marks shared by the stages', () => {
  it('stripMarks removes tone and vowel marks and maps đ to d, whatever the normal form', () => {
    expect(stripMarks('Đường Hồ Chí Minh')).toBe('Duong Ho Chi Minh');
    expect(stripMarks('Triển khai'.normalize('NFD'))).toBe('Trien khai');
    expect(stripMarks('57-NQ/TW')).toBe('57-NQ/TW');
  });

  it('stripCombiningMarks keeps đ, a letter of its own', () => {
    expect(stripCombiningMarks('ĐỘI')).toBe('ĐOI');
    expect(stripCombiningMarks('VĨ')).toBe('VI');
  });

  it('stripCombiningMarks gives what decomposing, dropping the marks and composing give, for every character', () => {
    // its fast path maps characters one by one through a table; anything else takes the definition
    const definition = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
    for (let c = 0; c < 0x2200; c++) {
      const ch = String.fromCharCode(c);
      for (const s of [ch, `Đ${ch}ệ`, `e${ch}\u0301`, `${ch}${ch}`]) expect(stripCombiningMarks(s)).toBe(definition(s));
    }
    for (const s of ['Nghị quyết 26-NQ/TW', 'ﬁnh', 'A\u030a', '\u1e9b', 'Ǆ', '', 'Trường Sa 😀 ở']) expect(stripCombiningMarks(s)).toBe(definition(s));
  });

  it('stripTones keeps the vowel marks, only the tone goes', () => {
    expect(stripTones('thủy')).toBe('thuy');
    expect(stripTones('hóa')).toBe('hoa');
    expect(stripTones('người')).toBe('ngươi');
    expect(stripTones('Đắk')).toBe('Đăk');
  });

  it('finds tone marks in decomposed text, and only tone marks', () => {
    expect(TONE_MARK.test('ế'.normalize('NFD'))).toBe(true);
    expect(TONE_MARK.test('ê'.normalize('NFD'))).toBe(false);
    expect('Việt Nam'.normalize('NFD').match(TONE_MARKS)).toEqual(['\u0323']);
  });
});
