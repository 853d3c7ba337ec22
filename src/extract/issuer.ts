import { foldVietnamese, upperShare } from '../segment/text.ts';

/**
 * The issuing body as the header block prints it (Decree 30/2020 layout): the left column holds the
 * managing body on top ("ỦY BAN MTTQ VIỆT NAM", "ĐẢNG BỘ TỈNH X", "UBND XÃ Y") and the issuing body
 * under it ("BAN THƯỜNG TRỰC", "ĐẢNG ỦY XÃ Y", "BAN CHỈ ĐẠO …"), each with the place it belongs to
 * ("XÃ X", "TỈNH X", "THÀNH PHỐ X"), on its own line or run into the body's line. Any body is
 * read, not only People's Committees.
 */
export type PlaceType = 'xã' | 'phường' | 'đặc khu' | 'tỉnh' | 'thành phố';

export interface HeaderPiece {
  /** The body's name as printed, in sentence case with the standard abbreviations ("UBND", "Ủy ban MTTQ Việt Nam"), or null for a place alone. */
  body: string | null;
  placeType: PlaceType | null;
  /** The place's name as printed (title case), null when the type word stands alone ("ĐẢNG ỦY XÃ"). */
  placeName: string | null;
}

export interface IssuerBlock {
  /** The issuing body, composed with its parent when it is a sub-body ("Ban Thường trực Ủy ban MTTQ Việt Nam"). */
  body: string | null;
  placeType: PlaceType | null;
  placeName: string | null;
  pieces: HeaderPiece[];
}

/** The national motto and the Party's motto, the right column of the header. */
const MOTTO = /(?:C[ỘÔOƠ]NG\s+(?:HÒA|HOÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|C[ỘÔOƠ]NG\s+(?:HÒA|HOÀ)|(?:HÒA|HOÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|CHỦ\s+NGHĨA\s+VIỆT\s+NAM|ĐẢNG\s+C[ỘÔOƠ]NG\s+SẢN\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]?\s*Tự\s+do\s*[-–]?\s*Hạnh\s+phúc|Độc\s+lập\s*[-–]?\s*Tự(?:\s+do)?|Tự\s+do\s*[-–]\s*Hạnh\s+phúc|-?\s*Hạnh\s+phúc|Độc\s+lập|\p{Lu}\p{Ll}{1,3}\s+lập\s*[-–]?)/giu;

/** Place-type words (folded) and the type they name; pre-2025 district words end a place too. */
const PLACE_WORDS: [string, PlaceType | null][] = [
  ['thanh pho', 'thành phố'], ['dac khu', 'đặc khu'], ['thi xa', null], ['phuong', 'phường'], ['tinh', 'tỉnh'], ['xa', 'xã'], ['huyen', null], ['quan', null],
];

/** Folded openings of body names, and how the body is written in a record. */
const BODY_FORMS: [RegExp, string | null][] = [
  [/^(?:uy ban mat tran to quoc viet nam|uy ban mttq viet nam|uy ban mttq vn|ubmttq ?vn|uy ban mttq|ubmttq|mttq viet nam)\b/, 'Ủy ban MTTQ Việt Nam'],
  [/^(?:uy ban nhan dan|ubnd)\b/, 'UBND'],
  [/^(?:hoi dong nhan dan|hdnd)\b/, 'HĐND'],
  [/^uy ban bau cu\b/, null],
  [/^(?:dang bo|dang uy|chi bo|ban thuong truc|thuong truc|ban thuong vu|ban chap hanh|ban chi dao|bcd|tieu ban|hoi dong|ban|to|doan|hoi|cong an|van phong|phong|trung tam|so|chi cuc)\b/, null],
];

/** Sub-bodies whose name does not say whose they are: they take their parent's name ("Ban Thường trực Ủy ban MTTQ Việt Nam xã X"). */
const SUB_BODY = /^(?:ban thuong truc|thuong truc|ban thuong vu|tieu ban|to)\b/;

/** Words kept capitalised inside a body name (proper parts of standard names). */
const KEEP_CAPITAL = new Set(['thường trực', 'thường vụ', 'chấp hành', 'chỉ đạo', 'thi đua', 'khen thưởng', 'việt nam', 'mttq', 'ubnd', 'hđnd']);

function sentenceCase(upper: string): string {
  const words = upper.toLocaleLowerCase('vi').split(/\s+/).filter(Boolean);
  const out = words.map((w, i) => (i === 0 ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1) : w));
  // "Ban Thường trực", "Ban Chỉ đạo", "… Việt Nam": the standard names' capitals
  for (let i = 0; i + 1 < out.length; i++) {
    const pair = `${out[i]} ${out[i + 1]}`.toLocaleLowerCase('vi');
    if (KEEP_CAPITAL.has(pair)) {
      out[i] = out[i].charAt(0).toLocaleUpperCase('vi') + out[i].slice(1);
    }
  }
  return out.join(' ');
}

function titleCase(s: string): string {
  return s
    .toLocaleLowerCase('vi')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1))
    .join(' ');
}

/** OCR glues the words of a body's name ("UY BANMTTQ VIETNAM", "UYBANNHANDAN"): spaced back by the known names. */
const GLUED_BODIES: [string, string][] = [
  ['uybanmattrantoquocvietnam', 'ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM'],
  ['uybanmttqvietnam', 'ỦY BAN MTTQ VIỆT NAM'],
  ['uybannhandan', 'ỦY BAN NHÂN DÂN'],
  ['hoidongnhandan', 'HỘI ĐỒNG NHÂN DÂN'],
  ['uybanbaucu', 'ỦY BAN BẦU CỬ'],
  ['banthuongtruc', 'BAN THƯỜNG TRỰC'],
  ['banchidao', 'BAN CHỈ ĐẠO'],
];

export function unglueBody(text: string): string {
  const compact = foldVietnamese(text).replace(/ /g, '');
  for (const [key, name] of GLUED_BODIES) {
    if (!compact.startsWith(key)) continue;
    // the printed words that make up the glued name: as many letters as the key has
    let letters = 0;
    let cut = 0;
    for (; cut < text.length && letters < key.length; cut++) if (/[\p{L}\p{N}]/u.test(text[cut])) letters++;
    return `${name} ${text.slice(cut)}`.replace(/\s+/g, ' ').trim();
  }
  return text;
}

/** A body name as a record writes it: standard abbreviations, sentence case. */
export function bodyName(printed: string): string {
  const words = printed.trim().split(/\s+/);
  const f = foldVietnamese(printed);
  for (const [re, short] of BODY_FORMS) {
    const m = re.exec(f);
    if (!m || !short) continue;
    // the words the abbreviation replaces, counted on the folded form
    const used = m[0].split(' ').length;
    const rest = words.slice(used).join(' ');
    return rest ? `${short} ${sentenceCase(rest).replace(/^\p{Lu}/u, (c) => c.toLocaleLowerCase('vi'))}` : short;
  }
  if (/^[\p{Lu}\d\s,.&-]+$/u.test(printed)) {
    // an abbreviation of the body ("BCĐ") is kept as printed
    if (words.length === 1 && words[0].length <= 5) return words[0];
    return sentenceCase(printed);
  }
  return printed.trim();
}

/** Splits one header line (motto removed) into body and place. */
export function parsePiece(text: string): HeaderPiece | null {
  const t = unglueBody(text.replace(/\s+/g, ' ').trim());
  if (!t) return null;
  const words = t.split(' ');
  // folded word by word, so a dash inside a name ("THI ĐUA - KHEN THƯỞNG") keeps its place
  const fw = words.map((w) => foldVietnamese(w));
  // the first place-type word (two-word types first)
  let at = -1;
  let type: PlaceType | null = null;
  let typeLen = 0;
  for (let i = 0; i < fw.length && at < 0; i++) {
    for (const [w, ty] of PLACE_WORDS) {
      const n = w.split(' ').length;
      if (fw.slice(i, i + n).join(' ') === w) {
        // "Ủy ban bầu cử xã" types the place after it; "xã hội" is no place
        if (w === 'xa' && fw[i + 1] === 'hoi') continue;
        at = i;
        type = ty;
        typeLen = n;
        break;
      }
    }
  }
  const bodyWords = at < 0 ? words : words.slice(0, at);
  const placeWords = at < 0 ? [] : words.slice(at + typeLen);
  const body = bodyWords.length ? bodyWords.join(' ') : null;
  if (body && !BODY_FORMS.some(([re]) => re.test(foldVietnamese(body)))) return null;
  if (at < 0 && !body) return null;
  return {
    body: body ? bodyName(body) : null,
    placeType: at < 0 ? null : type,
    placeName: placeWords.length ? titleCase(placeWords.join(' ')) : null,
  };
}

/** Header lines with the right column (mottos), the number and the place-date column cut off. */
export function leftColumn(line: string): string {
  return line
    .replace(MOTTO, ' ')
    .replace(/(?:^|\s)(?:Số|SỐ|S\S?)\s*:.*$/u, ' ')
    .replace(/(?:^|\s)Số\s+\d.*$/u, ' ')
    .replace(/,?\s*ng\S{1,3}\s+(?:\d{1,2}|\.{2,}|…)?\s*(?:th\S{1,3}ng|\/).*$/iu, ' ')
    .replace(/[*_=~]+|-{2,}/g, ' ')
    .replace(/\s+[.,:;]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads the issuing body from the header lines [0, end). Pieces of the left column that start
 * with neither a body nor a place word continue the piece above (an OCR column wrapped:
 * "ỦY BAN NHÂN DÂN TỈNH BẮC" / "NINH").
 */
export function readIssuerBlock(lines: string[], end: number): IssuerBlock | null {
  const texts: string[] = [];
  for (let i = 0; i < Math.min(end, lines.length); i++) {
    for (const cell of lines[i].split(/\t|\s{3,}/)) {
      const t = leftColumn(cell);
      // only capitalised header text: a title or a sentence is not the issuer column
      // (a document code split off its "Số:" label, "/KH-MTTQ-BTT", is no body)
      if (!t || upperShare(t) < 0.8 || !/\p{L}{2}/u.test(t) || /\/|^\d/.test(t)) continue;
      texts.push(t);
    }
  }
  const pieces: HeaderPiece[] = [];
  let pending = '';
  const flush = () => {
    if (!pending) return;
    const p = parsePiece(pending);
    if (p) pieces.push(p);
    pending = '';
  };
  for (const t of texts) {
    const starts = parsePiece(t.split(' ').slice(0, 4).join(' ')) !== null || PLACE_WORDS.some(([w]) => foldVietnamese(t).startsWith(`${w} `));
    if (starts || !pending) {
      flush();
      pending = t;
    } else pending = `${pending} ${t}`;
  }
  flush();
  if (!pieces.length) return null;
  let k = -1;
  for (let i = pieces.length - 1; i >= 0; i--) {
    if (pieces[i].body) {
      k = i;
      break;
    }
  }
  const own = k >= 0 ? pieces[k] : pieces[pieces.length - 1];
  // the place: the issuing piece's own, the place line right under it, else the nearest one above
  let placeType = own.placeType;
  let placeName = own.placeName;
  const below = k >= 0 ? pieces[k + 1] : undefined;
  if (!placeName && below && !below.body && below.placeName && (!placeType || below.placeType === placeType)) {
    placeType = below.placeType;
    placeName = below.placeName;
  }
  if (!placeName) {
    for (let i = (k >= 0 ? k : pieces.length) - 1; i >= 0; i--) {
      const p = pieces[i];
      if (p.placeName && (!placeType || p.placeType === placeType)) {
        placeType = p.placeType;
        placeName = p.placeName;
        break;
      }
    }
  }
  let body = own.body;
  if (body && SUB_BODY.test(foldVietnamese(body))) {
    const parent = pieces.slice(0, k).reverse().find((p) => p.body);
    if (parent?.body) body = `${body} ${parent.body.charAt(0).toLocaleUpperCase('vi')}${parent.body.slice(1)}`;
  }
  return { body, placeType, placeName, pieces };
}

/** "UBND" + "xã" + "Hà Long" → "UBND xã Hà Long". */
export function composeIssuer(body: string, placeType: string | null, placeName: string | null): string {
  return [body, placeType && placeName ? `${placeType} ${placeName}` : null].filter(Boolean).join(' ');
}
