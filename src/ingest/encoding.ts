import { decodeLegacy, LEGACY_ENCODINGS, type LegacyEncoding, windows1252Bytes } from './legacy.ts';
import { isVietnameseSyllable, scoreSyllables, type SyllableScore, wordsOf } from './vietnamese.ts';

export interface DecodedText {
  /** Unicode NFC text. */
  text: string;
  /** utf-8, utf-8-bom, utf-16le, utf-16be, tcvn3, vni, windows-1258, viscii; `+tcvn3` etc. when mojibake inside Unicode was repaired. */
  encoding: string;
  warnings: string[];
}

/** Bytes examined when scoring candidate decodings: enough words, bounded time on huge files. */
const SAMPLE_BYTES = 256 * 1024;

/** UTF-16 without a BOM: Vietnamese/ASCII text has a zero high byte in most code units. */
export function sniffUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const units = n / 2;
  // Vietnamese letters (U+1Exx, U+01xx) have non-zero high bytes, so the bar is well below 1.
  if (oddZero / units > 0.3 && evenZero / units < 0.05) return 'utf-16le';
  if (evenZero / units > 0.3 && oddZero / units < 0.05) return 'utf-16be';
  return null;
}

function decodeUtf16(bytes: Buffer, kind: 'utf-16le' | 'utf-16be'): string | null {
  try {
    return new TextDecoder(kind, { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

function decodeUtf8Strict(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Higher is better: valid syllables gained, invalid tokens penalised. */
function merit(s: SyllableScore): number {
  return s.valid - s.invalid;
}

/** Picks the legacy encoding whose decoding of `bytes` reads most like Vietnamese. */
export function bestLegacyDecoding(bytes: Buffer): { encoding: LegacyEncoding; score: SyllableScore } {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  let best: { encoding: LegacyEncoding; score: SyllableScore } | null = null;
  for (const encoding of LEGACY_ENCODINGS) {
    const score = scoreSyllables(decodeLegacy(sample, encoding));
    if (best === null || merit(score) > merit(best.score)) best = { encoding, score };
  }
  return best!;
}

/** Characters that only appear in Unicode text through legacy-font mojibake or double encoding. */
const MOJIBAKE_HINT = /[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/u;

type MojibakeKind = 'tcvn3' | 'vni' | 'utf-8';

function redecode(bytes: Buffer, kind: MojibakeKind): string | null {
  if (kind === 'utf-8') return decodeUtf8Strict(bytes);
  return decodeLegacy(bytes, kind);
}

/** Tokens a conversion changes, and how many of them are Vietnamese syllables before and after. */
export interface ConversionEvidence {
  changed: number;
  validBefore: number;
  validAfter: number;
}

/** Word-by-word comparison of a line and its re-decoding (lines whose word count differs count whole). */
function lineEvidence(before: string, after: string): ConversionEvidence {
  const a = wordsOf(before);
  const b = wordsOf(after);
  const e = { changed: 0, validBefore: 0, validAfter: 0 };
  if (a.length !== b.length) {
    e.changed = Math.max(a.length, b.length);
    e.validBefore = a.filter(isVietnameseSyllable).length;
    e.validAfter = b.filter(isVietnameseSyllable).length;
    return e;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    e.changed++;
    if (isVietnameseSyllable(a[i])) e.validBefore++;
    if (isVietnameseSyllable(b[i])) e.validAfter++;
  }
  return e;
}

/**
 * Whether the evidence shows real mojibake: the changed words become Vietnamese almost without
 * exception, and most were not Vietnamese before. OCR output without Vietnamese support (`Ké
 * hoach`, `thuéc`) also has Latin-1 letters, but re-decoding it turns only some words into
 * syllables (`thuéc` → `thuộc`) and others into wrong ones (`Ké` → `Kộ`): it must stay as it is.
 */
export function isMojibakeEvidence(e: ConversionEvidence): boolean {
  return e.changed >= 2 && e.validAfter >= 0.85 * e.changed && e.validAfter - e.validBefore >= 0.5 * e.changed;
}

/** Latin-1 / Windows-1252 symbols that stand for letters in legacy-font text (TCVN3 `¸` = á, `®` = đ). */
const SYMBOL_IN_TEXT = /[\u0080-\u00bf\u00d7\u00f7\u2013-\u2122]/u;

/**
 * Repairs legacy-font mojibake inside Unicode lines (`Ph¸t ®éng` → `Phát động`, `Phaùt ñoäng` →
 * `Phát động`, `PhÃ¡t` → `Phát`). The kind is chosen for the whole document from the evidence of
 * every convertible line (isMojibakeEvidence); then each line is converted when that gives more
 * Vietnamese syllables, or as many while the line holds symbols only mojibake has. Unicode lines
 * mixed into the same document are thus left alone.
 */
export function repairMojibake(lines: string[]): { lines: string[]; kind: MojibakeKind | null } {
  const candidates = lines.map((line, i) => ({ i, line, bytes: MOJIBAKE_HINT.test(line) ? windows1252Bytes(line) : null }));
  const convertible = candidates.filter((c) => c.bytes !== null);
  if (convertible.length === 0) return { lines, kind: null };
  let best: { kind: MojibakeKind; gain: number } | null = null;
  for (const kind of ['tcvn3', 'vni', 'utf-8'] as const) {
    const total: ConversionEvidence = { changed: 0, validBefore: 0, validAfter: 0 };
    for (const c of convertible) {
      const re = redecode(c.bytes!, kind);
      if (re === null) continue;
      const e = lineEvidence(c.line, re.normalize('NFC'));
      total.changed += e.changed;
      total.validBefore += e.validBefore;
      total.validAfter += e.validAfter;
    }
    const gain = total.validAfter - total.validBefore;
    if (isMojibakeEvidence(total) && (best === null || gain > best.gain)) best = { kind, gain };
  }
  if (best === null) return { lines, kind: null };
  const out = [...lines];
  for (const c of convertible) {
    const re = redecode(c.bytes!, best.kind);
    if (re === null) continue;
    const before = merit(scoreSyllables(c.line));
    const after = merit(scoreSyllables(re));
    if (after > before || (after === before && SYMBOL_IN_TEXT.test(c.line))) out[c.i] = re.normalize('NFC');
  }
  return { lines: out, kind: best.kind };
}

/**
 * Decodes a text file's bytes: BOMs, UTF-16 with or without BOM, strict UTF-8 (then NFC and
 * mojibake repair), else the legacy 8-bit encoding that reads most like Vietnamese.
 * Returns null when no decoding yields text.
 */
export function decodeText(bytes: Buffer): DecodedText | null {
  const warnings: string[] = [];
  const utf16 = sniffUtf16(bytes);
  let text: string | null = null;
  let encoding = '';
  if (utf16) {
    text = decodeUtf16(bytes, utf16);
    encoding = utf16;
  }
  if (text === null) {
    text = decodeUtf8Strict(bytes);
    encoding = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 'utf-8-bom' : 'utf-8';
  }
  if (text !== null) {
    if (text.normalize('NFC') !== text) warnings.push('text was in decomposed Unicode (NFD); normalised to NFC');
    const lines = text.normalize('NFC').split(/\r\n?|\n/);
    const repaired = repairMojibake(lines);
    if (repaired.kind !== null) {
      encoding += `+${repaired.kind}`;
      warnings.push(`legacy ${repaired.kind === 'utf-8' ? 'double-encoded UTF-8' : repaired.kind.toUpperCase()} text inside Unicode was converted`);
    }
    return { text: repaired.lines.join('\n'), encoding, warnings };
  }
  const { encoding: legacy, score } = bestLegacyDecoding(bytes);
  // Junk bytes also decode to something: demand that most tokens are Vietnamese syllables.
  if (score.valid === 0 || score.valid < score.invalid) return null;
  return { text: decodeLegacy(bytes, legacy), encoding: legacy, warnings: [`decoded from the legacy ${legacy} encoding`] };
}
