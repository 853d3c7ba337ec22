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
