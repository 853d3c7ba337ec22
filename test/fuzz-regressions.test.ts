import { describe, expect, it } from 'vitest';
import type { ColumnRole } from '../schemas/index.ts';
import { Extraction } from '../schemas/index.ts';
import { extractRecord } from '../src/extract/index.ts';
import { segmentDocument } from '../src/segment/index.ts';
import { alignCells, CELL_FIT, cellShape } from '../src/segment/tables.ts';
import { repairedOf } from './helpers/fuzz-docs.ts';
import { mulberry32 } from './helpers/random.ts';

// Defects the fuzz suite (test/fuzz-segment-extract.test.ts, scripts/fuzz-extract.ts) found, each
// on a document written here. Time bounds are gross (tens of times what the fixed code takes): the
// defects took minutes to hours on these inputs.

const time = <T>(f: () => T): { value: T; ms: number } => {
  const t0 = performance.now();
  const value = f();
  return { value, ms: performance.now() - t0 };
};

describe('cell tables whose last row runs on', () => {
  // A task table printed one cell per line, then hundreds of lines that end no table: they all
  // fall into its last row, and aligning that row's lines to the columns cost O(columns × lines³).
  const table = [
    'TT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời hạn',
    '1', 'Rà soát danh sách hộ cận nghèo trên địa bàn', 'Phòng Văn hóa - Xã hội', 'Các thôn', 'Quý II/2026',
    '2', 'Tổ chức tập huấn cho cán bộ thôn về chuyển đổi số', 'Công an xã', 'Các thôn', 'Tháng 6/2026',
  ];
  const tail = Array.from({ length: 1500 }, (_, i) => `(${i + 1}) Tổ chức kiểm tra việc thực hiện tại thôn ${(i % 9) + 1}; báo cáo kết quả.`);

  it('segments and extracts in time linear in the lines', () => {
    const { value, ms } = time(() => extractRecord(segmentDocument(repairedOf([...table, ...tail]))));
    expect(() => Extraction.parse(value)).not.toThrow();
    expect(ms).toBeLessThan(10_000); // was over a minute
  });

  it('aligns a row exactly as the full dynamic programme over every grouping does', () => {
    // the reference: the programme as first written, every group's cost computed from its lines,
    // in the same order of additions (ties between groupings resolve the same way)
    const reference = (cells: string[], roles: ColumnRole[]): string[] => {
      const m = cells.length;
      const n = roles.length;
      const NEG = -1e9;
      const dp = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(NEG));
      const back = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(-1));
      dp[0][0] = 0;
      for (let j = 1; j <= n; j++)
        for (let i = 0; i <= m; i++)
          for (let k = i; k >= 0; k--) {
            if (dp[k][j - 1] === NEG) continue;
            let score: number;
            if (k === i) score = -0.05 * j;
            else {
              const group = cells.slice(k, i);
              score = fitOf(cellShape(group.join(' ')), roles[j - 1]);
              for (let g = 1; g < group.length; g++) score += mergeOf(group[g - 1], group[g]);
            }
            if (dp[k][j - 1] + score > dp[i][j]) {
              dp[i][j] = dp[k][j - 1] + score;
              back[i][j] = k;
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
    };
    const fitOf = (shape: ReturnType<typeof cellShape>, role: ColumnRole): number => CELL_FIT[role][shape] ?? 0;
    const mergeOf = (prev: string, next: string): number => (/^[-+•·*]\s*\S/.test(next.trim()) || /^\p{Ll}/u.test(next.trim()) || wrapsRef(prev, next) ? 0.5 : -1.5);
    const wrapsRef = (prev: string, next: string): boolean => {
      if (/[.;:!?]["”)]?$/.test(prev.trim()) || prev.trim().split(/\s+/).length < 6) return false;
      const shape = cellShape(next);
      return next.trim().split(/\s+/).length <= 6 && (shape === 'short' || shape === 'long');
    };
    const lines = [
      'Rà soát, cập nhật danh sách hộ có nguy cơ tái nghèo trên địa bàn toàn xã', 'và báo cáo', '- lập biểu mẫu', 'Phòng Kinh tế', 'Công an xã', 'Trạm Y tế xã',
      'Quý III/2026', '2026', '95%', 'hộ', 'Thường xuyên', 'các thôn', 'Tổ chức hội nghị', 'Các thôn, tổ dân phố', 'trong năm', '', '1.2', '(3) Nơi nhận:',
      'KẾ HOẠCH', '\u0000…;', 'Tỷ lệ hộ nghèo giảm xuống dưới 3% vào cuối năm 2026.', 'Báo cáo kết quả thực hiện về Ủy ban nhân dân xã trước ngày 15 hằng tháng để tổng hợp',
      Array.from({ length: 40 }, (_, i) => `từ ${i}`).join(' '),
    ];
    const roles: ColumnRole[][] = [['title', 'lead', 'partner', 'timeline'], ['number', 'title', 'lead', 'timeline', 'note'], ['target', 'measure', 'value', 'lead'], ['title', 'product']];
    const r = mulberry32(18);
    for (let c = 0; c < 2000; c++) {
      const rs = roles[c % roles.length];
      // (as many lines as columns may be taken as they are, before any programme)
      const m = 1 + Math.floor(r() * 12);
      const cells = Array.from({ length: m === rs.length ? m + 1 : m }, () => lines[Math.floor(r() * lines.length)]);
      expect(alignCells(cells, rs)).toEqual(reference(cells, rs));
    }
  });
});

describe('targets in a block with thousands of figures', () => {
  // One line of figures with no sentence end (a table whose rows OCR ran together, a file with no
  // line breaks) in a goals section: every figure re-read the whole block before it and after it
  // (its clause, its group, its restatements), O(figures × length).
  const plan = (body: string[]) => ['KẾ HOẠCH', 'Thực hiện chương trình năm 2026', 'I. MỤC TIÊU', ...body, 'II. TỔ CHỨC THỰC HIỆN', '1. Phòng Kinh tế chủ trì thực hiện.'];

  it('reads a long run of rates in time linear in its length', () => {
    const run = Array.from({ length: 8000 }, (_, i) => `${(i % 90) + 10}%`).join('\t');
    const { value, ms } = time(() => extractRecord(segmentDocument(repairedOf(plan([`Tỷ lệ hộ được hỗ trợ đạt ${run}`])))));
    expect(() => Extraction.parse(value)).not.toThrow();
    expect(value.record.targets.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(15_000); // was minutes
  });

  it('still lists a restated goal once and two goals of one figure twice', () => {
    const { record } = extractRecord(segmentDocument(repairedOf(plan([
      '1. Phấn đấu đến năm 2027 có ít nhất 90% hộ gia đình được phổ biến kiến thức phòng cháy.',
      '2. Phấn đấu đến năm 2027 có ít nhất 90% trẻ em trong độ tuổi được tiêm chủng đầy đủ.',
      '3. Đến năm 2027 có ít nhất 90% hộ gia đình được phổ biến kiến thức phòng cháy.',
    ]))));
    expect(record.targets.filter((t) => t.value === 90).map((t) => t.population)).toEqual(['hộ gia đình', 'trẻ em trong độ tuổi']);
  });
});

describe('a heading of OCR garbage 150 k characters long', () => {
  // A roman numeral opening a line that runs on (OCR garbage, no line breaks): the fuzzy search
  // for topic phrases (OCR-split words) tried an edit distance at every offset of the line.
  it('is classified in time independent of its length', () => {
    const line = 'I. '.repeat(50_000);
    const { value, ms } = time(() => extractRecord(segmentDocument(repairedOf(['KẾ HOẠCH', 'Thực hiện chương trình năm 2026', line, 'II. TỔ CHỨC THỰC HIỆN', '1. Phòng Kinh tế chủ trì thực hiện.']))));
    expect(() => Extraction.parse(value)).not.toThrow();
    expect(ms).toBeLessThan(8_000); // was about a minute
  });
});

describe('thousands of lower-case lines after a recipient', () => {
  // Each lower-case line under "Nơi nhận:" continues the recipient above it, and the grown
  // recipient was cleaned again for every line: quadratic in the lines.
  it('reads the closing in time linear in the lines', () => {
    const tail = Array.from({ length: 6000 }, (_, i) => `báo cáo kết quả thực hiện tại thôn ${(i % 9) + 1} theo định kỳ`);
    const { value, ms } = time(() => extractRecord(segmentDocument(repairedOf(['KẾ HOẠCH', 'I. MỤC ĐÍCH', 'Nâng cao chất lượng phục vụ.', 'Nơi nhận:', '- Ủy ban nhân dân tỉnh;', ...tail]))));
    expect(() => Extraction.parse(value)).not.toThrow();
    expect(value.record.recipients[0]).toMatch(/^Ủy ban nhân dân tỉnh/);
    expect(ms).toBeLessThan(8_000); // was about 20 s
  });
});
