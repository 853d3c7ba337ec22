import { describe, expect, it } from 'vitest';
import { findTables } from '../src/segment/tables.ts';

// Tables printed one cell per line whose header OCR or an excerpt left incomplete: the scan for
// tables must move on whatever it finds. A header whose number label ("TT") sits above a content
// label once sent the scan back to that label for ever (a batch of 1,000 plans hung on one such
// table cut off after its first group row).
/** A task table's header printed one cell per line, its number label first. */
const HEADER = ['TT', 'Nội dung công việc', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời hạn'];

describe('findTables on cut-off cell tables', () => {
  it('finishes on a header followed by a lone group row, and takes no line twice', () => {
    const lines = [
      ...HEADER,
      'II',
      'Tổ chức kiểm tra việc thực hiện quy chế dân chủ ở cơ sở tại các thôn',
    ];
    const tables = findTables(lines);
    const covered = tables.flatMap((t) => Array.from({ length: t.endLine - t.startLine + 1 }, (_, x) => t.startLine + x));
    expect(new Set(covered).size).toBe(covered.length);
  });

  it('still reads a table whose number label sits above the header it belongs to', () => {
    const lines = [
      ...HEADER,
      '1',
      'Rà soát danh sách hộ nghèo trên địa bàn xã',
      'Công chức văn hóa - xã hội',
      'Trưởng các thôn',
      'Tháng 3/2026',
      '2',
      'Tổng hợp kết quả rà soát, báo cáo Ủy ban nhân dân xã',
      'Công chức văn hóa - xã hội',
      'Văn phòng HĐND và UBND xã',
      'Tháng 4/2026',
    ];
    const [table] = findTables(lines);
    expect(table?.startLine).toBe(1);
    expect(table?.rows.length).toBe(2);
  });
});
