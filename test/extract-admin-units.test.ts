import { describe, expect, it } from 'vitest';
import { findCommunes, foldVietnamese, loadAdminUnits, loadProvinces, resolveCommune, resolveProvince } from '../src/gazetteer/admin-units.ts';

describe('admin units gazetteer', () => {
  it('loads the post-2025 units from the npm package', () => {
    const units = loadAdminUnits();
    expect(units.length).toBe(3321);
    expect(loadProvinces().length).toBe(34);
    expect(new Set(units.map((u) => u.communeType))).toEqual(new Set(['xã', 'phường', 'đặc khu']));
    for (const u of units) expect(u.commune).toBe(u.commune.normalize('NFC'));
    expect(units.some((u) => u.commune.includes('’'))).toBe(false);
  });

  it('folds marks, đ and case', () => {
    expect(foldVietnamese('Đặng Thùy  TRÂM')).toBe('dang thuy tram');
  });

  it('resolves names with lost or wrong diacritics and a type prefix', () => {
    expect(resolveCommune('phuong Ba Dinh')).toMatchObject({ province: 'Hà Nội', commune: 'Ba Đình', communeType: 'phường' });
    expect(resolveCommune('Đặc khu Côn Đảo')?.communeType).toBe('đặc khu');
    expect(resolveCommune('Zzzz Qqqq')).toBeNull();
  });

  it('uses the province hint when a name exists in several provinces', () => {
    const many = findCommunes('Tân Phú');
    expect(new Set(many.map((c) => c.province)).size).toBeGreaterThan(1);
    for (const p of new Set(many.map((c) => c.province))) {
      expect(resolveCommune('Tân Phú', `Tỉnh ${p}`)?.province).toBe(p);
    }
  });

  it('maps province spellings and pre-2025 names', () => {
    expect(resolveProvince('THÀNH PHỐ HÀ NỘI')).toBe('Hà Nội');
    expect(resolveProvince('Thanh Hoá')).toBe('Thanh Hóa');
    expect(resolveProvince('Kon Tum')).toBe('Quảng Ngãi');
    expect(resolveProvince('Atlantis')).toBeNull();
  });
});
