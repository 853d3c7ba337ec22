import type { ColumnRole, TableBlock, TableRow } from '../../schemas/index.ts';
import { UNIT_OPENING } from '../gazetteer/units.ts';
import { parseMarker } from './markers.ts';
import { foldVietnamese, upperShare } from './text.ts';

/**
 * Tables of a document, however they were printed:
 *  - a reader's table (DOCX, ODT, HTML) whose cell structure ingest kept (`fromLayout`);
 *  - one cell per line, the way text copied out of a PDF reads ("STT" / "Nội dung" / "Chủ trì" /
 *    … then "1" / "Rà soát …" / "Sở Tài chính" / …);
 *  - cells separated by tabs or by runs of spaces (plain text, some OCR).
 * The header row is found by what its cells mean (nội dung, chủ trì, phối hợp, thời gian …);
 * rows start at their number, and a row whose empty cells left no line is aligned to the
 * columns by what each cell looks like (a unit, a time, a sentence).
 */

/** Meaning of a header cell, from its words (folded). Checked in order: "đơn vị tính" is no unit. */
const ROLE_WORDS: [ColumnRole, RegExp][] = [
  ['number', /^(?:s?tt|so tt|so thu tu|thu tu|số tt)$/],
  ['measure', /\b(?:don vi tinh|dvt)\b/],
  ['partner', /\bphoi hop\b/],
  ['timeline', /\b(?:thoi gian|thoi han|tien do|moc thoi gian|lo trinh)\b/],
  ['lead', /\b(?:chu tri|don vi thuc hien|co quan thuc hien|don vi tham muu|co quan tham muu|don vi chu tri|trach nhiem thuc hien|phan cong|don vi|co quan|thuc hien)\b/],
  ['timeline', /\b(?:hoan thanh)\b/],
  ['product', /\b(?:san pham|ket qua|hinh thuc van ban|du kien san pham)\b/],
  ['note', /\b(?:ghi chu)\b/],
  ['target', /\b(?:chi tieu|muc tieu)\b/],
  ['title', /\b(?:noi dung|nhiem vu|cong viec|hoat dong|giai phap|ten|danh muc|de an|chuong trinh|linh vuc)\b/],
  ['value', /\b(?:nam (?:19|20)\d{2}|(?:19|20)\d{2}|gia tri|so luong|ty le|uoc|muc)\b/],
];

/**
 * A header that opens with what is done ("Nội dung thực hiện", "Nhiệm vụ cụ thể", "Công việc
 * triển khai") names the title column whatever follows: "thực hiện" there qualifies the content,
 * it does not name who does it. A goal column ("Nội dung chỉ tiêu") is still a target.
 */
const TITLE_OPENING = /^(?:noi dung|nhiem vu|cong viec|hoat dong)\b(?!.*\b(?:chi tieu|muc tieu)\b)/;

export function columnRole(header: string): ColumnRole {
  const f = foldVietnamese(header);
  if (!f) return 'other';
  if (TITLE_OPENING.test(f)) return 'title';
  for (const [role, re] of ROLE_WORDS) if (re.test(f)) return role;
  return 'other';
}

/** A header cell: a short label, not a sentence. */
function headerLike(t: string): boolean {
  const words = t.trim().split(/\s+/);
  return t.trim().length > 0 && t.trim().length <= 60 && words.length <= 9 && !/[.;]$/.test(t.trim()) && !/^[-+•·*]/.test(t.trim());
}

/** Roles of a header row: a table needs ≥ 3 columns, ≥ 2 of them recognised, one of them what is done or counted. */
function headerRoles(cells: string[]): ColumnRole[] | null {
  if (cells.length < 3 || !cells.every(headerLike)) return null;
  const roles = cells.map(columnRole);
  const known = roles.filter((r) => r !== 'other');
  if (known.length < 2) return null;
  if (!roles.includes('title') && !roles.includes('target')) return null;
  if (!roles.some((r) => r === 'lead' || r === 'partner' || r === 'timeline' || r === 'number' || r === 'value' || r === 'measure' || r === 'product')) return null;
  return roles;
}

const ROMAN = /^[IVXL]{1,5}$/;
/** A row's number alone on its line: "1", "1.", "2.3", "I", "II.", "A", "a)". */
const ROW_NUMBER = /^(?:(\d{1,3}(?:\.\d{1,2}){0,2}|[IVX]{1,4}\.\d{1,2})|([IVXL]{1,5})|([A-ZĐ])|([a-zđ]))\s*[.)]?$/u;

function parseRowNumber(t: string): string | null {
  // (OCR specks after a number alone on its line: "7 ;", "2 :")
  const m = ROW_NUMBER.exec(t.trim().replace(/^(\S{1,5})\s+[;:,'"‘’`]$/u, '$1'));
  if (!m) return null;
  if (m[2] && !/^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|L)$/.test(m[2])) return null;
  return (m[1] ?? m[2] ?? m[3] ?? m[4]).replace(/\.$/, '');
}

/**
 * `next` is the number right after `prev`: "3" after "2", "2.2" after "2.1", "2.1" under "2", and
 * "3" after "2.4" (the next group): it starts a row even when the row above left cells empty.
 */
function sequenceNext(prev: string, next: string): boolean {
  const p = prev.split('.');
  const n = next.split('.');
  if (!p.every((x) => /^\d+$/.test(x)) || !n.every((x) => /^\d+$/.test(x))) return false;
  if (n.length === p.length) return n.slice(0, -1).join('.') === p.slice(0, -1).join('.') && Number(n[n.length - 1]) === Number(p[p.length - 1]) + 1;
  if (n.length === p.length + 1) return n.slice(0, -1).join('.') === prev && n[n.length - 1] === '1';
  if (n.length < p.length) return Number(n[n.length - 1]) === Number(p[n.length - 1]) + 1 && n.slice(0, -1).join('.') === p.slice(0, n.length - 1).join('.');
  return false;
}

/** Letters OCR gives for digits. */
const DIGIT_LOOKALIKE: Record<string, string> = { S: '5', s: '5', O: '0', o: '0', l: '1', I: '1', i: '1', '|': '1', Z: '2', z: '2', B: '8', G: '6', g: '9' };

/** A damaged group numeral: the roman numeral it may stand for ("Iv" → IV, "l1" → II), else the token as read. */
function romanLike(t: string): string {
  const r = t.replace(/[l1|]/g, 'I').replace(/v/g, 'V').toUpperCase();
  return /^[IVX]{1,4}$/.test(r) ? r : t;
}

/** Whether `next` can follow `prev` in a table's numbering (sequence, restart, sub-row, group). */
function follows(prev: string | null, next: string): boolean {
  if (prev === null) return true;
  const n = /^\d/.test(next) ? next.split('.').map(Number) : null;
  const p = /^\d/.test(prev) ? prev.split('.').map(Number) : null;
  if (n && p) {
    if (n.length === 1) return n[0] === p[0] + 1 || n[0] === 1 || (p.length > 1 && n[0] === p[0] + 1);
    if (n.length === p.length) return n[n.length - 1] === p[p.length - 1] + 1 || n[n.length - 1] === 1;
    return n.length === p.length + 1 ? n[n.length - 1] === 1 : true;
  }
  // a group numeral or letter may come after any row; a row number restarts after a group
  if (n) return n[0] === 1 || n.length > 1;
  return ROMAN.test(next) || /^[A-ZĐ]$/.test(next) || /^[a-zđ]$/.test(next);
}

const TIME_CELL = /^(?:thường xuyên|hằng|hàng|định kỳ|quý|tháng|năm|trước|sau|từ|đến|trong|giai đoạn|dự kiến|hoàn thành|ngày\s+\d|chậm nhất|theo (?:tiến độ|kế hoạch|yêu cầu|lộ trình)|khi|cả năm|liên tục|(?:19|20)\d{2}|\d{1,2}\s*\/\s*(?:\d{1,2}\s*\/\s*)?(?:19|20)\d{2}|[IVX]+\s*\/\s*(?:19|20)\d{2})/iu;

/** What a cell looks like: a time, a unit (or list of units), a sentence, a number, or other text. */
type Shape = 'time' | 'unit' | 'long' | 'number' | 'short' | 'empty';

export function cellShape(t: string): Shape {
  // (OCR specks before a cell: quotes, dots)
  const s = t.trim().replace(/^[“"'‘’.,:;·•]+\s*/u, '');
  if (!s) return 'empty';
  const words = s.split(/\s+/).length;
  // a year alone ("2025") is when a row is due, not a figure
  if (/^(?:19|20)\d{2}\.?$/.test(s)) return 'time';
  if (/^[\d.,]+\s*%?$/.test(s)) return 'number';
  if (TIME_CELL.test(s) && words <= 16) return 'time';
  if (UNIT_OPENING.test(s.replace(/^[-+•·]\s*/, '')) && words <= 30 && !/\.\s+\p{Lu}/u.test(s)) return 'unit';
  if (words > 8) return 'long';
  return 'short';
}

/** How well a cell of each shape fits a column of each role (alignCells' score). */
export const CELL_FIT: Record<ColumnRole, Partial<Record<ReturnType<typeof cellShape>, number>>> = {
  number: { number: 2, short: 0, long: -3, unit: -3, time: -2 },
  title: { long: 3, short: 1.5, unit: 0.5, time: -1, number: -1 },
  target: { long: 3, short: 1.5, unit: 0.5, time: -1, number: -1 },
  lead: { unit: 3, short: 0.2, long: -0.5, time: -2, number: -2 },
  partner: { unit: 2.9, short: 0.2, long: -0.5, time: -2, number: -2 },
  timeline: { time: 3, short: 0.3, unit: -2, long: -1.5, number: 0 },
  product: { short: 1, long: 1, unit: -0.5, time: -0.5, number: 0 },
  note: { short: 0.5, long: 0.5, unit: -0.5, time: -0.5, number: 0 },
  measure: { short: 1, number: -1, long: -2, unit: -1, time: -1 },
  value: { number: 3, short: 0.2, long: -2, unit: -2, time: -0.5 },
  other: { short: 0.5, long: 0.5, unit: 0, time: 0, number: 0.5 },
};

function fit(shape: ReturnType<typeof cellShape>, role: ColumnRole): number {
  return CELL_FIT[role][shape] ?? 0;
}

/** A cell line that continues the one before it: a bullet or a lower-case start. */
function continues(t: string): boolean {
  return /^[-+•·*]\s*\S/.test(t.trim()) || /^\p{Ll}/u.test(t.trim());
}

/**
 * A line that wraps onto the next (OCR of a narrow column): a long line without a sentence end,
 * then a short one that is neither a time nor another unit's start.
 */
function wraps(prev: string, next: string): boolean {
  if (/[.;:!?]["”)]?$/.test(prev.trim()) || prev.trim().split(/\s+/).length < 6) return false;
  const shape = cellShape(next);
  return next.trim().split(/\s+/).length <= 6 && (shape === 'short' || shape === 'long');
}

/**
 * Aligns a row's cell texts to the columns, in order: empty cells left no text, and a cell may
 * run over several lines (bullets under a task). Dynamic programming over contiguous groups.
 */
export function alignCells(cells: string[], roles: ColumnRole[]): string[] {
  const m = cells.length;
  const n = roles.length;
  // (as many lines as columns is no proof: a wrapped or lower-case continued line takes a column's place)
  if (m === n && !cells.some((c, x) => x > 0 && (wraps(cells[x - 1], c) || /^\p{Ll}/u.test(c.trim())))) return cells;
  const NEG = -1e9;
  const dp = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(NEG));
  const back = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(-1));
  dp[0][0] = 0;
  // A row may run over hundreds of lines (a table's last row before text that ends no table): a
  // group's cost must not be recomputed from its lines for every (group, column), which made this
  // O(columns × lines³). For each start k the groups [k, i) grow one line at a time, so their
  // merge evidence is a running sum, kept for each shape (the fit comes first, then each line's
  // evidence, the very additions of the first version: a tie between groupings resolves as
  // before). A group of more than 32 words is 'long' whatever it says (cellShape: no time, unit
  // or number runs so long; stripping a leading speck removes at most one word), so only short
  // groups are joined and read.
  const merge: number[] = [0];
  for (let g = 1; g < m; g++) merge.push(continues(cells[g]) || wraps(cells[g - 1], cells[g]) ? 0.5 : -1.5);
  const words = [0];
  for (let g = 0; g < m; g++) words.push(words[g] + (cells[g].trim() ? cells[g].trim().split(/\s+/).length : 0));
  const shapes = new Map<number, Shape>();
  const shapeOf = (k: number, i: number): Shape => {
    if (words[i] - words[k] > 32) return 'long';
    const key = k * (m + 1) + i;
    let shape = shapes.get(key);
    if (shape === undefined) shapes.set(key, (shape = cellShape(cells.slice(k, i).join(' '))));
    return shape;
  };
  const SHAPES: Shape[] = ['time', 'unit', 'long', 'number', 'short', 'empty'];
  const run = new Array<number>(SHAPES.length);
  for (let j = 1; j <= n; j++) {
    // column j-1 takes cells [k, i); among equal scores the largest k wins (the first version
    // tried k from i down with a strict comparison)
    for (let k = 0; k <= m; k++) {
      const from = dp[k][j - 1];
      if (from === NEG) continue;
      // an empty column: a small cost, larger to the right (a partner is left empty before a lead)
      const empty = from + -0.05 * j;
      if (empty >= dp[k][j]) {
        dp[k][j] = empty;
        back[k][j] = k;
      }
      SHAPES.forEach((shape, x) => (run[x] = fit(shape, roles[j - 1])));
      for (let i = k + 1; i <= m; i++) {
        // a wrapped or continued line belongs with the line before it (a little evidence for merging)
        if (i > k + 1) for (let x = 0; x < run.length; x++) run[x] += merge[i - 1];
        const score = from + run[SHAPES.indexOf(shapeOf(k, i))];
        if (score >= dp[i][j]) {
          dp[i][j] = score;
          back[i][j] = k;
        }
      }
    }
  }
  const out = new Array<string>(n).fill('');
  let i = m;
  for (let j = n; j >= 1; j--) {
    const k = back[i][j];
    out[j - 1] = cells.slice(k, i).join('\n');
    i = k;
  }
  return out;
}

/** A row numbered on its content line: "1. Rà soát …", "2.1) Xây dựng …". */
const INLINE_ROW = /^(\d{1,3}(?:\.\d{1,2}){0,2})[.)]\s+(\S.*)$/u;

/**
 * A group row printed on one line ("II. NHÓM NHIỆM VỤ VỀ HẠ TẦNG", "B. CÁC CHI BỘ"): a numeral or
 * letter and a capitalised name, followed by a row of the table (a number) — a section heading
 * after a table is followed by prose instead.
 */
function inlineGroup(lines: string[], k: number): { number: string; text: string } | null {
  const m = /^([IVX]{1,4}|[A-ZĐ])[.)]\s+(\p{Lu}.{2,})$/u.exec((lines[k] ?? '').trim());
  if (!m || upperShare(m[2]) < 0.8) return null;
  const next = (lines.slice(k + 1).find((l) => l.trim()) ?? '').trim();
  return parseRowNumber(next) !== null || INLINE_ROW.test(next) ? { number: m[1], text: m[2].trim() } : null;
}

/** A line of dots or ellipses only: rows left out where a table was excerpted. */
const ELISION = /^[.…·]{3,}$/u;
/** The group cell of such a gap: its numeral is not printed (see extractTableTasks). */
export const ELIDED_GROUP = '…';

/** A short token within two lines above line i that may be the number column's damaged label, or -1. */
function numberLabelAbove(lines: string[], i: number, taken: Set<number>): number {
  for (let x = i - 1; x >= Math.max(0, i - 3); x--) {
    const t = lines[x].trim();
    if (!t) continue;
    // (above the header it is no row: "E" or "RE" there is what OCR left of "TT")
    return t.length <= 6 && !taken.has(x) && !/[.:;)]$/.test(t) && !/^\d+$/.test(t) ? x : -1;
  }
  return -1;
}

/** The next `n` non-empty lines after line k (0-based), trimmed. */
function linesAfter(lines: string[], k: number, n: number): string[] {
  const out: string[] = [];
  for (let x = k + 1; x < lines.length && out.length < n; x++) if (lines[x].trim()) out.push(lines[x].trim());
  return out;
}

/**
 * The numeral at line k has one cell (a name, maybe wrapped over a few lines), then a row numbered
 * 1: it heads a group of rows. A row's own cells run longer and lead to the next number instead.
 */
function opensGroup(lines: string[], k: number): boolean {
  const after = linesAfter(lines, k, 5);
  const first = after.findIndex((t) => parseRowNumber(t) !== null || /^\d[.)]\s/.test(t));
  return first >= 1 && first <= 4 && after.slice(0, first).every((t) => /\p{L}{2}/u.test(t) && cellShape(t) !== 'unit' && cellShape(t) !== 'time') && (parseRowNumber(after[first]) === '1' || /^1[.)]\s/.test(after[first]));
}

const TABLE_END = /^(?:nơi nhận|noi nhan|trên đây là|tren day la|phụ lục|phu luc|tm\.|kt\.|t\/m|k\/t)\b/iu;

interface RawRow {
  /** Known to head a group of rows (see opensGroup), whatever its numeral or name look like. */
  group?: boolean;
  number: string | null;
  cells: string[];
  start: number;
  end: number;
}

/** Group row: a roman or letter numeral (or none) with a single cell, or a single capitalised cell. */
function isGroup(r: RawRow, columns: number): boolean {
  if (r.group || r.number === ELIDED_GROUP) return true;
  if (columns <= 2 || !r.cells.length) return false;
  // a group name OCR wrapped over lines stays one name
  if (r.cells.length > 1 && !(r.cells.every((c) => upperShare(c) > 0.8) && r.cells.join(' ').split(/\s+/).length <= 25)) return false;
  const t = r.cells.join(' ');
  if (r.number && (ROMAN.test(r.number) || /^[A-ZĐ]$/.test(r.number))) return true;
  return upperShare(t) > 0.8 && t.split(/\s+/).length >= 2;
}

function finishRows(raw: RawRow[], roles: ColumnRole[]): TableRow[] {
  const numberCol = roles.indexOf('number');
  const dataRoles = roles.filter((_, k) => k !== numberCol);
  return raw.map((r, x) => {
    // a row whose sub-rows carry its number ("2" over "2.1", "2.2") heads them
    const parent = r.number !== null && r.cells.length <= 2 && (raw[x + 1]?.number ?? '').startsWith(`${r.number}.`);
    const group = isGroup(r, roles.length) || (parent && r.cells.length === 1);
    const aligned = group ? [r.cells.join(' '), ...new Array(dataRoles.length - 1).fill('')] : alignCells(r.cells, dataRoles);
    const cells = numberCol >= 0 ? [...aligned.slice(0, numberCol), r.number ?? '', ...aligned.slice(numberCol)] : aligned;
    return { cells, startLine: r.start, endLine: r.end, group };
  });
}

/** Tables printed one cell per line, from a header run of label lines (0-based `lines`, 1-based output). */
export function findCellTables(lines: string[], taken: Set<number>): TableBlock[] {
  const out: TableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (taken.has(i)) continue;
    const first = lines[i].trim();
    if (!first || !headerLike(first) || columnRole(first) === 'other' || parseMarker(first)) continue;
    // the header: consecutive label lines up to the first row number (a numbered heading is none)
    const header: string[] = [];
    // where the table starts: the header may turn out to begin above or below line i, but the scan
    // goes on from i + 1 when no table is found here (else a label found above would be seen again)
    let start = i;
    let j = i;
    while (j < lines.length && header.length < 12) {
      const t = lines[j].trim();
      // (OCR puts blank lines between the cells)
      if (!t && header.length && j + 1 < lines.length && lines[j + 1].trim()) {
        j++;
        continue;
      }
      if (!t || taken.has(j) || !headerLike(t) || parseRowNumber(t) !== null || parseMarker(t) || !/\p{L}{2}/u.test(t)) break;
      header.push(t);
      j++;
    }
    while (j < lines.length && !lines[j].trim()) j++;
    // the number column comes first: labels before it are the table's title ("DANH MỤC NHIỆM VỤ")
    const numberAt = header.findIndex((h) => columnRole(h) === 'number');
    if (numberAt > 0) {
      header.splice(0, numberAt);
      start += numberAt;
    }
    // a two-level header read row by row: the parent ("Đơn vị thực hiện") in the first row, its
    // sub-columns ("Chủ trì", "Phối hợp") after the last cell of that row; they take its place
    const subs = header.length >= 4 ? header.slice(-2) : [];
    if (subs.length === 2 && columnRole(subs[0]) === 'lead' && columnRole(subs[1]) === 'partner' && /chu tri/.test(foldVietnamese(subs[0]))) {
      const parent = header.slice(0, -2).findIndex((h) => columnRole(h) === 'lead' && !/chu tri|phoi hop/.test(foldVietnamese(h)));
      if (parent >= 0) header.splice(parent, 1, ...header.splice(-2, 2));
    }
    // a parent header over its sub-columns ("Đơn vị thực hiện" over "Chủ trì" / "Phối hợp")
    for (let k = 0; k + 2 < header.length; k++) {
      const rs = [columnRole(header[k]), columnRole(header[k + 1]), columnRole(header[k + 2])];
      if (rs[0] === 'lead' && rs[1] === 'lead' && rs[2] === 'partner' && !/chu tri/.test(foldVietnamese(header[k]))) header.splice(k, 1);
    }
    const firstNumber = (t: string) => t.length <= 4 && t.replace(/[^\p{L}\p{N}|]/gu, '').split('').map((ch) => DIGIT_LOOKALIKE[ch] ?? ch).join('') === '1';
    // a group numeral OCR damaged ("A J") over a capitalised group name
    const damagedGroup = (x: number) => {
      const t = (lines[x] ?? '').trim();
      const after = (lines.slice(x + 1).find((l) => l.trim()) ?? '').trim();
      return t.length <= 4 && !/\d/.test(t) && upperShare(after) > 0.8 && after.split(/\s+/).length >= 2;
    };
    const startsRow = (x: number) => parseRowNumber((lines[x] ?? '').trim()) !== null || inlineGroup(lines, x) !== null || INLINE_ROW.test((lines[x] ?? '').trim()) || firstNumber((lines[x] ?? '').trim()) || damagedGroup(x);
    let roles = headerRoles(header);
    // OCR may destroy the number column's label ("TT" read as "2 Bl", "RE"): a short token just
    // above a header that opens with the content column stands for it when a row follows the header
    const lostNumber = roles && !roles.includes('number') && roles[0] === 'title' && startsRow(j) ? numberLabelAbove(lines, start, taken) : -1;
    if (roles && lostNumber >= 0) {
      header.unshift(lines[lostNumber].trim());
      roles = ['number', ...roles];
      start = lostNumber;
    }
    // one cell per line is how wrapped title lines read too: such a table has its number column
    if (!roles || j >= lines.length || !roles.includes('number')) continue;
    if (roles.includes('number') && !startsRow(j) && !startsRow(j + header.length)) continue;
    const dataColumns = roles.filter((r) => r !== 'number').length;
    const hasNumber = roles.includes('number');
    // a row numbering the columns ("1" / "2" / … or "(1)" / "(2)" / …) under the header is no data
    const columnNumbers = header.map((_, c) => lines[j + c]?.trim() ?? '');
    if (columnNumbers.every((t, c) => t === String(c + 1) || t === `(${c + 1})`)) j += header.length;
    const raw: RawRow[] = [];
    let cur: RawRow | null = null;
    let prevNumber = null as string | null;
    let k = j;
    for (; k < lines.length; k++) {
      const t = lines[k].trim();
      if (!t) continue;
      if (taken.has(k) || TABLE_END.test(t)) break;
      // rows left out of an excerpt ("……………"): what follows sits under a group whose row went too,
      // so numbering may restart; the gap stands as a group row (the numeral is resolved by the reader)
      if (ELISION.test(t)) {
        if (cur) raw.push(cur);
        cur = { number: ELIDED_GROUP, cells: [ELIDED_GROUP], start: k + 1, end: k + 1 };
        prevNumber = null;
        continue;
      }
      // the header printed again where the table continues on a new page
      if (t === header[0] && header.every((h, c) => (lines[k + c] ?? '').trim() === h)) {
        k += header.length - 1;
        continue;
      }
      let num = hasNumber ? parseRowNumber(t) : null;
      // a numeral with one cell over the group's first row ("II" / "Xây dựng hạ tầng …" / "1") is a
      // group row whatever the case of its name, even when the row above left cells empty
      // (also a "1" over one cell and another row 1: a group numeral OCR turned into a digit)
      // (and a short word OCR made of the numeral, "Về" for "V" or "11" for "III", after a row with cells)
      const damagedNumeral: boolean = hasNumber && (num === null ? !/\d/.test(t) : /^[1lI|]{2,3}$/.test(t)) && t.length <= 4 && cur !== null && cur.cells.length >= 2;
      if ((damagedNumeral || (num !== null && (ROMAN.test(num) || /^[A-ZĐ]$/.test(num) || (num === '1' && (!cur || cur.cells.length >= 2))))) && opensGroup(lines, k)) {
        if (cur) raw.push(cur);
        cur = { number: damagedNumeral ? romanLike(t) : num, cells: [], start: k + 1, end: k + 1, group: true };
        continue;
      }
      // a number with a speck after it ("2 4" where 2 is due)
      const specked = /^(\d{1,3})\s+\S{1,2}$/u.exec(t);
      if (hasNumber && num === null && specked && prevNumber !== null && sequenceNext(prevNumber, specked[1])) num = specked[1];
      // OCR reads a row number as a look-alike letter ("S" for 5): taken where the sequence expects it
      const expected: string | null = prevNumber !== null && /^\d+$/.test(prevNumber) ? String(Number(prevNumber) + 1) : !cur ? '1' : null;
      const bare = t.replace(/[^\p{L}\p{N}|]/gu, '');
      const nextLine = (lines.slice(k + 1).find((l) => l.trim()) ?? '').trim();
      const overGroupName = upperShare(nextLine) > 0.8 && nextLine.split(/\s+/).length >= 2;
      if (hasNumber && (num === null || !/^\d/.test(num)) && !overGroupName && expected && bare.length === expected.length && t.length <= 4 && /\D/.test(bare) && [...bare].every((ch, x) => (DIGIT_LOOKALIKE[ch] ?? ch) === expected[x])) num = expected;
      // … or as a speck or a wrong digit ("=", "5") where the next number is due, after a full row and
      // over a content cell
      if (hasNumber && expected && t.length <= 2 && (num === null || !follows(prevNumber, num)) && cur !== null && cur.cells.length >= dataColumns && cellShape(nextLine) === 'long') num = expected;
      // a group numeral OCR turned into a short word ("Hội" for "III", "Iv") over a capitalised group name
      if (hasNumber && num === null && (!cur || cur.cells.length >= 2) && t.length <= 4 && !/\d/.test(t)) {
        const after = (lines.slice(k + 1).find((l) => l.trim()) ?? '').trim();
        if (upperShare(after) > 0.8 && after.split(/\s+/).length >= 2 && !parseRowNumber(after)) num = romanLike(t);
      }
      // a group row on one line ("II. NHÓM NHIỆM VỤ …") over the next row
      const group: { number: string; text: string } | null = hasNumber && num === null ? inlineGroup(lines, k) : null;
      if (group && (!cur || cur.cells.length >= 2)) {
        if (cur) raw.push(cur);
        cur = { number: group.number, cells: [group.text], start: k + 1, end: k + 1 };
        continue;
      }
      // a row whose number shares the line with its content ("1. Rà soát …"), after a complete row
      const inline: RegExpExecArray | null = hasNumber && num === null ? INLINE_ROW.exec(t) : null;
      if (inline && (!cur || cur.cells.length >= dataColumns) && follows(prevNumber, inline[1]) && inline[2].split(/\s+/).length >= 2) {
        if (cur) raw.push(cur);
        cur = { number: inline[1], cells: [inline[2]], start: k + 1, end: k + 1 };
        prevNumber = inline[1];
        continue;
      }
      const complete = !cur || cur.cells.length >= dataColumns || isGroup(cur, roles.length);
      // a number that goes on the sequence starts the next row even when the row above left cells empty;
      // a restart at 1 or a group numeral only after a complete row (else it is a cell's value)
      const next = num !== null && prevNumber !== null && sequenceNext(prevNumber, num);
      // a group numeral ("B") over a capitalised group name also ends a row that left cells empty
      const groupNext = num !== null && (ROMAN.test(num) || /^[A-ZĐ]$/.test(num)) && upperShare((lines[k + 1] ?? '').trim()) > 0.8 && (lines[k + 1] ?? '').trim().split(/\s+/).length >= 2;
      const numeric = num !== null && /^\d/.test(num);
      // a number out of sequence after a complete row, whose own sequence goes on ("3", "4" after "8"
      // where OCR lost a group row and the row numbered 2), resumes the rows
      const resumes = numeric && cur !== null && cur.cells.length >= dataColumns && /^\d+$/.test(num!) && linesAfter(lines, k, dataColumns + 8).some((x) => parseRowNumber(x) === String(Number(num) + 1));
      if (num !== null && (follows(numeric ? prevNumber : null, num) || resumes) && (complete || (next && cur!.cells.length >= 1) || (groupNext && cur!.cells.length >= 2))) {
        if (cur) raw.push(cur);
        cur = { number: num, cells: [], start: k + 1, end: k + 1 };
        // row numbers run on (or restart) across group rows: the sequence is the rows'
        if (numeric) prevNumber = num;
        continue;
      }
      // a long paragraph after a complete row ends the table, unless the rows go on after it: then
      // it opens an unnumbered sub-row (its cells, then the next row's number)
      // (OCR wraps such a cell over short lines: a sentence of more than 8 words is enough then)
      if (cur && cur.cells.length >= dataColumns && !continues(t) && cellShape(t) === 'long' && cur.number !== null) {
        const goesOn = prevNumber !== null && linesAfter(lines, k, dataColumns + 6).some((x) => { const n = parseRowNumber(x); return n !== null && sequenceNext(prevNumber!, n); });
        if (goesOn) {
          raw.push(cur);
          cur = { number: null, cells: [], start: k + 1, end: k + 1 };
        } else if (t.split(/\s+/).length > 25) break;
      }
      // a section heading ("II. KINH PHÍ") ends it too
      if (/^[IVX]{1,4}\.\s+\p{Lu}/u.test(t) && upperShare(t) > 0.8) break;
      if (!cur) {
        if (hasNumber) break;
        cur = { number: null, cells: [], start: k + 1, end: k + 1 };
      } else if (!hasNumber && cur.cells.length >= dataColumns && !continues(t)) {
        raw.push(cur);
        cur = { number: null, cells: [], start: k + 1, end: k + 1 };
      }
      cur.cells.push(t);
      cur.end = k + 1;
    }
    if (cur) raw.push(cur);
    if (raw.filter((r) => r.cells.length >= 2).length === 0) continue;
    const rows = finishRows(raw, roles);
    const end = rows[rows.length - 1].endLine;
    for (let x = start; x < end; x++) taken.add(x);
    out.push({ startLine: start + 1, endLine: end, columns: header.map((h, c) => ({ header: h, role: roles[c] })), rows, layout: 'cells' });
    i = end - 1;
  }
  return out;
}

/** Tables whose cells a line separates with tabs, or with runs of two or more spaces. */
export function findSeparatedTables(lines: string[], taken: Set<number>): TableBlock[] {
  const out: TableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (taken.has(i)) continue;
    const line = lines[i];
    const layout: 'tabs' | 'spaces' | null = line.includes('\t') ? 'tabs' : /\S {2,}\S/.test(line.trim()) ? 'spaces' : null;
    if (!layout) continue;
    const split = (l: string) => (layout === 'tabs' ? l.split('\t') : l.trim().split(/ {2,}/)).map((c) => c.trim());
    const header = split(line);
    const roles = headerRoles(header.filter((c, k) => c || k < header.length - 1));
    if (!roles || roles.length !== header.length) continue;
    const raw: { cells: string[]; start: number; end: number }[] = [];
    let k = i + 1;
    for (; k < lines.length; k++) {
      const l = lines[k];
      if (!l.trim()) {
        if (raw.length && !(lines[k + 1] ?? '').match(layout === 'tabs' ? /\t/ : / {2,}\S/)) break;
        continue;
      }
      if (taken.has(k) || TABLE_END.test(l.trim())) break;
      const separated = layout === 'tabs' ? l.includes('\t') : / {2,}\S/.test(l.trim());
      const cells = separated ? split(l) : [l.trim()];
      // a line whose first field is empty continues the row above (a cell's further paragraphs)
      if (raw.length && (!separated || cells[0] === '') && !(separated && parseRowNumber(cells[0] ?? '') !== null)) {
        const prev = raw[raw.length - 1];
        // a line without columns continues a cell only when it reads as one (a bullet, a lower-case start)
        if (!separated && !continues(l)) break;
        if (separated) cells.forEach((c, x) => { if (c) prev.cells[x] = prev.cells[x] ? `${prev.cells[x]}\n${c}` : c; });
        else prev.cells[Math.max(0, roles.indexOf('title'))] += `\n${l.trim()}`;
        prev.end = k + 1;
        continue;
      }
      if (!separated) break;
      raw.push({ cells, start: k + 1, end: k + 1 });
    }
    if (!raw.length) continue;
    const numberCol = roles.indexOf('number');
    const rows: TableRow[] = raw.map((r) => {
      const cells = roles.map((_, c) => r.cells[c] ?? '');
      const filled = cells.filter((c) => c.trim()).length;
      const single = filled === 1 || (filled === 2 && numberCol >= 0 && cells[numberCol].trim() !== '');
      const num = numberCol >= 0 ? cells[numberCol].trim() : '';
      const group = single && roles.length > 2 && ((num !== '' && (ROMAN.test(num) || /^[A-ZĐ]$/.test(num))) || upperShare(cells.join(' ')) > 0.8);
      return { cells, startLine: r.start, endLine: r.end, group };
    });
    const end = rows[rows.length - 1].endLine;
    for (let x = i; x < end; x++) taken.add(x);
    out.push({ startLine: i + 1, endLine: end, columns: header.map((h, c) => ({ header: h, role: roles[c] })), rows, layout });
    i = end - 1;
  }
  return out;
}

/** A reader's table, in document line numbers (1-based): rows with their cells' grid spans. */
export interface DocTableLayout {
  rows: { first: number; last: number; cells: { span: number; continued: boolean }[] }[];
}

/**
 * A reader's table (its structure kept by ingest) as a TableBlock: cell texts read back from the
 * (repaired) lines, merged cells filled from above, the header rows found by meaning.
 */
export function fromLayout(lines: string[], t: DocTableLayout): TableBlock | null {
  if (!t.rows.length) return null;
  // the grid: every row's cells expanded over their spans
  const grid: { text: string; continued: boolean }[][] = t.rows.map((r) => {
    const fields: string[][] = [];
    for (let n = r.first; n <= r.last; n++) {
      (lines[n - 1] ?? '').split('\t').forEach((f, k) => {
        (fields[k] ??= []).push(f.trim());
      });
    }
    const cells: { text: string; continued: boolean }[] = [];
    r.cells.forEach((c, k) => {
      const text = (fields[k] ?? []).filter(Boolean).join('\n');
      for (let s = 0; s < c.span; s++) cells.push({ text: s === 0 ? text : '', continued: c.continued });
    });
    return cells;
  });
  const width = Math.max(...grid.map((r) => r.length));
  // merged cells take the text above them
  for (let r = 1; r < grid.length; r++) {
    for (let c = 0; c < width; c++) if (grid[r][c]?.continued && !grid[r][c].text) grid[r][c] = { text: grid[r - 1][c]?.text ?? '', continued: true };
  }
  // header rows: the first one or two rows, combined per column ("Đơn vị thực hiện" + "Chủ trì")
  let headerRows = 0;
  let roles: ColumnRole[] | null = null;
  let headers: string[] = [];
  for (const n of [1, 2]) {
    if (grid.length < n) break;
    const texts = Array.from({ length: width }, (_, c) => {
      const parts: string[] = [];
      for (let r = 0; r < n; r++) {
        const cell = grid[r][c];
        if (cell && cell.text && !(r > 0 && cell.continued) && !parts.includes(cell.text)) parts.push(cell.text);
      }
      return parts.join(' ');
    });
    // a parent cell spanning columns leaves them empty in its own row: the sub-header names them
    const r = headerRoles(texts.map((x) => x || '-').map((x, c) => (x === '-' ? `cột ${c + 1}` : x)));
    if (r && (n === 1 || !roles || r.filter((x) => x !== 'other').length > roles.filter((x) => x !== 'other').length)) {
      roles = r;
      headers = texts;
      headerRows = n;
    }
  }
  if (!roles) return null;
  const numberCol = roles.indexOf('number');
  const rows: TableRow[] = [];
  for (let r = headerRows; r < grid.length; r++) {
    const cells = Array.from({ length: width }, (_, c) => grid[r][c]?.text ?? '');
    // a row that only repeats the header's column numbers ("(1) (2) (3)") is no data
    if (cells.every((c) => /^\(?\d{1,2}\)?$/.test(c.trim()) || !c.trim())) continue;
    const distinct = new Set(cells.filter((c) => c.trim()));
    const num = numberCol >= 0 ? cells[numberCol].trim() : '';
    const group = roles.length > 2 && (distinct.size === 1 || (distinct.size === 2 && num !== '')) && ((num !== '' && (ROMAN.test(num) || /^[A-ZĐ]$/.test(num))) || upperShare([...distinct].join(' ')) > 0.8 || grid[r].length < width / 2);
    rows.push({ cells, startLine: t.rows[r].first, endLine: t.rows[r].last, group });
  }
  if (!rows.length) return null;
  return {
    startLine: t.rows[0].first,
    endLine: t.rows[t.rows.length - 1].last,
    columns: headers.map((h, c) => ({ header: h, role: roles![c] })),
    rows,
    layout: 'ingest',
  };
}

/** Every table of the document: the reader's tables first, then those the text layout shows. */
export function findTables(lines: string[], layouts: DocTableLayout[] = []): TableBlock[] {
  const taken = new Set<number>();
  const out: TableBlock[] = [];
  for (const l of layouts) {
    const t = fromLayout(lines, l);
    if (!t) continue;
    for (let x = t.startLine - 1; x < t.endLine; x++) taken.add(x);
    out.push(t);
  }
  out.push(...findSeparatedTables(lines, taken), ...findCellTables(lines, taken));
  return out.sort((a, b) => a.startLine - b.startLine);
}
