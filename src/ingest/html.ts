import { Parser } from 'htmlparser2';
import type { TableLayout } from '../../schemas/index.ts';
import type { IngestBackend } from './backend.ts';
import { IngestFailure } from './backend.ts';
import { decodeText } from './encoding.ts';
import { textToPages } from './text.ts';

/** An HTML page (saved from a portal, or Word's "Save as Web Page"), judged by its first bytes. */
export function sniffHtml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 1024).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /^<\?xml[^>]*>\s*<html/.test(head);
}

const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'tr', 'table', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'ul', 'ol', 'dl', 'dt', 'dd', 'title', 'hr']);
const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'svg']);

/**
 * Visible text of an HTML document as lines: block elements end lines, `<br>` breaks them,
 * table cells in a row are tab-separated, list items keep a dash, scripts and styles vanish.
 */
export function htmlToLines(html: string): string[] {
  return htmlContent(html).lines;
}

/**
 * The lines, and the outer tables' cell structure: each row is one line whose tab-separated
 * fields are its cells, a cell covered by a rowspan from above as an empty field.
 */
export function htmlContent(html: string): { lines: string[]; tables: TableLayout[] } {
  const lines: string[] = [];
  const tables: TableLayout[] = [];
  let line = '';
  let skipDepth = 0;
  let cellInRow = 0;
  // the outermost table being read: its rows, and per column how many rows a rowspan still covers
  let depth = 0;
  let table: { rows: TableLayout['rows']; pending: number[] } | null = null;
  let row: { start: number; cells: TableLayout['rows'][number]['cells']; col: number } | null = null;
  const endLine = () => {
    const l = line.replace(/[ \u00a0]+/gu, ' ').replace(/ ?\t ?/gu, '\t').replace(/^ +| +$/g, '');
    if (l.replace(/\t/g, '').trim() !== '') lines.push(row ? l : l.trim());
    line = '';
  };
  const fillCovered = (upTo: number) => {
    if (!table || !row) return;
    while (row.col < upTo && (table.pending[row.col] ?? 0) > 0) {
      table.pending[row.col]--;
      row.cells.push({ span: 1, continued: true });
      if (cellInRow++ > 0) line += '\t';
      row.col++;
    }
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (SKIP.has(name)) skipDepth++;
        if (skipDepth > 0) return;
        if (name === 'table' && ++depth === 1) table = { rows: [], pending: [] };
        if (name === 'br') endLine();
        else if (name === 'td' || name === 'th') {
          if (depth === 1 && table && row) {
            fillCovered(Infinity);
            const span = Math.max(1, Number(attribs.colspan ?? 1) || 1);
            const down = Math.max(1, Number(attribs.rowspan ?? 1) || 1);
            for (let c = row.col; c < row.col + span; c++) table.pending[c] = down - 1;
            row.cells.push({ span, continued: false });
            row.col += span;
          }
          if (cellInRow++ > 0) line += '\t';
        } else if (BLOCK.has(name) && cellInRow > 0 && name !== 'tr' && name !== 'table') {
          line += ' '; // a paragraph inside a cell stays in the cell
        } else if (BLOCK.has(name)) {
          if (name !== 'tr' || line.trim() !== '') endLine();
          if (name === 'tr') {
            cellInRow = 0;
            if (depth === 1 && table) row = { start: lines.length, cells: [], col: 0 };
          }
          if (name === 'li') line += '- ';
        }
      },
      ontext(text) {
        if (skipDepth === 0) line += text.replace(/\s+/gu, ' ');
      },
      onclosetag(name) {
        if (SKIP.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth > 0) return;
        if (name === 'tr' && depth === 1 && table && row) {
          fillCovered(table.pending.length);
          endLine();
          if (lines.length > row.start) table.rows.push({ first: row.start, last: lines.length - 1, cells: row.cells });
          row = null;
          cellInRow = 0;
          return;
        }
        // Paragraphs inside a table cell stay in the cell; elsewhere blocks end their line.
        if (BLOCK.has(name) && cellInRow > 0 && name !== 'tr' && name !== 'table') line += ' ';
        else if (BLOCK.has(name)) endLine();
        if (name === 'tr' || name === 'table') cellInRow = 0;
        if (name === 'table' && depth-- === 1 && table) {
          if (table.rows.length) tables.push({ rows: table.rows });
          table = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  endLine();
  return { lines, tables };
}

/** HTML files: decoded like any text file (so legacy encodings and mojibake are handled), then reduced to their visible text. */
export const htmlBackend: IngestBackend = {
  name: 'html',
  sniff: sniffHtml,
  async read(bytes, path) {
    const decoded = decodeText(bytes);
    if (decoded === null) throw new IngestFailure(path, 'an HTML file in no recognised encoding');
    const { lines, tables } = htmlContent(decoded.text);
    if (lines.length === 0) throw new IngestFailure(path, 'the HTML page has no visible text');
    // one page: the tables' line indices are the page's (lines hold no form feed or line break)
    const pages = textToPages(lines.map((l) => l.replace(/[\f\r\n]/g, ' ')).join('\n'));
    if (pages.length === 1 && tables.length) pages[0] = { ...pages[0], tables } as typeof pages[0];
    return {
      sourceKind: 'text',
      encoding: decoded.encoding,
      pages,
      warnings: [...decoded.warnings, 'HTML reduced to its visible text'],
    };
  },
};
