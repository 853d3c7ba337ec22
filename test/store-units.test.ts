import { describe, expect, it } from 'vitest';
import { canonicalUnitName, displayUnitName, normaliseTonePlacement } from '../src/gazetteer/units.ts';

describe('canonicalUnitName', () => {
  it('groups spacing, hyphen, abbreviation and tone-placement variants of one unit', () => {
    const variants = ['Phòng Văn hóa - Xã hội', 'Phòng Văn hoá-Xã hội', 'phòng VH-XH', 'Phòng VHXH xã', 'Phòng Văn hóa – Xã hội xã Tân Lập'];
    expect(new Set(variants.map(canonicalUnitName))).toEqual(new Set(['phòng văn hóa - xã hội']));
    expect(canonicalUnitName('Văn hóa-Xã hội')).toBe(canonicalUnitName('VH-XH'));
  });

  it('expands the usual abbreviations as whole tokens only', () => {
    expect(canonicalUnitName('UBND xã')).toBe('ủy ban nhân dân');
    expect(canonicalUnitName('Văn phòng HĐND và UBND xã')).toBe('văn phòng hội đồng nhân dân và ủy ban nhân dân');
    expect(canonicalUnitName('Ủy ban MTTQ xã')).toBe(canonicalUnitName('UBMTTQ Việt Nam xã'));
    expect(canonicalUnitName('Đoàn TNCS Hồ Chí Minh xã')).toBe('đoàn thanh niên cộng sản hồ chí minh');
    expect(canonicalUnitName('Phòng KT')).toBe(canonicalUnitName('Phòng Kinh tế xã'));
    expect(canonicalUnitName('CAX')).toBe(canonicalUnitName('Công an xã'));
    expect(canonicalUnitName('Các trường TH&THCS')).toBe(canonicalUnitName('Các trường Tiểu học và THCS'));
    // "KTX" is not "KT": no partial-token expansion.
    expect(canonicalUnitName('Ban KTX')).toBe('ban ktx');
  });

  it('drops lead-ins, bullets, final punctuation and a trailing commune, but keeps a short name whole', () => {
    expect(canonicalUnitName('- Đề nghị Phòng Kinh tế;')).toBe('phòng kinh tế');
    expect(canonicalUnitName('Đơn vị chủ trì: Trung tâm Cung ứng Dịch vụ công xã.')).toBe('trung tâm cung ứng dịch vụ công');
    expect(canonicalUnitName('Ban Thường vụ Đảng ủy xã Yên Bình')).toBe('ban thường vụ đảng ủy');
    expect(canonicalUnitName('Công an xã')).toBe('công an xã');
    expect(canonicalUnitName('Đảng ủy xã')).toBe('đảng ủy xã');
    expect(canonicalUnitName('Các thôn')).toBe(canonicalUnitName('các thôn'));
  });

  it('is idempotent on its own output', () => {
    for (const s of ['Phòng VH-XH', 'UBND xã Hòa Bình', 'Đoàn TNCS Hồ Chí Minh', 'Công an xã']) {
      const once = canonicalUnitName(s);
      expect(canonicalUnitName(once)).toBe(once);
    }
  });
});

describe('normaliseTonePlacement', () => {
  it('puts the tone of a final oa/oe/uy on the first vowel and leaves qu- and closed syllables alone', () => {
    expect(normaliseTonePlacement('hoá thuỷ uỷ khoẻ')).toBe('hóa thủy ủy khỏe');
    expect(normaliseTonePlacement('quý hoàn thuyền')).toBe('quý hoàn thuyền');
  });
});

describe('displayUnitName', () => {
  it('tidies without lower-casing or expanding', () => {
    expect(displayUnitName('- Phòng Văn hoá-Xã hội xã;')).toBe('Phòng Văn hoá - Xã hội');
    expect(displayUnitName('Đề nghị Đoàn TNCS Hồ Chí Minh xã')).toBe('Đoàn TNCS Hồ Chí Minh');
    expect(displayUnitName('các thôn')).toBe('Các thôn');
  });
});
