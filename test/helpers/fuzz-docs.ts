/**
 * Fuzz material for segment + extract: documents built from generated plans
 * (test/helpers/generate-corpus.ts) and from table, heading and list shapes written here, then
 * cut, shuffled, truncated, duplicated, joined and damaged. Every string is written or generated
 * here; nothing comes from the seeds, the gold or the real plans.
 *
 * `fuzzCase(seed)` is deterministic: the same seed gives the same document, so a failing case is
 * reproduced from its seed alone (the soak script, scripts/fuzz-extract.ts, prints it).
 */
import type { RepairedDocument } from '../../schemas/index.ts';
import type { DocTableLayout } from '../../src/segment/tables.ts';
import { generateCorpus } from './generate-corpus.ts';
import { mulberry32 } from './random.ts';

export interface FuzzCase {
  seed: number;
  /** The generator and mutations that made it, for the report. */
  shape: string;
  lines: string[];
  /** A reader's table layout (as DOCX/ODT/HTML ingest keeps it), 1-based line numbers. */
  tables: DocTableLayout[];
}

interface Rand {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

function rand(seed: number): Rand {
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (xs) => xs[Math.floor(next() * xs.length)], chance: (p) => next() < p };
}

// A small pool of generated plans, made once (the generator is deterministic).
let plans: string[][] | null = null;
function planPool(): string[][] {
  plans ??= generateCorpus(12, 4242).map((d) => d.text.split('\n'));
  return plans;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const HEADINGS = ['MỤC ĐÍCH, YÊU CẦU', 'NỘI DUNG, NHIỆM VỤ', 'TỔ CHỨC THỰC HIỆN', 'KINH PHÍ THỰC HIỆN', 'MỤC TIÊU', 'GIẢI PHÁP', 'LỘ TRÌNH THỰC HIỆN', 'ĐÁNH GIÁ TÌNH HÌNH', 'PHỤ LỤC', 'CHẾ ĐỘ BÁO CÁO'];
const LABELS = ['TT', 'STT', 'Nội dung công việc', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Thời hạn', 'Sản phẩm', 'Ghi chú', 'Chỉ tiêu', 'Đơn vị tính', 'Năm 2026', 'Kết quả'];
const CELLS = [
  'Rà soát danh sách hộ cận nghèo trên địa bàn',
  'Tổ chức tập huấn cho cán bộ thôn về chuyển đổi số',
  'Phòng Văn hóa - Xã hội',
  'Công an xã',
  'Các thôn, tổ dân phố',
  'UBND xã; Trạm Y tế xã',
  'Quý II/2026',
  'Tháng 6/2026',
  'Trước ngày 30/9/2026',
  '2026 - 2030',
  'Thường xuyên',
  'Báo cáo kết quả',
  '95%',
  'hộ',
  '120',
  '',
];
const SENTENCES = [
  'Phấn đấu đến năm 2027 có ít nhất 90% hộ gia đình được phổ biến kiến thức phòng cháy.',
  'Giao Phòng Kinh tế chủ trì, phối hợp với Công an xã tổ chức kiểm tra trước ngày 15/8/2026.',
  'Căn cứ Kế hoạch số 45/KH-UBND ngày 12/01/2026 của Ủy ban nhân dân tỉnh;',
  'Kinh phí thực hiện từ ngân sách xã và nguồn xã hội hóa.',
  'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng giảm xuống dưới 8% vào cuối năm 2026.',
  '- Đơn vị chủ trì: Trung tâm Phục vụ hành chính công xã;',
  'Thời gian thực hiện: từ tháng 3 đến tháng 12 năm 2026.',
  'Nơi nhận:',
  'TM. ỦY BAN NHÂN DÂN',
  'KT. CHỦ TỊCH',
  'ỦY BAN NHÂN DÂN XÃ AN BÌNH',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Số: 17/KH-UBND',
  'An Bình, ngày 05 tháng 3 năm 2026',
  'KẾ HOẠCH',
];
const JUNK = ['.', ',', ';', ':', '-', '…', '|', '/', '(', ')', '"', '*', '_', '=', '+', '%', '1', '0', '9', 'I', 'l', 'O'];
const SCRIPTS = ['Ж', 'λ', '中', '文', 'ש', 'ل', 'ع', '𝐀', '🙂', 'ﬁ', 'ß', 'ø', 'Å', '\u0301', '\u0323', '\u200b', '\u200e', '\u200f', '\u202e', '\u00a0', '\ufeff'];
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\r', '\t', '\u2028'];

function lineOf(r: Rand, n: number, alphabet: readonly string[]): string {
  let s = '';
  for (let i = 0; i < n; i++) s += r.pick(alphabet);
  return s;
}

// ------------------------------------------------------------------ base documents

function basePlan(r: Rand): string[] {
  return [...r.pick(planPool())];
}

/** A task table printed one cell per line, with group rows, missing cells, repeated headers. */
function cellTable(r: Rand): string[] {
  const out: string[] = [];
  const header = r.chance(0.5) ? ['TT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian hoàn thành'] : Array.from({ length: r.int(1, 7) }, () => r.pick(LABELS));
  const rows = r.int(0, r.chance(0.2) ? 400 : 12);
  const repeatHeader = () => out.push(...header);
  repeatHeader();
  let group = 0;
  let n = 0;
  for (let i = 0; i < rows; i++) {
    if (r.chance(0.15)) {
      out.push(r.chance(0.5) ? ROMAN[group % ROMAN.length] : `${ROMAN[group % ROMAN.length]}. NHÓM NHIỆM VỤ ${group + 1}`);
      if (r.chance(0.5)) out.push(r.pick(['Nhóm giải pháp về tuyên truyền', 'NHIỆM VỤ TRỌNG TÂM', 'Về cải cách hành chính']));
      group++;
      if (r.chance(0.5)) n = 0;
    }
    if (r.chance(0.05)) repeatHeader();
    n++;
    out.push(r.chance(0.1) ? `${n}.${r.int(1, 3)}` : String(r.chance(0.05) ? r.int(0, 99) : n));
    for (let c = 1; c < header.length; c++) if (!r.chance(0.2)) out.push(r.pick(CELLS) || r.pick(CELLS));
  }
  if (r.chance(0.3)) out.push(...header); // a header with no rows after it, at the end
  return out;
}

/** Tab- or space-separated columns. */
function separatedTable(r: Rand): string[] {
  const sep = r.chance(0.5) ? '\t' : ' '.repeat(r.int(2, 6));
  const cols = r.int(2, 7);
  const out = [Array.from({ length: cols }, (_, i) => (i === 0 ? 'TT' : r.pick(LABELS))).join(sep)];
  const rows = r.int(0, r.chance(0.2) ? 500 : 15);
  for (let i = 0; i < rows; i++) {
    if (r.chance(0.1)) out.push(`${r.pick(ROMAN)}${sep}${r.pick(['NHÓM GIẢI PHÁP', 'Về tuyên truyền'])}`);
    const cells = Array.from({ length: cols }, (_, c) => (c === 0 ? String(i + 1) : r.chance(0.2) ? '' : r.pick(CELLS)));
    out.push(cells.join(r.chance(0.1) ? '\t\t' : sep));
  }
  if (r.chance(0.3)) out.push(out[0]);
  return out;
}

/** Headings only, maybe hundreds of them. */
function headingsOnly(r: Rand): string[] {
  return Array.from({ length: r.int(1, r.chance(0.3) ? 600 : 30) }, (_, i) =>
    r.chance(0.7) ? `${ROMAN[r.chance(0.8) ? i % ROMAN.length : r.int(0, 11)]}. ${r.pick(HEADINGS)}` : r.pick(HEADINGS),
  );
}

/** Thousands of list items, numbered, lettered or bulleted. */
function longList(r: Rand): string[] {
  const out = [`${r.pick(ROMAN)}. ${r.pick(HEADINGS)}`];
  const n = r.int(200, 3000);
  const style = r.int(0, 4);
  for (let i = 1; i <= n; i++) {
    const mark = style === 0 ? `${i}.` : style === 1 ? `${String.fromCharCode(97 + (i % 26))})` : style === 2 ? '-' : style === 3 ? `(${i})` : `1.${i}.`;
    out.push(`${mark} ${r.pick(SENTENCES)}`);
  }
  return out;
}

/** Deeply nested decimal numbering 1.1.1.1.1… */
function deepNumbering(r: Rand): string[] {
  const out = ['KẾ HOẠCH', `I. ${r.pick(HEADINGS)}`];
  const depth = r.int(5, r.chance(0.3) ? 400 : 40);
  const parts: number[] = [];
  for (let d = 0; d < depth; d++) {
    parts.push(1);
    out.push(`${parts.join('.')}. ${r.pick(SENTENCES)}`);
    if (r.chance(0.3)) out.push(`${String.fromCharCode(97 + (d % 26))}) ${r.pick(CELLS)}`);
  }
  if (r.chance(0.5)) for (let d = depth - 1; d > 0; d--) out.push(`${parts.slice(0, d).join('.')}.${2}. ${r.pick(CELLS)}`);
  return out;
}

/** Lines of only punctuation and digits, or mixed scripts and control characters. */
function garbage(r: Rand): string[] {
  return Array.from({ length: r.int(1, 300) }, () => {
    const k = r.int(0, 3);
    if (k === 0) return lineOf(r, r.int(0, 200), JUNK);
    if (k === 1) return lineOf(r, r.int(0, 80), [...JUNK, ...SCRIPTS, ...CONTROL, 'a', 'Đ', 'ư', ' ']);
    if (k === 2) return r.pick(SENTENCES).split('').map((c) => (r.chance(0.2) ? r.pick([...SCRIPTS, ...CONTROL]) : c)).join('');
    return r.pick([...SENTENCES, ...CELLS, ...LABELS, ...HEADINGS]);
  });
}

// ------------------------------------------------------------------ mutations

/** A very long line: a sentence, cells, digits or junk repeated to tens of thousands of characters. */
function longLine(r: Rand, max: number): string {
  const unit = r.pick([r.pick(SENTENCES) + ' ', r.pick(CELLS) + '\t', '1.1.', '...', 'I. ', '0123456789', '- ', 'Sở Y tế, ', 'ngày 1 tháng 2 năm 2026 ', '(', 'KẾ HOẠCH ', 'a'.repeat(7) + ' ', lineOf(r, 20, JUNK)]);
  const len = r.int(Math.min(1000, max), max);
  return unit.repeat(Math.ceil(len / Math.max(1, unit.length))).slice(0, len);
}

function damage(r: Rand, s: string): string {
  const k = r.int(0, 5);
  if (k === 0) return s.normalize('NFD');
  if (k === 1) return s.toUpperCase();
  if (k === 2) return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (k === 3) return s.split('').map((c) => (r.chance(0.1) ? r.pick([...JUNK, ...CONTROL, ...SCRIPTS]) : c)).join('');
  if (k === 4) return s.replace(/\s+/g, r.pick(['', '\t', '  ', ' . ']));
  return s.slice(0, r.int(0, s.length));
}

function mutate(r: Rand, lines: string[], maxLong: number): { lines: string[]; ops: string[] } {
  let out = [...lines];
  const ops: string[] = [];
  const count = r.int(0, 4);
  for (let m = 0; m < count && out.length > 0; m++) {
    const op = r.int(0, 9);
    const a = r.int(0, out.length - 1);
    const b = Math.min(out.length, a + r.int(1, 40));
    switch (op) {
      case 0: // truncate the file
        ops.push('truncate');
        out = out.slice(0, r.int(0, out.length));
        break;
      case 1: // cut a block out
        ops.push('cut');
        out.splice(a, b - a);
        break;
      case 2: // shuffle a block
        ops.push('shuffle');
        {
          const block = out.slice(a, b);
          for (let i = block.length - 1; i > 0; i--) {
            const j = r.int(0, i);
            [block[i], block[j]] = [block[j], block[i]];
          }
          out.splice(a, b - a, ...block);
        }
        break;
      case 3: // duplicate a block, maybe many times
        ops.push('duplicate');
        out.splice(b, 0, ...Array.from({ length: r.int(1, 20) }, () => out.slice(a, b)).flat());
        break;
      case 4: // join lines
        ops.push('join');
        out.splice(a, b - a, out.slice(a, b).join(r.pick([' ', '', '\t', ' | '])));
        break;
      case 5: // damage lines
        ops.push('damage');
        for (let i = a; i < b; i++) out[i] = damage(r, out[i]);
        break;
      case 6: // a very long line
        ops.push('long-line');
        out.splice(a, 0, longLine(r, maxLong));
        break;
      case 7: // split lines at random points
        ops.push('split');
        out.splice(a, b - a, ...out.slice(a, b).flatMap((l) => { const k = r.int(0, l.length); return [l.slice(0, k), l.slice(k)]; }));
        break;
      case 8: // insert a generated block (table, list, headings) inside
        ops.push('insert');
        out.splice(a, 0, ...r.pick([cellTable, separatedTable, headingsOnly, garbage])(r).slice(0, 400));
        break;
      default: // blank lines and whitespace
        ops.push('blank');
        out.splice(a, 0, ...Array.from({ length: r.int(1, 30) }, () => r.pick(['', ' ', '\t', '\u00a0', '   \t '])));
    }
  }
  return { lines: out, ops };
}

/** A reader's table layout (as ingest keeps it, schema-valid) over some lines of the document, whatever those lines hold. */
function layoutFor(r: Rand, lines: string[]): DocTableLayout[] {
  if (lines.length === 0 || !r.chance(0.15)) return [];
  const rows: DocTableLayout['rows'] = [];
  let at = r.int(1, lines.length);
  const n = r.int(1, 30);
  for (let i = 0; i < n && at <= lines.length; i++) {
    const last = Math.min(lines.length, at + r.int(0, 3));
    rows.push({ first: at, last, cells: Array.from({ length: r.int(0, 7) }, () => ({ span: r.int(1, 3), continued: r.chance(0.2) })) });
    at = last + 1;
  }
  return [{ rows }];
}

const BASES: [string, (r: Rand) => string[]][] = [
  ['plan', basePlan],
  ['plan', basePlan],
  ['plan', basePlan],
  ['cell-table', (r) => [...basePlan(r).slice(0, r.int(0, 60)), ...cellTable(r)]],
  ['cell-table', cellTable],
  ['separated-table', (r) => [...basePlan(r).slice(0, r.int(0, 60)), ...separatedTable(r)]],
  ['headings', headingsOnly],
  ['long-list', longList],
  ['deep-numbering', deepNumbering],
  ['garbage', garbage],
];

export interface FuzzOptions {
  /** Longest generated line (the soak script goes to 100 k; the unit test stays smaller). */
  maxLineLength?: number;
}

export function fuzzCase(seed: number, options: FuzzOptions = {}): FuzzCase {
  const r = rand(seed);
  const [name, base] = r.pick(BASES);
  const { lines, ops } = mutate(r, base(r), options.maxLineLength ?? 100_000);
  return { seed, shape: [name, ...ops].join('+'), lines, tables: layoutFor(r, lines) };
}

/** The repaired document segment reads: each line its own repaired text (identity repair). */
export function repairedOf(lines: string[], docId = 'fuzz'): RepairedDocument {
  return { docId, wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) };
}

