/**
 * Canonical names of the units (phòng, ban, đoàn thể, thôn ...) that plans assign work to,
 * so that an analyst can count work per unit across communes that print the same unit
 * differently ("Phòng VH-XH", "Phòng Văn hoá-Xã hội xã", "phòng Văn hóa - Xã hội").
 *
 * Two functions:
 *  - `displayUnitName` tidies a printed name for display (spacing, hyphens, bullets, a leading
 *    "Đề nghị"/"Đơn vị", a trailing commune) but keeps its case and abbreviations;
 *  - `canonicalUnitName` is the grouping key: the display form with abbreviations expanded,
 *    tone marks in one placement, lower case.
 */

import { distance } from 'fastest-levenshtein';
import { stripMarks, TONE_MARK_CHARS } from '../vietnamese/marks.ts';

/**
 * Abbreviations as printed in commune documents → full lower-case form. Longest first, so
 * "UBMTTQVN" wins over "MTTQ". Matched as whole tokens only, case-sensitively (they are
 * printed in capitals; "kt" in running text is not "Kinh tế").
 */
const ABBREVIATIONS: [string, string][] = [
  ['UBMTTQVN', 'ủy ban mặt trận tổ quốc'],
  ['UBMTTQ', 'ủy ban mặt trận tổ quốc'],
  ['MTTQVN', 'mặt trận tổ quốc'],
  ['MTTQ', 'mặt trận tổ quốc'],
  ['UBND', 'ủy ban nhân dân'],
  ['HĐND', 'hội đồng nhân dân'],
  ['TNCS', 'thanh niên cộng sản'],
  ['ĐTN', 'đoàn thanh niên'],
  ['LHPN', 'liên hiệp phụ nữ'],
  ['HLHPN', 'hội liên hiệp phụ nữ'],
  ['HPN', 'hội phụ nữ'],
  ['HND', 'hội nông dân'],
  ['HCCB', 'hội cựu chiến binh'],
  ['BCHQS', 'ban chỉ huy quân sự'],
  ['CHQS', 'chỉ huy quân sự'],
  ['VH-XH', 'văn hóa - xã hội'],
  ['VHXH', 'văn hóa - xã hội'],
  ['VH', 'văn hóa'],
  ['XH', 'xã hội'],
  ['KT-HT-ĐT', 'kinh tế - hạ tầng - đô thị'],
  ['KT-HT', 'kinh tế - hạ tầng'],
  ['KT', 'kinh tế'],
  ['CAX', 'công an xã'],
  ['TYT', 'trạm y tế'],
  ['HTX', 'hợp tác xã'],
  ['THCS', 'trung học cơ sở'],
  ['THPT', 'trung học phổ thông'],
  ['TH', 'tiểu học'],
  ['MN', 'mầm non'],
  ['PVHCC', 'phục vụ hành chính công'],
  ['CƯDVC', 'cung ứng dịch vụ công'],
  ['CNSCĐ', 'công nghệ số cộng đồng'],
  ['KHCN', 'khoa học và công nghệ'],
  ['KH&CN', 'khoa học và công nghệ'],
  ['LĐTBXH', 'lao động - thương binh và xã hội'],
  ['TN&MT', 'tài nguyên và môi trường'],
  ['TNMT', 'tài nguyên và môi trường'],
  ['VP', 'văn phòng'],
  ['ĐU', 'đảng ủy'],
];

/** Expanded forms that name the same body ("Mặt trận Tổ quốc Việt Nam" = "MTTQ"). */
const SYNONYMS: [RegExp, string][] = [
  [/mặt trận tổ quốc việt nam/gu, 'mặt trận tổ quốc'],
  [/liên hiệp hội phụ nữ|hội liên hiệp phụ nữ/gu, 'hội liên hiệp phụ nữ'],
];

/**
 * The standing bodies of a commune after the 2025 reform, and the mass organisations, as
 * canonical names. A name that differs from one of these only by lost or wrong diacritics, a
 * dropped hyphen or one or two OCR letters ("Phòng Kinh tộ", "Phòng Văn hóa Xã hội", "Trung tâm
 * cung Wng dịch vụ công") is grouped with it. Names not listed are kept as they are.
 */
/**
 * Words that open the name of a unit: a list item or table cell starting with one names a unit.
 * Verbs and events spelt with the same first word ("Tổ chức", "Ban hành", "Hội nghị", "Phòng,
 * chống", "Trường hợp", "Các hoạt động") do not.
 */
const NOT_UNITS = ['Tổ chức', 'tổ chức', 'Ban hành', 'ban hành', 'Báo cáo', 'báo cáo', 'Đoàn kết', 'Hội họp', 'Trường hợp', 'Hội nghị', 'Hội thi', 'Hội thảo', 'Hội diễn', 'Trường hợp', 'Phòng chống', 'Phòng, chống', 'Phòng ngừa'];
/** After "các", the nouns that make a group of units ("các cơ quan", "các sở", "các thôn"), not "các bước", "các nội dung". */
const GROUP_NOUNS = ['cơ quan', 'đơn vị', 'sở', 'ban', 'ngành', 'phòng', 'xã', 'phường', 'thôn', 'ấp', 'bản', 'tổ', 'trường', 'tổ chức', 'hội', 'đoàn thể', 'địa phương', 'doanh nghiệp', 'cơ sở', 'hộ', 'thành viên', 'trạm', 'Sở', 'Ban', 'Phòng', 'UBND', 'Ủy ban', 'Hội', 'Đoàn', 'cấp', 'huyện', 'tỉnh', 'bộ', 'cục', 'chi cục', 'viện', 'trung tâm', 'đồng chí', 'ông', 'bà', 'cá nhân', 'lực lượng', 'chi bộ', 'đảng ủy', 'khu', 'tổ dân phố', 'khu phố', 'hợp tác xã', 'HTX', 'nhà trường', 'đài', 'báo', 'tập thể', 'ủy ban', 'chủ tịch', 'trưởng', 'lãnh đạo', 'cán bộ', 'Bộ', 'Thôn', 'Trường'];
const UNIT_WORDS = ['Thủ trưởng', 'Giám đốc', 'Người đứng đầu', 'Phòng', 'Văn phòng', 'Trung tâm', 'Công an', 'Ban', 'Hội', 'Đoàn', 'Ủy ban', 'Uỷ ban', 'UBND', 'UB', 'Mặt trận', 'MTTQ', 'Trạm', 'Trường', 'Tổ', 'Đảng ủy', 'Đảng uỷ', 'Chi bộ', 'Bưu điện', 'Quân sự', 'Ban Chỉ huy', 'Thường trực', 'Cơ quan', 'Đơn vị', 'Hợp tác xã', 'HTX', 'Doanh nghiệp', 'Sở', 'Bộ', 'Chi cục', 'Cục', 'Viện', 'Bệnh viện', 'Thôn', 'Tổ dân phố', 'Khu phố', 'Trưởng', 'Chủ tịch', 'Lãnh đạo', 'Cán bộ', 'Công chức', 'Y tế', 'Nhà văn hóa', 'Liên đoàn', 'Công đoàn', 'Hội đồng', 'Đài', 'Trưởng thôn', 'Liên hiệp', 'Hiệp hội', 'Báo', 'Kho bạc', 'Thanh tra', 'Tòa án', 'Viện kiểm sát', 'Bộ Chỉ huy', 'Ngân hàng', 'Chi nhánh', 'Công ty', 'Tổng công ty', 'Tập đoàn', 'Cổng thông tin', 'Bảo hiểm xã hội', 'Điện lực'];
const END = String.raw`(?![\p{L}\p{N}])`;
/** A name's later words are printed in either case ("Công An Thành phố", "Cổng Thông tin"). */
function eitherCase(name: string): string {
  return name.split(' ').map((w, i) => (i === 0 ? w : `[${w[0].toLowerCase()}${w[0].toUpperCase()}]${w.slice(1)}`)).join(' ');
}
/** What opens a group of units: "các sở", "Tất cả lực lượng", "Mọi cơ quan". */
// ("Cac": the word as text that lost its marks prints it)
const GROUP_OPENING = String.raw`(?:[Cc]ác|[Cc]ac|Tất cả(?:\s+các)?|Mọi)`;
/**
 * "Sở" as OCR leaves it before a department's name: "S6", "S@", "Sd", "S§", "S0.", "Sa", even glued
 * to the name ("S6Y tế", and "SởY tế" where the Vietnamese model read the word right but lost the
 * space). Only before a capital, so no word of a sentence is taken for it.
 */
export const OCR_SO = /^S[6@§0¢ébdaoơởỏ]\.?\s*(?=\p{Lu})/u;
/**
 * What asks a unit to act before its name: "Đề nghị", "Giao", "Yêu cầu", and "Đề nghị" as OCR may
 * leave it ("PBé nghị", "Dé nghi") before a capital.
 */
export const REQUEST_OPENING = /^(?:đề nghị|giao|yêu cầu|\p{L}{1,3}\s+ngh[iịíìỉĩ](?=\s+\p{Lu}))\s+/iu;
export const UNIT_OPENING = new RegExp(String.raw`^(?!(?:${NOT_UNITS.join('|')})${END})(?:(?:${GROUP_OPENING}\s+(?:${GROUP_NOUNS.join('|')})|${UNIT_WORDS.map(eitherCase).join('|')})${END}|${OCR_SO.source.slice(1)})`, 'u');

/** A group noun opening a piece of a list in lower case ("cơ quan cấp tỉnh", "đơn vị có liên quan"). */
const GROUP_NOUN = new RegExp(String.raw`^(?:${GROUP_NOUNS.join('|')})${END}`, 'u');

/**
 * A list of units however long ("Văn phòng Tỉnh ủy, Ủy ban Kiểm tra Tỉnh ủy, …, Chi cục Hải quan
 * khu vực XI"): it opens with a unit, and at least two thirds of its pieces (split at commas and
 * "và") open a unit, a group noun or a capitalised name ("Thể thao", "Du lịch" of "Sở Văn hóa, Thể
 * thao và Du lịch").
 */
export function isUnitList(text: string): boolean {
  const pieces = text.trim().split(/\s*,\s*|\s+và\s+/u).filter(Boolean);
  if (pieces.length < 3 || !UNIT_OPENING.test(pieces[0])) return false;
  return pieces.filter((p) => UNIT_OPENING.test(p) || GROUP_NOUN.test(p) || /^\p{Lu}/u.test(p)).length * 3 >= pieces.length * 2;
}

export const KNOWN_UNITS: readonly string[] = [
  'ủy ban nhân dân',
  'hội đồng nhân dân',
  'văn phòng hội đồng nhân dân và ủy ban nhân dân',
  'phòng văn hóa - xã hội',
  'phòng kinh tế',
  'phòng kinh tế, hạ tầng và đô thị',
  'phòng nội vụ',
  'phòng tài chính - kế hoạch',
  'trung tâm phục vụ hành chính công',
  'trung tâm cung ứng dịch vụ công',
  'công an xã',
  'ban chỉ huy quân sự',
  'trạm y tế',
  'đảng ủy xã',
  'ủy ban mặt trận tổ quốc',
  'mặt trận tổ quốc',
  'ủy ban mặt trận tổ quốc và các tổ chức thành viên',
  'mặt trận tổ quốc và các tổ chức thành viên',
  'đoàn thanh niên cộng sản hồ chí minh',
  'hội liên hiệp phụ nữ',
  'hội nông dân',
  'hội cựu chiến binh',
  'tổ công nghệ số cộng đồng',
  'các thôn',
  'các trường học',
];

/** Letters only, no diacritics, single spaces: what survives OCR of a name best. */
function skeleton(s: string): string {
  return stripMarks(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const KNOWN_SKELETONS = KNOWN_UNITS.map((u) => [skeleton(u), u] as const);

/** The known unit a damaged name stands for: same skeleton, or within 1 edit (2 from 12 letters, 3 from 30). */
export function snapToKnownUnit(canonical: string): string | null {
  const k = skeleton(canonical);
  if (!k) return null;
  const allowed = k.length < 12 ? 1 : k.length < 30 ? 2 : 3;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const [ks, unit] of KNOWN_SKELETONS) {
    if (Math.abs(ks.length - k.length) > allowed) continue;
    const d = ks === k ? 0 : distance(ks, k);
    if (d <= allowed && d < bestDistance) {
      best = unit;
      bestDistance = d;
    }
  }
  return best;
}

/** Lead-ins that are not part of the unit's name ("Đề nghị" also as OCR prints it: "Pộ nghị", "Dé nghi"). */
const LEADING = /^(?:[\p{L}]{1,3}\s+ngh[iịíìỉĩ]|đơn vị (?:chủ trì(?: tham mưu)?|phối hợp|thực hiện)|cơ quan (?:chủ trì|phối hợp)|đơn vị|giao)\s*:?\s+/iu;

const COMMUNE_WORD = '(xã|phường|thị trấn|đặc khu)';
/** " xã Hà Long" at the end: the commune's own name adds nothing when counting across communes. */
const TRAILING_COMMUNE_NAME = new RegExp(`\\s+${COMMUNE_WORD}\\s+(?:\\p{Lu}[\\p{L}\\p{M}]*)(?:\\s+\\p{Lu}[\\p{L}\\p{M}]*)*$`, 'u');
const TRAILING_COMMUNE_WORD = new RegExp(`\\s+${COMMUNE_WORD}$`, 'iu');

/**
 * Moves the tone mark of a syllable-final "oa", "oe", "uy" onto the first vowel ("hoá" → "hóa",
 * "thuỷ" → "thủy", "uỷ" → "ủy"), the placement most documents use, so both spellings group.
 * "qu" + y keeps its tone on y ("quý"): the u belongs to the consonant.
 */
export function normaliseTonePlacement(text: string): string {
  const nfd = text.normalize('NFD');
  const moved = nfd.replace(
    new RegExp(`(?<![qQ])([oO])([aAeE])([${TONE_MARK_CHARS}])(?![\\p{L}\\p{M}])|(?<![qQ])([uU])([yY])([${TONE_MARK_CHARS}])(?![\\p{L}\\p{M}])`, 'gu'),
    (_m, o, a, t1, u, y, t2) => (o ? `${o}${t1}${a}` : `${u}${t2}${y}`),
  );
  return moved.normalize('NFC');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\&-]/g, (c) => (c === '&' || c === '-' ? c : `\\${c}`));
}

const ABBREVIATION_RE = new RegExp(
  `(?<![\\p{L}\\p{M}\\p{N}-])(${[...ABBREVIATIONS]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([a]) => escapeRegExp(a))
    .join('|')})(?![\\p{L}\\p{M}\\p{N}-])`,
  'gu',
);
const ABBREVIATION_MAP = new Map(ABBREVIATIONS);

/** Expands printed abbreviations (whole tokens, as printed in capitals) to their full lower-case form. */
export function expandUnitAbbreviations(text: string): string {
  return text.replace(ABBREVIATION_RE, (m) => ABBREVIATION_MAP.get(m) ?? m);
}

/** Whitespace, hyphen, bullet and punctuation tidying shared by both forms. */
function tidy(raw: string): string {
  let s = raw.normalize('NFC').replace(/[\u00a0\s]+/gu, ' ').trim();
  s = s.replace(/^(?:[-+•·*–—]+|\(?\d+(?:\.\d+)*[.)]|\(?[a-zđ][.)])\s*/u, '');
  s = s.replace(/[.;:,]+$/u, '').trim();
  // "Văn hóa-Xã hội", "Văn hóa – Xã hội", "Văn hoá -Xã hội" → "Văn hóa - Xã hội"; a hyphen
  // between two capitals-only tokens ("VH-XH") stays glued so the abbreviation still matches.
  s = s.replace(/\s*[–—]\s*/gu, ' - ');
  s = s.replace(/(?<=[\p{Ll}\p{M}])\s*-\s*|\s+-\s*|\s*-\s+/gu, ' - ');
  s = s.replace(/\s+/gu, ' ');
  const lead = s.match(LEADING);
  if (lead && s.length > lead[0].length) s = s.slice(lead[0].length);
  return s.trim();
}

function wordCount(s: string): number {
  return s.split(/\s+/u).filter((w) => /[\p{L}]/u.test(w)).length;
}

/** Strips a trailing commune ("… xã Hà Long", "… xã") unless the rest would be too short to name a unit ("Công an xã"). */
function stripTrailingCommune(s: string, expandedWordCount: (t: string) => number): string {
  let out = s;
  const named = out.replace(TRAILING_COMMUNE_NAME, ' $1');
  if (named !== out) out = named;
  const bare = out.replace(TRAILING_COMMUNE_WORD, '');
  // "thuộc xã", "trên địa bàn xã", "các xã, phường": there the word is the object, not a suffix.
  const dangling = /(?:,|\s(?:thuộc|bàn|của|trong|toàn|các|và))$/iu.test(bare);
  if (bare !== out && !dangling && expandedWordCount(bare) >= 3) out = bare;
  return out;
}

/** A short name keeps its commune word ("Công an phường"); for grouping, every commune type reads as "xã". */
function unifyCommuneWord(s: string): string {
  return s.replace(/(?<!,)\s+(?:phường|thị trấn|đặc khu)$/iu, ' xã');
}

/** A printed unit name tidied for display: spacing, hyphens, lead-ins and trailing commune removed; case kept. */
export function displayUnitName(raw: string): string {
  const t = tidy(raw);
  const out = stripTrailingCommune(t, (s) => wordCount(expandUnitAbbreviations(s)));
  return out ? out.charAt(0).toLocaleUpperCase('vi') + out.slice(1) : t;
}

/**
 * The grouping key of a unit: "Phòng VH-XH", "Phòng Văn hoá-Xã hội xã" and "phòng Văn hóa - Xã
 * hội" all give "phòng văn hóa - xã hội". Pure; empty input gives "".
 */
export function canonicalUnitName(raw: string, options: { snap?: boolean } = {}): string {
  let s = expandUnitAbbreviations(tidy(raw));
  s = unifyCommuneWord(stripTrailingCommune(s, wordCount));
  s = normaliseTonePlacement(s).toLocaleLowerCase('vi');
  for (const [re, to] of SYNONYMS) s = s.replace(re, to);
  s = s.replace(/\s*&\s*/gu, ' và ').replace(/\s*-\s*/gu, ' - ').replace(/\s+/gu, ' ').trim();
  if (options.snap === false) return s;
  return snapToKnownUnit(s) ?? s;
}

/**
 * True when `raw` names one of the standing commune bodies (KNOWN_UNITS), however printed
 * ("TYT xã", "HND", "Phòng VH-XH", "Phòng Kinh tộ"). For list splitters: a list item that is a
 * known unit starts a new unit even when its head word is an abbreviation.
 */
export function isKnownUnit(raw: string): boolean {
  return snapToKnownUnit(canonicalUnitName(raw, { snap: false })) !== null;
}
