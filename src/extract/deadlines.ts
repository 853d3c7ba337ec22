import type { Deadline, DocType, LineSpan, SectionNode, TableBlock } from '../../schemas/index.ts';
import { findDates } from './dates.ts';
import { joinLines, lineAt, squash } from './text.ts';
import { labelOf, numberedLeaves, taskTitle } from './tasks.ts';

// (a number split after its hyphen, "496/QĐ-" / "TTg ngày …", reads with a space)
const REFERENCE_BEFORE = /\d{1,5}(?:\/\d{4})?\s?[-/]\s?\p{Lu}[\p{L}\d&/-]*(?:\s\p{Lu}[\p{L}\d&]*)?\s*,?\s*(?:ngày|ban hành ngày)?:?\s*$/u;
/** Sections that tell what happened: their dates are history. */
const PAST_KINDS = new Set(['situation', 'results', 'assessment']);
const FUTURE = /(dự kiến|trước ngày|chậm nhất|sẽ|hạn chót|thời hạn)/iu;

/** Sentence around a date: what the commitment is. It starts no earlier than `from` (after the section heading). */
function sentenceAround(text: string, index: number, length: number, from = 0): string {
  let start = index >= from ? from : 0;
  for (const m of text.slice(0, index).matchAll(/[.;!?]\s+(?=\S)|(?:^|\s)[-+·•]\s+/gu)) start = Math.max(start, (m.index ?? 0) + m[0].length);
  const endM = /[.;!?](?=\s|$)/u.exec(text.slice(index + length));
  const end = endM ? index + length + endM.index : text.length;
  return squash(text.slice(start, end)).replace(/^[-+·•]\s*/, '').replace(/^(thời gian( thực hiện)?|thời hạn)\s*:\s*/iu, '');
}

/** The innermost item (bullets included) holding a line. */
function deepestNode(nodes: SectionNode[], line: number): SectionNode | null {
  for (const n of nodes) {
    if (n.startLine <= line && line <= n.endLine) return deepestNode(n.children, line) ?? n;
  }
  return null;
}

/**
 * Dated commitments in the body: full dates that are not a cited document's date, not a data
 * cut-off ("tính đến ngày"), not before the issue date, and in reports only forward-looking ones.
 */
export function extractDeadlines(lines: string[], sections: SectionNode[], docType: DocType, issued: string | null, tables: TableBlock[] = []): { deadlines: Deadline[]; spans: LineSpan[] } {
  const deadlines: Deadline[] = [];
  const spans: LineSpan[] = [];
  const seen = new Set<string>();
  for (const s of sections) {
    const j = joinLines(lines, s.startLine, s.endLine);
    const leaves = numberedLeaves(s.children);
    for (const d of findDates(j.text)) {
      const before = j.text.slice(Math.max(0, d.index - 60), d.index);
      if (REFERENCE_BEFORE.test(before)) continue;
      // The date of a cited law or document without a number ("Căn cứ Luật … ngày 20 tháng 11 năm 2024").
      // The section may start on the date's line, so the line above is part of the context.
      const dateLine = lineAt(j, d.index);
      const cited = `${dateLine === j.firstLine ? (lines[dateLine - 2] ?? '') : ''} ${j.text.slice(Math.max(0, d.index - 140), d.index)}`;
      if (/(?:căn cứ|thực hiện)\s+(?:luật|bộ luật|hiến pháp|pháp lệnh|nghị quyết|nghị định|quyết định|thông tư|chỉ thị)\s[^.;]*$/iu.test(cited)) continue;
      if (/(tính đến|tính từ|số liệu đến|cập nhật đến)\s*(ngày)?\s*$/iu.test(before)) continue;
      // "Từ ngày A đến ngày B": the commitment is B (an open end, "đến hết Lễ hội", leaves A).
      if (/(?:^|\s)từ\s*(ngày)?\s*$/iu.test(before) && /^\s*(đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?\d/iu.test(j.text.slice(d.index + d.length, d.index + d.length + 20))) continue;
      if (issued && d.iso === issued) continue;
      const near = j.text.slice(Math.max(0, d.index - 40), d.index);
      const onLabel = labelOf(lines[lineAt(j, d.index) - 1] ?? '')?.kind === 'timeline';
      // a date before the issue date is history, unless the plan states it as a time limit or start
      // ("Thời gian thực hiện: Từ 01/3/2026", "Trước ngày 15/11/2025")
      if (issued && d.iso < issued.slice(0, 10) && d.iso.slice(0, issued.length) !== issued && !(docType !== 'bao_cao' && (onLabel || /(?:trước|chậm nhất|hạn|từ|đến|hoàn thành)\s*(?:ngày\s*)?$/iu.test(near)))) continue;
      // an anniversary or a past span in brackets ("(06/01/1946 - 06/01/2026)") is no commitment
      if (/\(\s*\d{1,2}\s*\/\s*\d{1,2}\s*\/\s*\d{4}\s*[-–]\s*$/u.test(j.text.slice(Math.max(0, d.index - 16), d.index)) || /kỷ niệm[^.;]{0,80}$/iu.test(j.text.slice(Math.max(0, d.index - 120), d.index))) continue;
      // what a report did, and what a plan says happened before it ("ĐÁNH GIÁ THỰC TRẠNG": "Từ ngày
      // 05/01 đến ngày 25/01/2026 … đã rà soát"), is history, not a commitment
      if (((docType === 'bao_cao' && s.kind !== 'next_steps') || PAST_KINDS.has(s.kind)) && !FUTURE.test(near)) continue;
      const line = lineAt(j, d.index);
      const leaf = leaves.find((l) => l.startLine <= line && line <= l.endLine);
      // one deadline per date and item: the same date for another item is another commitment
      const key = `${d.iso}|${deepestNode(s.children, line)?.startLine ?? s.startLine}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const planned = /dự kiến/iu.test(near);
      let what: string;
      const onTimeline = labelOf(lines[line - 1] ?? '')?.kind === 'timeline';
      const row = lines[line - 1] ?? '';
      // a table row: what its content column says
      const inTable = tables.find((t) => t.startLine <= line && line <= t.endLine);
      const tableRow = inTable?.rows.find((r) => r.startLine <= line && line <= r.endLine);
      const titleCol = inTable ? inTable.columns.findIndex((c) => c.role === 'title' || c.role === 'target') : -1;
      if (tableRow && titleCol >= 0 && tableRow.cells[titleCol]) {
        what = taskTitle(tableRow.cells[titleCol].split('\n')[0]);
      } else if (row.split('\t').filter((c) => c.trim()).length >= 3) {
        // A table row: the cell after the row number (the task), else the longest cell without the date.
        const all = row.split('\t').map((c) => squash(c));
        const cells = all.filter((c) => !c.includes(j.text.slice(d.index, d.index + d.length)));
        const named = /^\d{1,2}(\.\d{1,2})*\.?$/.test(all[0] ?? '') && all[1] ? all[1] : null;
        what = taskTitle(named ?? cells.sort((a, b) => b.length - a.length)[0] ?? row);
      } else if (leaf && (onTimeline || /(thời gian|dự kiến)/iu.test(near))) what = taskTitle(leaf.heading);
      // the heading line ("III. TỔ CHỨC THỰC HIỆN") is not part of a sentence in the section's body
      else what = sentenceAround(j.text, d.index, d.length, j.starts.length > 1 ? j.starts[1] : 0);
      if (planned && !/dự kiến/iu.test(what)) what = `${what} (dự kiến)`;
      deadlines.push({ date: d.iso, what });
      spans.push({ start: line, end: line });
    }
  }
  return { deadlines, spans };
}
