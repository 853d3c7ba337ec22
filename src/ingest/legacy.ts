import iconv from 'iconv-lite';

/**
 * Pre-Unicode Vietnamese encodings. TCVN3 (ABC), VISCII and Windows-1258 are single-byte
 * tables that iconv-lite ships; VNI is not a code page but a font trick (a base letter
 * followed by a Windows-1252 "accent" character), so its table is written out here.
 */
export type LegacyEncoding = 'tcvn3' | 'vni' | 'windows-1258' | 'viscii';

export const LEGACY_ENCODINGS: readonly LegacyEncoding[] = ['tcvn3', 'vni', 'windows-1258', 'viscii'];

const ICONV_NAME: Record<Exclude<LegacyEncoding, 'vni'>, string> = {
  tcvn3: 'tcvn',
  'windows-1258': 'windows-1258',
  viscii: 'viscii',
};

// VNI tone and shape marks, as the Windows-1252 characters the VNI fonts draw them with.
// Order per vowel: no tone, sắc, huyền, hỏi, ngã, nặng.
const TONES_LOWER = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
const TONES_UPPER = ['', 'Ù', 'Ø', 'Û', 'Õ', 'Ï'];
const CIRCUMFLEX_LOWER = ['â', 'á', 'à', 'å', 'ã', 'ä'];
const CIRCUMFLEX_UPPER = ['Â', 'Á', 'À', 'Å', 'Ã', 'Ä'];
const BREVE_LOWER = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
const BREVE_UPPER = ['Ê', 'É', 'È', 'Ú', 'Ü', 'Ë'];
const TONE_COMBINING = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

/** Unicode letter → VNI character sequence (both cases). */
function buildVniTable(): Map<string, string> {
  const table = new Map<string, string>();
  const add = (uni: string, vni: string) => table.set(uni.normalize('NFC'), vni);
  for (const upper of [false, true]) {
    const tones = upper ? TONES_UPPER : TONES_LOWER;
    const circ = upper ? CIRCUMFLEX_UPPER : CIRCUMFLEX_LOWER;
    const breve = upper ? BREVE_UPPER : BREVE_LOWER;
    const c = (s: string) => (upper ? s.toUpperCase() : s);
    for (let t = 0; t < 6; t++) {
      const tone = TONE_COMBINING[t];
      for (const v of ['a', 'e', 'o', 'u', 'y']) {
        if (t > 0 && !(v === 'y' && t === 5)) add(c(v) + tone, c(v) + tones[t]);
      }
      add(c('a') + '\u0302' + tone, c('a') + circ[t]);
      add(c('e') + '\u0302' + tone, c('e') + circ[t]);
      add(c('o') + '\u0302' + tone, c('o') + circ[t]);
      add(c('a') + '\u0306' + tone, c('a') + breve[t]);
      // ơ and ư have their own base glyphs (ô, ö) that take the tone marks.
      add(c('o') + '\u031B' + tone, (upper ? 'Ô' : 'ô') + tones[t]);
      add(c('u') + '\u031B' + tone, (upper ? 'Ö' : 'ö') + tones[t]);
    }
    // i and the dotted y are single glyphs in VNI fonts.
    const i = upper ? ['Í', 'Ì', 'Æ', 'Ó', 'Ò'] : ['í', 'ì', 'æ', 'ó', 'ò'];
    for (let t = 1; t < 6; t++) add(c('i') + TONE_COMBINING[t], i[t - 1]);
    add(c('y') + '\u0323', upper ? 'Î' : 'î');
    add(upper ? 'Đ' : 'đ', upper ? 'Ñ' : 'ñ');
  }
  return table;
}

export const VNI_TABLE: ReadonlyMap<string, string> = buildVniTable();

/** VNI sequence → Unicode letter; marks are accepted in either case (typists mixed them). */
const VNI_REVERSE: ReadonlyMap<string, string> = (() => {
  const rev = new Map<string, string>();
  for (const [uni, vni] of VNI_TABLE) {
    rev.set(vni, uni);
    if (vni.length === 2) {
      const base = vni[0];
      const isUpper = base === base.toUpperCase();
      const uniCased = isUpper ? uni.toUpperCase() : uni.toLowerCase();
      for (const mark of [vni[1].toLowerCase(), vni[1].toUpperCase()]) {
        if (!rev.has(base + mark)) rev.set(base + mark, uniCased);
      }
    }
  }
  return rev;
})();

/** Converts VNI text (already decoded as Windows-1252 characters) to Unicode NFC. */
export function vniToUnicode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const pair = VNI_REVERSE.get(text.slice(i, i + 2));
    if (pair !== undefined) {
      out += pair;
      i++;
      continue;
    }
    out += VNI_REVERSE.get(text[i]) ?? text[i];
  }
  return out.normalize('NFC');
}

/** Unicode → VNI characters (for making test data; letters without a VNI form pass through). */
export function unicodeToVni(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += VNI_TABLE.get(ch) ?? ch;
  return out;
}

/** Decodes raw bytes in a legacy encoding to Unicode NFC. */
export function decodeLegacy(bytes: Buffer, encoding: LegacyEncoding): string {
  if (encoding === 'vni') return vniToUnicode(windows1252Text(bytes));
  return iconv.decode(bytes, ICONV_NAME[encoding]).normalize('NFC');
}

/** Encodes Unicode text into a legacy encoding (for making test data and round-trip checks). */
export function encodeLegacy(text: string, encoding: LegacyEncoding): Buffer {
  if (encoding === 'vni') return iconv.encode(unicodeToVni(text), 'windows-1252');
  // Windows-1258 has no precomposed toned vowels: it stores base letter + combining tone.
  const input = encoding === 'windows-1258' ? decomposeTonesOnly(text) : text.normalize('NFC');
  return iconv.encode(input, ICONV_NAME[encoding]);
}

/** NFD for tone marks only, keeping â ê ô ơ ư ă precomposed, as Windows-1258 expects. */
function decomposeTonesOnly(text: string): string {
  return text
    .normalize('NFD')
    // Canonical order may put the dot below before the circumflex (ộ = o + ̣ + ̂).
    .replace(/([aeouAEOU])(\u0323?)([\u0302\u0306\u031B])/gu, (_m, base: string, dot: string, shape: string) => (base + shape).normalize('NFC') + dot);
}

// Windows-1252 0x80–0x9F; the five holes (0x81, 0x8D, 0x8F, 0x90, 0x9D) pass through as C1
// controls, as Windows' own conversion does, so every byte survives a round trip.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252_REVERSE: ReadonlyMap<string, number> = new Map([...CP1252_HIGH].map((ch, i) => [ch, 0x80 + i]));

/** Bytes → characters as a Windows program showing them in a Latin (1252) font would. */
export function windows1252Text(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/**
 * The bytes a Windows program would have stored for `text` had it shown them in Windows-1252,
 * or null when some character has no such byte. Mojibake of legacy fonts inside Unicode files
 * (a `.VnTime` run in a Word file, a copy-paste from an old PDF) is undone through these bytes.
 */
export function windows1252Bytes(text: string): Buffer | null {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = ch.charCodeAt(0);
    const b = CP1252_REVERSE.get(ch) ?? (code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : -1);
    if (b < 0) return null;
    bytes[i] = b;
  }
  return bytes;
}
