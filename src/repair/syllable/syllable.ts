/**
 * The Vietnamese syllable model: decomposition into onset / nucleus / coda / tone, composition with
 * tone-mark placement, the rule-generated inventory of valid syllables, and the diacritic-variant
 * index used to restore marks on stripped or OCR-mangled tokens.
 *
 * Conventions: every string is NFC; decomposed parts are lower-case; the nucleus is the whole vowel
 * run after the onset (medial glide, main vowel and final glide i/y/o/u), the coda is the final
 * consonant (c ch m n ng nh p t) or ''. The onsets "gi" and "qu" absorb their i/u, as in Vietnamese
 * spelling ("gia" = gi + a, "quốc" = qu + ôc); "gì", "gìn" parse as g + i(n).
 */
import { stripMarks } from '../../vietnamese/marks.ts';

export type Tone = 'ngang' | 'sac' | 'huyen' | 'hoi' | 'nga' | 'nang';
export const TONES: readonly Tone[] = ['ngang', 'sac', 'huyen', 'hoi', 'nga', 'nang'];

export interface SyllableParts {
  onset: string;
  nucleus: string;
  coda: string;
  tone: Tone;
}

/**
 * Where the tone mark goes on open oa/oe/uy: 'old' = first vowel (hòa, thủy), 'new' = second (hoà, thuỷ).
 * The training corpus uses 'old' about 8× more often (hòa 15,241 vs hoà 1,989; thủy 16,503 vs thuỷ 1,097),
 * so it is the default; both spellings are valid syllables.
 */
export type ToneStyle = 'old' | 'new';
export const DEFAULT_TONE_STYLE: ToneStyle = 'old';

const TONE_MARK: Record<Tone, string> = {
  ngang: '',
  sac: '\u0301',
  huyen: '\u0300',
  hoi: '\u0309',
  nga: '\u0303',
  nang: '\u0323',
};
const MARK_TONE = new Map<string, Tone>(
  (Object.entries(TONE_MARK) as [Tone, string][]).filter(([, m]) => m !== '').map(([t, m]) => [m, t]),
);

const VOWELS = new Set([...'aăâeêioôơuưy']);
const MARKED_VOWELS = new Set([...'ăâêôơư']);
const ONSETS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x'];
const CODAS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);
const STOP_CODAS = new Set(['c', 'ch', 'p', 't']);

/** Toneless rhymes (nucleus + coda) of standard Vietnamese spelling, as written after a plain consonant onset. */
const RHYMES: readonly string[] = [
  // open rhymes and rhymes ending in a glide
  'a', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iu', 'iêu', 'yêu', 'oa', 'oai', 'oao', 'oay', 'oe', 'oeo',
  'oi', 'ôi', 'ơi', 'ua', 'uây', 'uê', 'ui', 'uôi', 'uơ', 'uy', 'uya', 'uyu', 'ưa', 'ưi', 'ưu', 'ươi', 'ươu', 'oo',
  // closed rhymes
  'am', 'an', 'ang', 'ap', 'at', 'ac', 'anh', 'ach',
  'ăm', 'ăn', 'ăng', 'ăp', 'ăt', 'ăc',
  'âm', 'ân', 'âng', 'âp', 'ât', 'âc',
  'em', 'en', 'eng', 'ep', 'et', 'ec',
  'êm', 'ên', 'ênh', 'êp', 'êt', 'êch',
  'im', 'in', 'inh', 'ip', 'it', 'ich',
  'om', 'on', 'ong', 'op', 'ot', 'oc',
  'ôm', 'ôn', 'ông', 'ôp', 'ôt', 'ôc',
  'ơm', 'ơn', 'ơp', 'ơt',
  'um', 'un', 'ung', 'up', 'ut', 'uc',
  'ưm', 'ưn', 'ưng', 'ưt', 'ưc',
  'iêm', 'iên', 'iêng', 'iêp', 'iêt', 'iêc',
  'yêm', 'yên', 'yêt',
  'uôm', 'uôn', 'uông', 'uôt', 'uôc',
  'ươm', 'ươn', 'ương', 'ươp', 'ươt', 'ươc',
  'oam', 'oan', 'oang', 'oap', 'oat', 'oac', 'oanh', 'oach',
  'oăm', 'oăn', 'oăng', 'oăt', 'oăc',
  'oem', 'oen', 'oet',
  'uân', 'uâng', 'uât',
  'uênh', 'uêch',
  'uyn', 'uynh', 'uych', 'uyt', 'uyên', 'uyêt',
  'oong', 'ooc',
];
const RHYME_SET = new Set(RHYMES);

const nfc = (s: string): string => s.normalize('NFC');

export { stripMarks };

/** Splits a syllable into its toneless NFC form and its tone; null when it carries two tone marks. */
function splitTone(s: string): { base: string; tone: Tone } | null {
  let tone: Tone = 'ngang';
  let base = '';
  for (const ch of s.normalize('NFD')) {
    const t = MARK_TONE.get(ch);
    if (t === undefined) base += ch;
    else if (tone !== 'ngang') return null;
    else tone = t;
  }
  return { base: nfc(base), tone };
}

/** Structural decomposition (lower-cased); null when the string is not shaped like a syllable. */
export function decompose(s: string): SyllableParts | null {
  const split = splitTone(s.toLowerCase());
  if (!split) return null;
  const { base, tone } = split;
  let onset = ONSETS.find((o) => base.startsWith(o)) ?? '';
  let rest = base.slice(onset.length);
  if ((onset === 'gi' || onset === 'qu') && ![...rest].some((c) => VOWELS.has(c))) {
    // "gì", "gìn": the i is the nucleus, not part of the onset ("qu" alone is no syllable)
    if (onset === 'qu') return null;
    onset = 'g';
    rest = base.slice(1);
  }
  let i = 0;
  while (i < rest.length && VOWELS.has(rest[i]!)) i++;
  const nucleus = rest.slice(0, i);
  const coda = rest.slice(i);
  if (nucleus === '' || !CODAS.has(coda)) return null;
  return { onset, nucleus, coda, tone };
}

/** Index of the nucleus vowel that carries the tone mark. */
function toneIndex(nucleus: string, coda: string, style: ToneStyle): number {
  const chars = [...nucleus];
  for (let k = chars.length - 1; k >= 0; k--) if (MARKED_VOWELS.has(chars[k]!)) return k;
  if (coda !== '') return chars.length - 1;
  if (chars.length === 1) return 0;
  if (chars.length === 3) return 1;
  if (nucleus === 'oa' || nucleus === 'oe' || nucleus === 'uy') return style === 'new' ? 1 : 0;
  return 0;
}

/** Builds the NFC syllable with the tone mark on the right vowel (e.g. qu + yê + n + huyền → "quyền"). */
export function compose(parts: SyllableParts, style: ToneStyle = DEFAULT_TONE_STYLE): string {
  const { onset, nucleus, coda, tone } = parts;
  if (tone === 'ngang') return nfc(onset + nucleus + coda);
  const chars = [...nucleus];
  const k = toneIndex(nucleus, coda, style);
  chars[k] = nfc(chars[k]!.normalize('NFD') + TONE_MARK[tone]);
  return nfc(onset + chars.join('') + coda);
}

const FRONT = /^[eêi]/;

/** Whether a plain onset (not qu/gi, whose rhymes come from writtenRhymes) may precede the rhyme. */
function legalOnsetRhyme(onset: string, rhyme: string): boolean {
  if (!RHYME_SET.has(rhyme)) return false;
  const yeRhyme = rhyme.startsWith('y') && rhyme !== 'y';
  switch (onset) {
    case '':
      // "yên", "yêu" are spelled with y without onset, "tiên", "kiêu" with i after one
      return !rhyme.startsWith('iê');
    case 'k':
      return FRONT.test(rhyme) || rhyme === 'y';
    case 'gh':
    case 'ngh':
      return FRONT.test(rhyme);
    case 'c':
      // c before front vowels is k, c before a medial glide is qu
      return !FRONT.test(rhyme) && !rhyme.startsWith('y') && !/^(o[aăe]|u[yâêơ])/.test(rhyme);
    case 'g':
      // g before e/ê is gh; g + i spells "gì", "gìn" (gi + i)
      return !/^[eêy]/.test(rhyme) && !rhyme.startsWith('iê') && rhyme !== 'ia' && rhyme !== 'iu';
    case 'ng':
      return !FRONT.test(rhyme) && !rhyme.startsWith('y');
    default:
      return !yeRhyme;
  }
}

function rhymeParts(rhyme: string): { nucleus: string; coda: string } {
  let i = 0;
  while (i < rhyme.length && VOWELS.has(rhyme[i]!)) i++;
  return { nucleus: rhyme.slice(0, i), coda: rhyme.slice(i) };
}

/** u-medial rhymes whose u is written as the u of "qu" ("quyết" = qu + yêt, "quân" = qu + ân). */
const QU_MEDIAL = /^u(y|â|ê|ơ)/;

/** Candidate rhymes as written after each onset (qu/gi rhymes drop the absorbed glide). */
function writtenRhymes(onset: string): string[] {
  if (onset === 'qu') {
    const out = new Set<string>(['ôc']);
    for (const r of RHYMES) {
      if (QU_MEDIAL.test(r)) out.add(r.slice(1));
      else if (/^[aăâeêơ]/.test(r)) out.add(r);
    }
    return [...out];
  }
  if (onset === 'gi') {
    const out = new Set<string>(RHYMES.filter((r) => !/^[iy]/.test(r)));
    for (const r of RHYMES) if (r.startsWith('iê')) out.add(r.slice(1));
    return [...out];
  }
  return RHYMES.filter((r) => legalOnsetRhyme(onset, r));
}

/** Generates the inventory: onset × rhyme × tone under the spelling rules; stop codas take only sắc/nặng. */
function generateInventory(): Set<string> {
  const out = new Set<string>();
  for (const onset of ['', ...ONSETS]) {
    for (const rhyme of writtenRhymes(onset)) {
      const { nucleus, coda } = rhymeParts(rhyme);
      for (const tone of TONES) {
        if (STOP_CODAS.has(coda) && tone !== 'sac' && tone !== 'nang') continue;
        for (const style of ['old', 'new'] as const) out.add(compose({ onset, nucleus, coda, tone }, style));
      }
    }
  }
  return out;
}

/**
 * Syllables outside the standard spelling rules that are nevertheless official spellings: k before a/o/ô
 * in Central Highlands and northern place names (Đắk Lắk, Kon Tum, Bắc Kạn, Kông Chro) and the older
 * "quí". Checked against the corpus: these are the only frequent rule violations that are not
 * abbreviations or foreign words.
 */
const EXCEPTIONS = ['đắk', 'lắk', 'đăk', 'kạn', 'kon', 'kông', 'quí'];

/** Every valid lower-case NFC syllable (both tone placements of open oa/oe/uy). */
export const SYLLABLES: ReadonlySet<string> = new Set([...generateInventory(), ...EXCEPTIONS]);

/** True for a valid Vietnamese syllable in any letter case. */
export function isVietnameseSyllable(s: string): boolean {
  return SYLLABLES.has(nfc(s).toLowerCase());
}

/** stripped lower-case key → valid syllables, most common spelling conventions first. */
const VARIANTS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const s of SYLLABLES) {
    const k = stripMarks(s);
    const list = m.get(k);
    if (list) list.push(s);
    else m.set(k, [s]);
  }
  return m;
})();

/** Copies the letter case of `pattern` onto `s` position by position (both NFC, same length). */
export function applyCase(pattern: string, s: string): string {
  if (pattern === pattern.toLowerCase()) return s;
  const p = [...pattern];
  return [...s].map((c, i) => (p[i] !== undefined && p[i] !== p[i]!.toLowerCase() ? c.toUpperCase() : c)).join('');
}

/** Stripped lower-case key of a token, the index key of diacriticVariants. */
export function variantKey(token: string): string {
  return stripMarks(nfc(token)).toLowerCase();
}

/**
 * Every valid syllable whose mark-free form equals the token's, in the token's letter case:
 * "Binh" → Bình, Bính, Bịnh, Binh…; "BINH" → BÌNH, …. Empty when no syllable fits.
 */
export function diacriticVariants(token: string): string[] {
  const t = nfc(token);
  const list = VARIANTS.get(stripMarks(t).toLowerCase());
  if (!list) return [];
  return list.map((v) => applyCase(stripMarks(t), v));
}

/** Lower-case variants for a stripped lower-case key (no allocation: the shared list). */
export function variantsOfKey(key: string): readonly string[] {
  return VARIANTS.get(key) ?? [];
}
