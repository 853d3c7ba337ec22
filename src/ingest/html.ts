import { Parser } from 'htmlparser2';
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
  const lines: string[] = [];
  let line = '';
  let skipDepth = 0;
  let cellInRow = 0;
  const endLine = () => {
    const l = line.replace(/[ \u00a0]+/gu, ' ').replace(/ ?\t ?/gu, '\t').trim();
    if (l !== '') lines.push(l);
    line = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        if (skipDepth > 0) return;
        if (name === 'br') endLine();
        else if (name === 'td' || name === 'th') {
          if (cellInRow++ > 0) line += '\t';
        } else if (BLOCK.has(name) && cellInRow > 0 && name !== 'tr' && name !== 'table') {
          line += ' '; // a paragraph inside a cell stays in the cell
        } else if (BLOCK.has(name)) {
          if (name !== 'tr' || line.trim() !== '') endLine();
          if (name === 'tr') cellInRow = 0;
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
        // Paragraphs inside a table cell stay in the cell; elsewhere blocks end their line.
        if (BLOCK.has(name) && cellInRow > 0 && name !== 'tr' && name !== 'table') line += ' ';
        else if (BLOCK.has(name)) endLine();
        if (name === 'tr' || name === 'table') cellInRow = 0;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  endLine();
  return lines;
}

/** HTML files: decoded like any text file (so legacy encodings and mojibake are handled), then reduced to their visible text. */
export const htmlBackend: IngestBackend = {
  name: 'html',
  sniff: sniffHtml,
  async read(bytes, path) {
    const decoded = decodeText(bytes);
    if (decoded === null) throw new IngestFailure(path, 'an HTML file in no recognised encoding');
    const lines = htmlToLines(decoded.text);
    if (lines.length === 0) throw new IngestFailure(path, 'the HTML page has no visible text');
    return {
      sourceKind: 'text',
      encoding: decoded.encoding,
      pages: textToPages(lines.join('\n')),
      warnings: [...decoded.warnings, 'HTML reduced to its visible text'],
    };
  },
};
