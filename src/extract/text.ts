/** Text of a line range joined into one string, with a map back to line numbers (provenance). */
export interface JoinedText {
  text: string;
  /** starts[k] = offset in `text` where line firstLine + k begins. */
  starts: number[];
  firstLine: number;
}

/**
 * Joins lines [first, last] (1-based) with spaces; a line ending in "-" that splits a document
 * number ("42-" / "CTr/TU") is joined without a space.
 */
export function joinLines(lines: string[], first: number, last: number): JoinedText {
  const parts: string[] = [];
  const starts: number[] = [];
  let length = 0;
  let tail = '';
  for (let n = first; n <= last; n++) {
    // "15- ;" / "KH/ĐU": OCR specks after a number's hyphen would block the join below.
    const t = (lines[n - 1] ?? '').trim().replace(/(\d-)\s*[;:,.]$/, '$1');
    if (length > 0 && t) {
      const glue = /\d-$/.test(tail) && /^[\p{Lu}]{1,6}[\p{L}]*\//u.test(t) ? '' : ' ';
      parts.push(glue);
      length += glue.length;
    }
    starts.push(length);
    parts.push(t);
    length += t.length;
    if (t) tail = t.slice(-2);
  }
  return { text: parts.join(''), starts, firstLine: first };
}

/** Line number of an offset in a joined text. */
export function lineAt(j: JoinedText, offset: number): number {
  let lo = 0;
  let hi = j.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (j.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return j.firstLine + lo;
}

/** First sentence of a text: up to ". " followed by a capital, or the whole text. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])["”]?\s+(?=[\p{Lu}“"(])/u.exec(text);
  const s = m ? m[1] : text;
  return s.trim();
}

/** Straight double quotes as the curly pairs the gold uses. */
export function curlyQuotes(s: string): string {
  let open = true;
  return s.replace(/"/g, () => {
    const q = open ? '“' : '”';
    open = !open;
    return q;
  });
}

export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Removes the final period/semicolon/colon (and "./." closings). */
export function stripEndPunct(s: string): string {
  return s.replace(/[\s.;:,/]+$/, '').trim();
}

/** Vietnamese number: "1.716" = 1716, "46,046" = 46.046. */
export function parseViNumber(s: string): number {
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ''));
  return Number(s.replace(/\./g, '').replace(',', '.'));
}

/**
 * Single quotes OCR left in front of a word ("‘UBND tỉnh", "Trung tâm 'Y tế"): specks, unless the
 * text closes the quote. An apostrophe inside a word ("H'Bla") is kept.
 */
export function dropStrayQuotes(s: string): string {
  if (/[’']\s*$|[’'](?=[\s,.;:)])/u.test(s.replace(/\p{L}['’]\p{L}/gu, ''))) return s;
  return s.replace(/(^|\s)[‘'`](?=\p{L})/gu, '$1');
}
