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
  let text = '';
  const starts: number[] = [];
  for (let n = first; n <= last; n++) {
    const t = (lines[n - 1] ?? '').trim();
    if (text && t) {
      const glue = /\d-$/.test(text) && /^[\p{Lu}]{1,6}[\p{L}]*\//u.test(t) ? '' : ' ';
      text += glue;
    }
    starts.push(text.length);
    text += t;
  }
  return { text, starts, firstLine: first };
}

/** Line number of an offset in a joined text. */
export function lineAt(j: JoinedText, offset: number): number {
  let k = 0;
  while (k + 1 < j.starts.length && j.starts[k + 1] <= offset) k++;
  return j.firstLine + k;
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
