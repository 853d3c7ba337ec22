import { editDistance, foldVietnamese } from '../gazetteer/admin-units.ts';

export { foldVietnamese };

/** Editor artefacts that survive text export (Word bookmarks) and carry no content. */
export function cleanLine(line: string): string {
  return line
    .replace(/\[bookmark:[^\]]*\]/gi, '')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+$/, '');
}

/** Share of cased letters that are upper case (0 when the line has no letters). */
export function upperShare(s: string): number {
  let up = 0;
  let low = 0;
  for (const ch of s) {
    if (/\p{Lu}/u.test(ch)) up++;
    else if (/\p{Ll}/u.test(ch)) low++;
  }
  return up + low === 0 ? 0 : up / (up + low);
}

export function startsUpper(s: string): boolean {
  const m = /\p{L}/u.exec(s);
  return m !== null && /\p{Lu}/u.test(m[0]);
}

export function startsLower(s: string): boolean {
  const m = /\p{L}/u.exec(s.trimStart());
  return m !== null && m.index === 0 && /\p{Ll}/u.test(m[0]);
}

/** Line ends a sentence or a clause a list item may end with. */
export function endsClause(s: string): boolean {
  return /[.!?;:]["”’)]*\s*$/.test(s.trim()) || /\.\/\.\s*$/.test(s);
}

/** Levenshtein distance capped at max + 1: one implementation, kept with the gazetteer's fuzzy matching. */
export { editDistance };

/**
 * True when the folded words of `phrase` occur consecutively in `words`; with `fuzzy`, words of 3+
 * letters may differ by one edit (residual OCR damage such as "pich" for "dich").
 */
export function containsPhrase(words: string[], phrase: string, fuzzy: boolean): boolean {
  const p = phrase.split(' ');
  outer: for (let i = 0; i + p.length <= words.length; i++) {
    for (let k = 0; k < p.length; k++) {
      const w = words[i + k];
      const q = p[k];
      if (w === q) continue;
      if (fuzzy && q.length >= 3 && w.length >= 3 && editDistance(w, q, 1) <= 1) continue;
      continue outer;
    }
    return true;
  }
  return false;
}

export function foldedWords(s: string): string[] {
  const f = foldVietnamese(s);
  return f ? f.split(' ') : [];
}

/** Marks removed and đ → d character by character, so offsets stay valid in the original string. */
export function foldKeepLength(s: string): string {
  let out = '';
  for (const ch of s.split('')) {
    if (ch === 'đ') out += 'd';
    else if (ch === 'Đ') out += 'D';
    else {
      const base = ch.normalize('NFD')[0] ?? ch;
      out += base.length === 1 && ch.length === 1 ? base : ch;
    }
  }
  return out;
}

/** Compact folded forms match when they differ by at most one edit per five letters. */
export function fuzzyEqual(a: string, b: string): boolean {
  const x = foldVietnamese(a).replace(/ /g, '');
  const y = foldVietnamese(b).replace(/ /g, '');
  if (!x || !y) return false;
  return editDistance(x, y, 3) <= Math.max(1, Math.floor(Math.min(x.length, y.length) / 5));
}
