import { canonicalUnitName, snapToKnownUnit, UNIT_OPENING } from '../gazetteer/units.ts';
import { foldVietnamese } from '../segment/text.ts';
import { squash } from './text.ts';

/**
 * A unit name with OCR-damaged words respelt from the standing commune bodies of
 * src/gazetteer/units.ts ("Phòng Kinh tộ" → "Phòng Kinh tế"), keeping the printed case and any
 * trailing commune word. Names that are not a known body, or use abbreviations, are returned as printed.
 */
export function respellUnit(rawPrinted: string): string {
  // "S6 Y tế", "Sé KHCN": the OCR shape of "Sở" (as "s6" is of "số") before a capitalised name.
  const printed = rawPrinted.replace(/^S[6éb0ỏ¢]\s+(?=\p{Lu})/u, 'Sở ');
  // An OCR "&" glued to a word stands for the hyphen of "Văn hóa - Xã hội".
  const variants = [printed, printed.replace(/(?<=\p{L})&\s*/gu, ' - ')];
  for (const v of variants) {
    const out = respellKnown(v);
    if (out !== null) return out;
  }
  // A list of bodies in one name ("Các trường, trạm y tế"): respell each piece.
  if (printed.includes(', ')) return printed.split(', ').map((p) => respellKnown(p) ?? p).join(', ');
  return printed;
}

function respellKnown(printed: string): string | null {
  const known = snapToKnownUnit(canonicalUnitName(printed, { snap: false }));
  if (!known) return null;
  const spaced = printed.replace(/\s*-\s*/g, ' - ').replace(/\s+/g, ' ').trim();
  let words = spaced.split(' ');
  const target = known.split(' ');
  let tail: string[] = [];
  if (words.length === target.length + 1 && /^(xã|phường|đặc khu)$/iu.test(words[words.length - 1])) {
    tail = words.slice(-1);
    words = words.slice(0, -1);
  }
  if (words.length !== target.length || words.some((w) => /^\p{Lu}{2,}$/u.test(w))) return null;
  const out = words.map((w, i) => {
    const t = target[i];
    if (w.toLocaleLowerCase('vi') === t) return w;
    // Known names are keyed with "xã"; a ward's "Công an phường" keeps its own commune word.
    if (t === 'xã' && foldVietnamese(w) === 'phuong') return 'phường';
    // The printed capital is kept only where the letters survived (a damaged "Wng" says nothing about case).
    const upper = /^\p{Lu}/u.test(w) && (i === 0 || foldVietnamese(w) === foldVietnamese(t));
    return upper ? t.charAt(0).toLocaleUpperCase('vi') + t.slice(1) : t;
  });
  return [...out, ...tail].join(' ');
}

const UNIT_HEAD = UNIT_OPENING;

/** True when the words before " và " end an abbreviation pair such as "HĐND và UBND". */
function abbreviationPair(left: string): boolean {
  return /\b\p{Lu}{2,}$/u.test(left.trim());
}

function splitOn(parts: string[], sep: RegExp, keep: (left: string, right: string) => boolean): string[] {
  const out: string[] = [];
  for (const part of parts) {
    const pieces = part.split(sep);
    let cur = pieces[0];
    for (let k = 1; k < pieces.length; k++) {
      const right = pieces[k].trim();
      if (keep(cur, right)) {
        out.push(cur);
        cur = right;
      } else {
        cur = `${cur}${sep.source.includes(',') ? ',' : ' và'} ${right}`;
      }
    }
    out.push(cur);
  }
  return out;
}

/**
 * One entry per named unit or group (gold/structured/NOTES.md): ";" always separates; "," and "và"
 * separate only before the head of a new unit, so "các cơ quan, đơn vị trên địa bàn xã",
 * "Văn phòng HĐND và UBND xã" and "Các trường Tiểu học và THCS" stay whole.
 */
export function splitUnits(text: string): string[] {
  const cleaned = squash(text).replace(/[.;,\s]+$/, '');
  if (!cleaned) return [];
  let parts = cleaned.split(/\s*;\s*/);
  parts = splitOn(parts, /\s*,\s*/, (_l, r) => UNIT_HEAD.test(r) && /^\p{Lu}|^các\s/u.test(r) && !/^(các\s+)?(đơn vị|ban|ngành|cơ quan)(?![\p{L}\p{N}])/u.test(r));
  parts = splitOn(parts, /\s+và\s+/, (l, r) => UNIT_HEAD.test(r) && !abbreviationPair(l) && !/^(các\s+)?(ngành|ban)(?![\p{L}\p{N}])/u.test(r));
  return parts
    .map((p) => p.replace(/^(đơn vị|cơ quan)\s*:\s*/i, '').replace(/^đề nghị\s+/i, '').replace(/[.;:,\s]+$/, '').trim())
    .filter((p) => /\p{L}{2,}/u.test(p))
    .map(respellUnit);
}
