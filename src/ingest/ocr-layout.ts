/**
 * From what tesseract saw on a page (an OcrPageRecord) to the page's lines in reading order, each
 * whitespace token of a line paired with its OCR evidence (word confidence, LSTM alternatives).
 * Pure functions: the OCR pool, the training-pair and eval-input scripts all lay pages out here.
 *
 * What the layout fixes (measured on scans of training text, scripts/make-scans.ts):
 *  - a line tesseract read across two columns (the letterhead: agency | national motto) is cut at
 *    the wide gap between them, but not where tesseract's boxes widened a gap inside body text (after
 *    a label's colon, or between a word in lower case and one in sentence case);
 *  - two-column regions (the letterhead, the "Nơi nhận" | signature block) are read column by column
 *    within each band: agency block, motto, then "Số:" line, place-date line;
 *  - specks read as punctuation or junk at the edges of a line, and page numbers, are left out;
 *  - the printed lines of one paragraph become one line (justified lines that reach the right edge,
 *    the next not starting a list item), hyphenation at the line end undone; `printedLines` keeps
 *    how many printed lines each line joins.
 */
import type { Box, CharAlternatives, OcrPageRecord, OcrWordRecord } from './ocr-record.ts';
import { isVietnameseSyllable } from './vietnamese.ts';

/** OCR evidence of one whitespace token of an ingested line. */
export interface OcrTokenInfo {
  /** tesseract's word confidence, 0..1. */
  confidence: number;
  /** Per character of the token, other characters the LSTM considered ([char, confidence]); null where none. */
  alternatives?: (CharAlternatives | null)[];
}

export interface LaidOutPage {
  lines: string[];
  /** Per line, one entry per whitespace token of the line. */
  tokens: OcrTokenInfo[][];
  /** Per line, how many printed lines it joins. */
  printedLines: number[];
}

/** A run of words on one printed line: a whole tesseract line, or one column of it. */
interface Segment {
  words: OcrWordRecord[];
  box: Box;
  /** Index of tesseract's paragraph it comes from (page-wide). */
  para: number;
  /** Box of that paragraph. */
  paraBox: Box;
  /** Whether tesseract's line was cut into columns here. */
  cut: boolean;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const boxOf = (words: OcrWordRecord[]): Box => {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const w of words) {
    x0 = Math.min(x0, w.box[0]); y0 = Math.min(y0, w.box[1]);
    x1 = Math.max(x1, w.box[2]); y1 = Math.max(y1, w.box[3]);
  }
  return [x0, y0, x1, y1];
};

const height = (b: Box) => b[3] - b[1];

const tokenInfo = (w: OcrWordRecord): OcrTokenInfo => (w.alts ? { confidence: w.conf, alternatives: w.alts } : { confidence: w.conf });

/**
 * A gap between two words wider than this many word heights separates two columns. Body text, even
 * justified, keeps its gaps under one height (training scans: 3 of ~2,500 gaps above it); the columns
 * of a real letterhead can be as close as 1.5 heights.
 */
const COLUMN_GAP = 1.2;

/**
 * A gap this wide (word heights) cuts a line when a neighbouring line has a gap at the same place: a
 * gutter between two columns, which can be narrower than COLUMN_GAP where the columns are set close.
 */
const GUTTER_GAP = 0.9;

/**
 * A gap cuts a line of four or more words only when it is this many times the line's median gap: a
 * line the typesetter justified wide (degrade's, "học  và  sinh  viên;  sử  dụng  Nền  tảng") has all
 * its gaps over COLUMN_GAP, and reading it as columns moved its halves apart.
 */
const STRETCHED = 2;

/** A gap after a label's colon narrower than this (word heights) never cuts the line (see columnCuts). */
const LABEL_GAP = 3;

/** A gap between two words of a sentence narrower than this (word heights) never cuts the line (see columnCuts). */
const PROSE_GAP = 2.5;

interface Gap {
  /** Index of the word after the gap. */
  at: number;
  x0: number;
  x1: number;
  /** Width in the line's word heights, specks in the gap looked through. */
  width: number;
  /** Whether the gap holds no speck (its width is the space between two adjacent words). */
  clear: boolean;
}

/** The gaps between a line's words, specks (a mark or junk read in the gap) looked through. */
function gapsOf(words: OcrWordRecord[], lineHeight: number): Gap[] {
  const gaps: Gap[] = [];
  let prev = -1;
  for (let i = 0; i < words.length; i++) {
    // (only marks: a weak word, even one no syllable, may be a misread word of either column)
    if (!HAS_ALNUM.test(words[i].text) && isSpeck(words[i], lineHeight, false) && i > 0 && i < words.length - 1) continue;
    if (prev >= 0) {
      const x0 = words[prev].box[2], x1 = words[i].box[0];
      // the gap starts after the previous solid word: specks in it go with the column after it
      gaps.push({ at: prev + 1, x0, x1, width: (x1 - x0) / lineHeight, clear: i === prev + 1 });
    }
    prev = i;
  }
  return gaps;
}

/**
 * Cuts at the fixed phrases of a Vietnamese letterhead (Decree 30), where tesseract read a line across
 * both columns with the columns set close: the motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and
 * "Độc lập - Tự do - Hạnh phúc" start the right column; after "Số: 12/KH-UBND" the place-date line
 * begins.
 */
function letterheadCuts(words: OcrWordRecord[]): number[] {
  const cuts: number[] = [];
  const t = (k: number) => words[k]?.text ?? '';
  for (let k = 1; k < words.length; k++) {
    if (/^CỘNG$/u.test(t(k)) && /^H[OÒ]À?A?$|^HÒA$|^HOÀ$/u.test(t(k + 1))) cuts.push(k);
    else if (/^Độc$/u.test(t(k)) && /^lập$/u.test(t(k + 1))) cuts.push(k);
  }
  // "Số: 12/KH-UBND Tân Phú, ngày …": the number's code ends the left column
  if (/^Số\s*:?/u.test(t(0))) {
    const code = words.findIndex((w, k) => k <= 3 && /\/[\p{Lu}Đ]/u.test(w.text));
    if (code >= 0 && code + 1 < words.length && words.slice(code + 1).some((w) => /^ngày/u.test(w.text))) cuts.push(code + 1);
  }
  return cuts;
}

/** Cuts a line at the given gaps. */
function cutAt(words: OcrWordRecord[], cuts: number[]): OcrWordRecord[][] {
  const parts: OcrWordRecord[][] = [];
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c > from) parts.push(words.slice(from, c));
    from = c;
  }
  parts.push(words.slice(from));
  return parts.filter((p) => p.length > 0);
}

interface RawLine {
  words: OcrWordRecord[];
  box: Box;
  lh: number;
  para: number;
  paraBox: Box;
  gaps: Gap[];
}

/**
 * Where each line is cut into columns: at a gap wider than COLUMN_GAP word heights, or wider than
 * GUTTER_GAP where a line within two line heights above or below has a gap over the same x range.
 */
function columnCuts(lines: RawLine[]): number[][] {
  return lines.map((l, i) => {
    const cuts: number[] = letterheadCuts(l.words);
    // a line justified wide has every gap wide: a gutter is wider than the line's own word gaps (in a
    // line of words: specks and seal strokes read as junk are cut wherever their gaps say)
    const wordy = l.words.filter((w) => (w.text.match(/\p{L}/gu)?.length ?? 0) >= 2).length >= (2 / 3) * l.words.length;
    const usual = wordy && l.gaps.length >= 3 ? median(l.gaps.map((g) => g.width)) : 0;
    for (const g of l.gaps) {
      if (g.width < STRETCHED * usual) continue;
      // (a speck read in a justified line's gap widens it: alone, such a gap cuts nothing)
      // (not before a word in lower case after a word that ends without a mark or with a comma or a
      // semicolon: "1.SởY" / "tế." and "của Đảng;" / "tăng tốc" are one phrase whose gap tesseract's
      // boxes widened; a new column starts with a capital, a digit or a mark)
      // (a word in lower case, not junk as wide as a phrase read over a seal or a stroke: "ng" 270 px wide)
      const next = l.words[g.at];
      const continues = /[\p{L},;]$/u.test(l.words[g.at - 1].text) && /^\p{Ll}/u.test(next.text) && next.box[2] - next.box[0] <= 1.5 * l.lh * [...next.text].length;
      if (continues) continue;
      // (nor after a label and its colon before a value in sentence case: "- Cơ quan phối hợp:" /
      // "Các sở, ngành …", "Thời gian thực hiện:" / "Sau khi …" – tesseract's boxes leave a gap of up
      // to two and a half heights there; cut, two such lines one under the other were read as a label
      // column, then a value column. A column a label ends stands further off, and the right column of
      // a letterhead or a signature block starts in capitals: "Nơi nhận:" / "KT. CHỦ TỊCH")
      const labelled = /\p{L}:$/u.test(l.words[g.at - 1].text) && !/^Số:$/u.test(l.words[g.at - 1].text) && /^\p{Lu}\p{Ll}/u.test(next.text) && g.width < LABEL_GAP;
      if (labelled) continue;
      // (nor between two words of a sentence, one ending in a small letter, a comma or a semicolon and
      // the next a name in sentence case or a number, "triển khai thực hiện" / "Kế hoạch này; tham mưu
      // …" at 1.6 heights, "Quyết định số" / "3531/QĐ-BTC", "Các sở, ngành;" / "Ủy ban nhân dân …": a
      // letterhead's left column ends in capitals, and a signature column stands further off)
      const prose = /[\p{Ll},;]$/u.test(l.words[g.at - 1].text) && /^(?:\p{Lu}\p{Ll}|\p{N})/u.test(next.text) && g.width < PROSE_GAP;
      if (prose) continue;
      if (g.width > COLUMN_GAP && g.clear) { cuts.push(g.at); continue; }
      if (g.width <= GUTTER_GAP) continue;
      const shared = lines.some((o, k) => k !== i && Math.abs(o.box[1] - l.box[1]) <= 2.5 * l.lh &&
        o.gaps.some((h) => h.width > GUTTER_GAP && Math.min(h.x1, g.x1) - Math.max(h.x0, g.x0) >= 0.5 * Math.min(h.x1 - h.x0, g.x1 - g.x0)));
      if (shared) cuts.push(g.at);
    }
    return cuts;
  });
}

const HAS_ALNUM = /[\p{L}\p{N}]/u;
/** Punctuation that starts a list item or stands between words as a dash: not a speck. */
const MEANINGFUL_ALONE = /^[-–—+•*/]$/u;

/**
 * Whether a word is a speck of the scan read as text rather than printed text: punctuation or junk
 * with no letter or digit, or read with almost no confidence, or far smaller than the line's words.
 * Only words at a segment's edges are judged (a run of them is peeled from either end): inside a line
 * a lone mark is more often real punctuation set apart by a space.
 */
export function isSpeck(w: OcrWordRecord, lineHeight: number, atStart: boolean): boolean {
  const alnum = HAS_ALNUM.test(w.text);
  // a letter item's "c)" read as a symbol ("€)", "©)"): the marker, not a speck
  if (atStart && LETTER_AS_SYMBOL.test(w.text)) return false;
  if (!alnum) {
    // a list dash or plus opening the line is kept; one closing it is a speck unless read with confidence
    if (MEANINGFUL_ALONE.test(w.text)) return atStart ? w.conf < 0.3 : w.conf < 0.7;
    return true;
  }
  // letters or digits read with (almost) no confidence and small: the edge of a seal, a rule, a stain
  if (w.conf < 0.3 && height(w.box) < 0.6 * lineHeight) return true;
  // a list marker opening the line, however weakly read: a bold roman numeral's strokes read as
  // letters ("H.", "IV.TỔ" glued to the heading's first word), "1.", "b)". Losing it loses the
  // section or item it opens, and with it every task under it.
  if (atStart && LIST_MARKER.test(w.text)) return false;
  // a weak reading that is no word, number or code: a signature's stroke, a rule ("xaul———", "gyýợỷcy")
  return w.conf < 0.35 && !plausibleToken(w.text);
}

/**
 * A list marker as the Vietnamese model reads it, maybe glued to the word after it: a roman numeral
 * (also with its strokes read as H, L, l, |, Í), a number of one or two digits, or a letter, then a
 * dot or a closing bracket.
 */
const LIST_MARKER = /^[\p{P}]?\(?(?:[IVXLHlÍ|]{1,4}|\d{1,2}|[a-zđ])[.)](?:$|[\p{L}\p{N}'%])/u;

/** Symbols the Vietnamese model reads for the letter of a lettered item ("€)" for "c)"). */
const LETTER_AS_SYMBOL = /^[€©¢]\)$/u;

/** A token printed text could hold: a Vietnamese syllable, a number, a code or abbreviation. */
function plausibleToken(text: string): boolean {
  // the letterhead's number label with a handwritten number glued on ("Số:2{"): see dropHandwrittenFields
  if (/^Số\s*:/u.test(text)) return true;
  const core = text.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
  if (core === '') return false;
  if (/^[\p{N}.,/-]+$/u.test(core)) return true;
  if (/^[\p{Lu}\p{N}Đ/-]{2,}$/u.test(core)) return true;
  // two words a speck glued together ("vị:địa"): the repair splits them again
  const glued = /^([\p{L}]+)[.,:;]([\p{L}]+)$/u.exec(core);
  if (glued) return isVietnameseSyllable(glued[1]) && isVietnameseSyllable(glued[2]);
  return isVietnameseSyllable(core);
}

function peelSpecks(words: OcrWordRecord[], lineHeight: number): OcrWordRecord[] {
  let a = 0, b = words.length;
  while (a < b && isSpeck(words[a], lineHeight, true)) a++;
  while (b > a && isSpeck(words[b - 1], lineHeight, false)) b--;
  return words.slice(a, b);
}

/** A page number alone on a line at the top or bottom of the page: "2", "- 2 -", "Trang 2". */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:trang\s+)?\d{1,3}(?:\s*[-–—])?$/iu;

/** Segments sharing a height band, side by side: one printed row of the page. */
function rowsOf(segs: Segment[]): Segment[][] {
  const sorted = [...segs].sort((a, b) => a.box[1] - b.box[1] || a.box[0] - b.box[0]);
  const rows: Segment[][] = [];
  for (const seg of sorted) {
    // only the last few rows can take it (rows are made top to bottom)
    let row: Segment[] | undefined;
    for (let k = rows.length - 1; k >= Math.max(0, rows.length - 4) && !row; k--) {
      const r = rows[k];
      const ok = r.every((o) => {
        const overlap = Math.min(o.box[3], seg.box[3]) - Math.max(o.box[1], seg.box[1]);
        const minH = Math.min(height(o.box), height(seg.box));
        return overlap >= 0.4 * minH && (seg.box[0] >= o.box[2] || seg.box[2] <= o.box[0]);
      });
      if (ok) row = r;
    }
    if (row) row.push(seg);
    else rows.push([seg]);
  }
  for (const r of rows) r.sort((a, b) => a.box[0] - b.box[0]);
  return rows.sort((a, b) => Math.min(...a.map((s) => s.box[1])) - Math.min(...b.map((s) => s.box[1])));
}

/**
 * tesseract's block segmentation sometimes splits a paragraph down a river of justified spaces: each
 * printed line comes back as a left and a right piece in two blocks (at 100 dpi, "- Triển khai …
 * đồng bộ." | "ệu quả Kế hoạch số 14-KH/TU của"), and read column by column the right pieces would
 * follow the whole left side. Side by side in one row, pieces of two different tesseract paragraphs
 * with no more than a word gap between them (COLUMN_GAP: the columns of a letterhead stand further
 * apart) are one line again, unless they are the letterhead's (motto, number, place-date).
 */
function mergeSplitRow(row: Segment[], lineHeight: number): void {
  for (let k = 0; k + 1 < row.length; ) {
    const a = row[k], b = row[k + 1];
    const text = (s: Segment) => s.words.map((w) => w.text).join(' ');
    const merge = !a.cut && !b.cut && a.para !== b.para && b.box[0] - a.box[2] < COLUMN_GAP * lineHeight &&
      !NUMBER_OR_DATE.test(text(a)) && !NUMBER_OR_DATE.test(text(b)) && letterheadCuts([...a.words, ...b.words]).length === 0;
    if (!merge) { k++; continue; }
    const union = (x: Box, y: Box): Box => [Math.min(x[0], y[0]), Math.min(x[1], y[1]), Math.max(x[2], y[2]), Math.max(x[3], y[3])];
    row.splice(k, 2, { words: [...a.words, ...b.words], box: union(a.box, b.box), para: a.para, paraBox: union(a.paraBox, b.paraBox), cut: false });
  }
}

interface Region {
  /** Row indices [first, last] of a two-column region. */
  first: number;
  last: number;
  /** x where the left column ends and the right one begins. */
  split: number;
}

/**
 * Two-column regions: runs of rows with two or more segments side by side, extended to neighbouring
 * single-segment rows that lie within one column and follow closely (the third line of an agency
 * block beside a two-line motto).
 */
function twoColumnRegions(rows: Segment[][], lineHeight: number): Region[] {
  const regions: Region[] = [];
  const top = (r: Segment[]) => Math.min(...r.map((s) => s.box[1]));
  const bottom = (r: Segment[]) => Math.max(...r.map((s) => s.box[3]));
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].length < 2) continue;
    // the split: between the first segment and the rest
    const split = (rows[i][0].box[2] + rows[i][1].box[0]) / 2;
    const last = regions[regions.length - 1];
    if (last && last.last === i - 1) { last.last = i; continue; }
    regions.push({ first: i, last: i, split });
  }
  const fits = (r: Segment[], split: number) => r.length === 1 && (r[0].box[2] <= split + lineHeight || r[0].box[0] >= split - lineHeight);
  const close = (a: Segment[], b: Segment[]) => top(b) - bottom(a) <= 1.0 * lineHeight;
  for (const g of regions) {
    while (g.last + 1 < rows.length && (rows[g.last + 1].length >= 2 || (fits(rows[g.last + 1], g.split) && close(rows[g.last], rows[g.last + 1])))) g.last++;
    while (g.first > 0 && fits(rows[g.first - 1], g.split) && close(rows[g.first - 1], rows[g.first])) g.first--;
  }
  // regions that grew into each other are one
  const merged: Region[] = [];
  for (const g of regions) {
    const prev = merged[merged.length - 1];
    if (prev && g.first <= prev.last + 1) prev.last = Math.max(prev.last, g.last);
    else merged.push({ ...g });
  }
  return merged;
}

/**
 * A two-column region in reading order: bands of rows that follow each other closely, each band's
 * left column then its right column (agency block, motto; then "Số:", place-date).
 */
function readRegion(rows: Segment[][], split: number, lineHeight: number): Segment[] {
  const out: Segment[] = [];
  let band: Segment[][] = [];
  const flush = () => {
    const segs = band.flat();
    out.push(...segs.filter((s) => (s.box[0] + s.box[2]) / 2 < split), ...segs.filter((s) => (s.box[0] + s.box[2]) / 2 >= split));
    band = [];
  };
  for (const r of rows) {
    const prev = band[band.length - 1];
    const gap = prev ? Math.min(...r.map((s) => s.box[1])) - Math.max(...prev.map((s) => s.box[3])) : 0;
    // the number and the place-date line are a band of their own (Decree 30's letterhead), however
    // close they sit under the agency and the motto
    const dateRow = r.some((s) => NUMBER_OR_DATE.test(s.words.map((w) => w.text).join(' ')));
    if (prev && (gap > 0.7 * lineHeight || dateRow)) flush();
    band.push(r);
  }
  flush();
  return out;
}

/** The letterhead's number line ("Số: 12/KH-UBND") or place-date line ("Tân Phú, ngày … tháng"). */
const NUMBER_OR_DATE = /^Số\s*:|,\s*ngày\b.*\btháng\b|^ngày\b.*\btháng\b/u;

/** A line that starts a list item or a heading: never joined to the line before it. */
const ITEM_START = /^(?:[-–—+•*]|\(?[0-9IVXivx]{1,4}[.)/]|\(?[a-zđ][)/.]|Điều\s|Chương\s|Mục\s|Phần\s)/u;

interface Line {
  words: OcrWordRecord[];
  printed: number;
}

/**
 * A line set in capitals (a title, a heading): never one paragraph with a line in sentence case, as
 * a title typeset right above the preamble's first line ("… ĐỐI VỚI CÁC NGÀNH KINH TẾ" / "Căn cứ …").
 */
function inCapitals(words: OcrWordRecord[]): boolean {
  const letters = words.map((w) => w.text).join('').replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters.replace(/[^\p{Lu}]/gu, '').length >= 0.8 * letters.length;
}

/**
 * Joins the printed lines of one paragraph: the next line of the same tesseract paragraph when this
 * one is justified to the paragraph's right edge and the next does not start a list item. A word cut
 * by a hyphen at the line end ("thực hi-" / "ện", "45/KH-" / "UBND") is put back together.
 */
function joinParagraphs(segs: Segment[], lineHeight: number): Line[] {
  const out: Line[] = [];
  let prev: Segment | null = null;
  for (const s of segs) {
    const last = out[out.length - 1];
    const joinable = prev !== null && last !== undefined && !prev.cut && !s.cut && prev.para === s.para &&
      prev.box[2] >= prev.paraBox[2] - 1.5 * lineHeight && s.box[1] > prev.box[1] &&
      !ITEM_START.test(s.words[0].text) && inCapitals(prev.words) === inCapitals(s.words);
    if (joinable) {
      const end = last.words[last.words.length - 1];
      const first = s.words[0];
      // (a number and a hyphen before a number is a range, "2026 -" / "2030": it stays two tokens)
      if (/[\p{L}\p{N}]-$/u.test(end.text) && /^[\p{L}\p{N}]/u.test(first.text) && !(/^\p{N}+-$/u.test(end.text) && /^\p{N}/u.test(first.text))) {
        // hyphenated at the line end: one word again (its confidence the lower of the two halves); in
        // a code the hyphen is printed ("45/KH-" / "UBND", "321-" / "KH/TU")
        const code = /^\p{Lu}/u.test(first.text) && /[\p{Lu}\p{N}]-$/u.test(end.text);
        const word: OcrWordRecord = { text: end.text.slice(0, -1) + (code ? '-' : '') + first.text, conf: Math.min(end.conf, first.conf), box: [end.box[0], end.box[1], first.box[2], first.box[3]] };
        last.words = [...last.words.slice(0, -1), word, ...s.words.slice(1)];
      } else last.words = [...last.words, ...s.words];
      last.printed++;
    } else out.push({ words: [...s.words], printed: 1 });
    prev = s;
  }
  return out;
}

/** A number printed in a letterhead field: digits read with confidence. */
const PRINTED_NUMBER_CONF = 0.9;
const PRINTED_MONTH_CONF = 0.5;
const isPrintedNumber = (w: OcrWordRecord | undefined, conf = PRINTED_NUMBER_CONF) => !!w && /^\d{1,5}$/u.test(w.text) && w.conf >= conf;

/**
 * The blanks of a letterhead filled in by hand: the number ("Số: 23 /BC-UBND") and the day and month
 * of the place-date line ("Quảng Ngãi, ngày 23 tháng 01 năm 2025") are often written with a pen
 * after printing, and tesseract reads the handwriting as "À3", "4T†", "04+". A field that is not a
 * number read with confidence is left out (the printed line stays, with its blank), so handwriting
 * never becomes text. Only lines near the top of the page are looked at.
 */
function dropHandwrittenFields(words: OcrWordRecord[]): OcrWordRecord[] {
  const out: OcrWordRecord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // "Số:" with the handwriting glued on ("Số:04+", "Số:2{"): the printed label alone
    const glued = /^(Số\s*:)(.+)$/u.exec(w.text);
    if (glued && !/^\//u.test(glued[2]) && !(/^\d{1,5}$/u.test(glued[2]) && w.conf >= PRINTED_NUMBER_CONF)) {
      out.push({ ...w, text: glued[1] });
      continue;
    }
    const prev = out[out.length - 1]?.text ?? '';
    // a field between "Số:" and the "/CODE" after it
    if (/^Số\s*:?$/u.test(prev) && !w.text.startsWith('/') && words.slice(i + 1, i + 3).some((x) => x.text.startsWith('/')) && !isPrintedNumber(w)) continue;
    // the day after "ngày" and the month after "tháng", when "tháng" / "năm" follow
    if (/^ngày$/iu.test(prev) && /^tháng$/iu.test(words[i + 1]?.text ?? '') && !isPrintedNumber(w)) continue;
    // (the month is most often printed, in italics that read with less confidence; the day is written in)
    if (/^tháng$/iu.test(prev) && /^năm$/iu.test(words[i + 1]?.text ?? '') && !isPrintedNumber(w, PRINTED_MONTH_CONF)) continue;
    // "ngày4Ttháng": the day glued to both words
    const day = /^(ngày)(.+)(tháng)$/u.exec(w.text);
    if (day) {
      out.push({ ...w, text: day[1] }, { ...w, text: day[3] });
      continue;
    }
    out.push(w);
  }
  return out;
}

/**
 * A word's text as Vietnamese: NFC, and the Icelandic eth (Ð ð), which tesseract sometimes gives for
 * the Vietnamese Đ đ, written as Đ đ (one character for one, so the alternatives stay lined up).
 */
const readingOf = (text: string) => text.normalize('NFC').replace(/Ð/g, 'Đ').replace(/ð/g, 'đ');

/** The page's lines in reading order with the OCR evidence of every token. */
export function layoutPage(rec: OcrPageRecord): LaidOutPage {
  const wordHeights: number[] = [];
  for (const b of rec.blocks) for (const p of b.paragraphs) for (const l of p.lines) for (const w of l.words) if (HAS_ALNUM.test(w.text)) wordHeights.push(height(w.box));
  const lineHeight = Math.max(1, median(wordHeights));
  const raw: RawLine[] = [];
  let para = 0;
  for (const b of rec.blocks) {
    for (const p of b.paragraphs) {
      for (const l of p.lines) {
        const words = l.words.filter((w) => w.text.trim() !== '');
        if (words.length === 0) continue;
        const lh = Math.max(lineHeight * 0.5, median(words.filter((w) => HAS_ALNUM.test(w.text)).map((w) => height(w.box))) || lineHeight);
        raw.push({ words, box: boxOf(words), lh, para, paraBox: p.box, gaps: gapsOf(words, lh) });
      }
      para++;
    }
  }
  const segs: Segment[] = [];
  const cuts = columnCuts(raw);
  raw.forEach((l, i) => {
    const parts = cutAt(l.words, cuts[i]);
    for (const part of parts) {
      const kept = peelSpecks(part, l.lh);
      if (kept.length === 0) continue;
      segs.push({ words: kept, box: boxOf(kept), para: l.para, paraBox: l.paraBox, cut: parts.length > 1 });
    }
  });
  const rows = rowsOf(segs);
  // page numbers: alone in the first or last row, in the top or bottom tenth of the page
  const pageH = rec.height || Math.max(...segs.map((s) => s.box[3]), 1);
  const isPageNumber = (r: Segment[]) => r.length === 1 && PAGE_NUMBER.test(r[0].words.map((w) => w.text).join(' ')) && (r[0].box[3] < 0.1 * pageH || r[0].box[1] > 0.9 * pageH);
  while (rows.length > 0 && isPageNumber(rows[0])) rows.shift();
  while (rows.length > 0 && isPageNumber(rows[rows.length - 1])) rows.pop();

  for (const r of rows) mergeSplitRow(r, lineHeight);
  const regions = twoColumnRegions(rows, lineHeight);
  const ordered: Segment[] = [];
  const inRegion = new Set<Segment>();
  let r = 0;
  for (const g of regions) {
    for (; r < g.first; r++) ordered.push(...rows[r]);
    const segsOf = readRegion(rows.slice(g.first, g.last + 1), g.split, lineHeight);
    for (const s of segsOf) inRegion.add(s);
    ordered.push(...segsOf);
    r = g.last + 1;
  }
  for (; r < rows.length; r++) ordered.push(...rows[r]);
  // segments of a two-column region are never joined into paragraphs
  for (const s of inRegion) s.cut = true;
  // the letterhead's number and place-date lines: blanks filled by hand are left out
  const pageTop = 0.3 * pageH;
  for (const s of ordered) {
    if (s.box[1] < pageTop && /(?:^|\s)(?:Số\s*:|ngày)/u.test(s.words.map((w) => w.text).join(' '))) s.words = dropHandwrittenFields(s.words);
  }
  const lines = joinParagraphs(ordered, lineHeight);
  return {
    lines: lines.map((l) => l.words.map((w) => readingOf(w.text)).join(' ')),
    tokens: lines.map((l) => l.words.map(tokenInfo)),
    printedLines: lines.map((l) => l.printed),
  };
}
