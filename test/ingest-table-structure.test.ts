import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType } from 'docx';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { IngestedDocument, RepairedDocument } from '../schemas/index.ts';
import { extractRecord } from '../src/extract/index.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { segmentDocument, tablesOfIngested } from '../src/segment/index.ts';

/**
 * Task tables in real tables (DOCX w:tbl, ODT table:table, HTML <table>) keep their cell
 * structure through ingest: a two-level header ("Đơn vị thực hiện" over "Chủ trì" / "Phối hợp"),
 * a group row spanning the table, a content cell of two paragraphs, and a lead unit merged over
 * two rows (it leads both tasks). Each format is built here, ingested from its file and read.
 */
const dir = mkdtempSync(join(tmpdir(), 'vnplan-tables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BEFORE = ['KẾ HOẠCH', 'Phòng, chống đuối nước cho trẻ em năm 2026', 'I. MỤC ĐÍCH, YÊU CẦU', 'Nâng cao kỹ năng an toàn cho trẻ em.', 'II. NỘI DUNG THỰC HIỆN'];
const AFTER = ['III. TỔ CHỨC THỰC HIỆN', '1. Phòng Văn hóa - Xã hội', '- Theo dõi, tổng hợp kết quả thực hiện.', 'Nơi nhận:', '- Các thôn;', '- Lưu: VT.', 'CHỦ TỊCH', 'Lê Minh Tâm'];

function identity(doc: IngestedDocument): RepairedDocument {
  const lines = doc.pages.flatMap((p) => p.lines);
  return { docId: doc.docId, wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) };
}

async function read(path: string) {
  const ingested = await ingestFile(path);
  return { ingested, record: extractRecord(segmentDocument(identity(ingested), tablesOfIngested(ingested))).record };
}

const EXPECTED = [
  ['II', '1', 'Dạy bơi miễn phí cho học sinh tiểu học', ['Trung tâm Văn hóa - Thể thao xã'], ['Các trường tiểu học'], 'Tháng 6/2026'],
  ['II', '2', 'Cắm biển cảnh báo tại ao, hồ, sông suối nguy hiểm', ['Trung tâm Văn hóa - Thể thao xã'], ['Các thôn'], 'Trước ngày 31/5/2026'],
];
const pick = (r: Awaited<ReturnType<typeof read>>['record']) => r.tasks.map((t) => [t.section_numbering, t.numbering, t.title, t.lead_units, t.partner_units, t.timeline]);

describe('a DOCX task table with merged cells', () => {
  it('keeps rows, spans and the vertically merged lead unit through ingest', async () => {
    const cell = (text: string | string[], o: { columnSpan?: number; verticalMerge?: (typeof VerticalMergeType)[keyof typeof VerticalMergeType] } = {}) =>
      new TableCell({ children: (Array.isArray(text) ? text : [text]).map((t) => new Paragraph(t)), ...o });
    const table = new Table({
      rows: [
        new TableRow({ children: [cell('STT', { verticalMerge: VerticalMergeType.RESTART }), cell('Nội dung', { verticalMerge: VerticalMergeType.RESTART }), cell('Đơn vị thực hiện', { columnSpan: 2 }), cell('Thời gian', { verticalMerge: VerticalMergeType.RESTART })] }),
        new TableRow({ children: [cell('', { verticalMerge: VerticalMergeType.CONTINUE }), cell('', { verticalMerge: VerticalMergeType.CONTINUE }), cell('Chủ trì'), cell('Phối hợp'), cell('', { verticalMerge: VerticalMergeType.CONTINUE })] }),
        new TableRow({ children: [cell('I'), cell('TUYÊN TRUYỀN, HƯỚNG DẪN KỸ NĂNG', { columnSpan: 4 })] }),
        new TableRow({ children: [cell('1'), cell(['Dạy bơi miễn phí cho học sinh tiểu học.', '- Mỗi thôn một lớp.']), cell('Trung tâm Văn hóa - Thể thao xã', { verticalMerge: VerticalMergeType.RESTART }), cell('Các trường tiểu học'), cell('Tháng 6/2026')] }),
        new TableRow({ children: [cell('2'), cell('Cắm biển cảnh báo tại ao, hồ, sông suối nguy hiểm.'), cell('', { verticalMerge: VerticalMergeType.CONTINUE }), cell('Các thôn'), cell('Trước ngày 31/5/2026')] }),
      ],
    });
    const doc = new Document({ sections: [{ children: [...BEFORE.map((t) => new Paragraph(t)), table, ...AFTER.map((t) => new Paragraph(t))] }] });
    const path = join(dir, 'plan.docx');
    writeFileSync(path, await Packer.toBuffer(doc));
    const { ingested, record } = await read(path);
    const layout = ingested.pages[0].tables?.[0];
    expect(layout?.rows.map((r) => r.cells.map((c) => `${c.span}${c.continued ? 'v' : ''}`))).toEqual([
      ['1', '1', '2', '1'],
      ['1v', '1v', '1', '1', '1v'],
      ['1', '4'],
      ['1', '1', '1', '1', '1'],
      ['1', '1', '1v', '1', '1'],
    ]);
    expect(pick(record)).toEqual(EXPECTED);
    expect(record.sections.map((s) => s.numbering)).toEqual(['I', 'II', 'III']);
  });
});

describe('an ODT task table with covered cells', () => {
  it('reads spanned and covered cells', async () => {
    const p = (t: string) => `<text:p>${t}</text:p>`;
    const c = (t: string, a = '') => `<table:table-cell${a}>${p(t)}</table:table-cell>`;
    const covered = '<table:covered-table-cell/>';
    const rows = [
      [c('STT', ' table:number-rows-spanned="2"'), c('Nội dung', ' table:number-rows-spanned="2"'), c('Đơn vị thực hiện', ' table:number-columns-spanned="2"'), covered, c('Thời gian', ' table:number-rows-spanned="2"')],
      [covered, covered, c('Chủ trì'), c('Phối hợp'), covered],
      [c('I'), c('TUYÊN TRUYỀN, HƯỚNG DẪN KỸ NĂNG', ' table:number-columns-spanned="4"'), covered, covered, covered],
      [c('1'), `<table:table-cell>${p('Dạy bơi miễn phí cho học sinh tiểu học.')}${p('- Mỗi thôn một lớp.')}</table:table-cell>`, c('Trung tâm Văn hóa - Thể thao xã', ' table:number-rows-spanned="2"'), c('Các trường tiểu học'), c('Tháng 6/2026')],
      [c('2'), c('Cắm biển cảnh báo tại ao, hồ, sông suối nguy hiểm.'), covered, c('Các thôn'), c('Trước ngày 31/5/2026')],
    ];
    const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"><office:body><office:text>
${BEFORE.map(p).join('')}
<table:table table:name="T"><table:table-column table:number-columns-repeated="5"/>${rows.map((r) => `<table:table-row>${r.join('')}</table:table-row>`).join('')}</table:table>
${AFTER.map(p).join('')}
</office:text></office:body></office:document-content>`;
    const zip = new JSZip();
    zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
    zip.file('content.xml', content);
    const path = join(dir, 'plan.odt');
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const { record } = await read(path);
    expect(pick(record)).toEqual(EXPECTED);
  });
});

describe('an HTML task table with rowspan and colspan', () => {
  it('reads the grid, a cell under a rowspan as the one above', async () => {
    const html = `<!DOCTYPE html><html><body>
${BEFORE.map((t) => `<p>${t}</p>`).join('\n')}
<table>
<tr><th rowspan="2">STT</th><th rowspan="2">Nội dung</th><th colspan="2">Đơn vị thực hiện</th><th rowspan="2">Thời gian</th></tr>
<tr><th>Chủ trì</th><th>Phối hợp</th></tr>
<tr><td>I</td><td colspan="4">TUYÊN TRUYỀN, HƯỚNG DẪN KỸ NĂNG</td></tr>
<tr><td>1</td><td><p>Dạy bơi miễn phí cho học sinh tiểu học.</p></td><td rowspan="2">Trung tâm Văn hóa - Thể thao xã</td><td>Các trường tiểu học</td><td>Tháng 6/2026</td></tr>
<tr><td>2</td><td>Cắm biển cảnh báo tại ao, hồ, sông suối nguy hiểm.</td><td>Các thôn</td><td>Trước ngày 31/5/2026</td></tr>
</table>
${AFTER.map((t) => `<p>${t}</p>`).join('\n')}
</body></html>`;
    const path = join(dir, 'plan.html');
    writeFileSync(path, html);
    const { ingested, record } = await read(path);
    expect(ingested.pages[0].tables?.[0].rows[4].cells.map((c) => c.continued)).toEqual([false, false, true, false, false]);
    expect(pick(record)).toEqual(EXPECTED);
  });
});
