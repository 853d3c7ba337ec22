import { describe, expect, it } from 'vitest';
import { canonicalUnitName, displayUnitName, isKnownUnit, normaliseTonePlacement } from '../src/gazetteer/units.ts';

describe('canonicalUnitName', () => {
  it('groups spacing, hyphen, abbreviation and tone-placement variants of one unit', () => {
    const variants = ['Phòng Văn hóa - Xã hội', 'Phòng Văn hoá-Xã hội', 'phòng VH-XH', 'Phòng VHXH xã', 'Phòng Văn hóa – Xã hội xã Tân Lập'];
    expect(new Set(variants.map((v) => canonicalUnitName(v)))).toEqual(new Set(['phòng văn hóa - xã hội']));
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

describe('OCR-damaged names of standing commune bodies', () => {
  it('snap to the known unit when only diacritics, a hyphen or one or two letters differ', () => {
    expect(canonicalUnitName('Phòng Văn hóa - Xa hội')).toBe('phòng văn hóa - xã hội');
    expect(canonicalUnitName('Phong Van hoa Xa hoi')).toBe('phòng văn hóa - xã hội');
    expect(canonicalUnitName('Phòng Kinh tộ')).toBe('phòng kinh tế');
    expect(canonicalUnitName('Trung tâm cung Wng dịch vụ công')).toBe('trung tâm cung ứng dịch vụ công');
    expect(canonicalUnitName('Văn phòng HĐND - UBND xã')).toBe('văn phòng hội đồng nhân dân và ủy ban nhân dân');
    // An OCR'd "Đề nghị" lead-in is dropped too.
    expect(canonicalUnitName('Pộ nghị Hội Nông dân xã')).toBe('hội nông dân');
  });

  it('leave other units alone, and can be turned off', () => {
    expect(canonicalUnitName('Công an tỉnh')).toBe('công an tỉnh');
    expect(canonicalUnitName('Sở Y tế')).toBe('sở y tế');
    expect(canonicalUnitName('Phòng Y tế')).toBe('phòng y tế');
    expect(canonicalUnitName('Phòng Kinh tộ', { snap: false })).toBe('phòng kinh tộ');
  });
});

describe('isKnownUnit', () => {
  it('recognises standing bodies by their abbreviations and damaged spellings, not arbitrary groups', () => {
    for (const s of ['TYT xã', 'HND xã', 'HCCB', 'Phòng VH-XH', 'Phòng Kinh tộ', 'Công an phường']) expect(isKnownUnit(s), s).toBe(true);
    for (const s of ['đơn vị trên địa bàn xã', 'Thể thao và Du lịch', 'phường', 'Sở Y tế']) expect(isKnownUnit(s), s).toBe(false);
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
