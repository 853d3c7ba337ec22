import type { IngestedPage, TableLayout } from '../../schemas/index.ts';
import type { IngestBackend } from './backend.ts';
import { IngestFailure } from './backend.ts';
import { attr, childrenOf, finishPages, formatNumber, parseXml, tagOf, type XNode } from './docx.ts';
import { repairMojibake } from './encoding.ts';
import { readZipEntries } from './zip.ts';

/** An OpenDocument text file: a ZIP whose first entry is `mimetype` = application/vnd.oasis.opendocument.text. */
export function sniffOdt(bytes: Buffer): boolean {
  return bytes.length > 80 && bytes.readUInt32LE(0) === 0x04034b50 && bytes.toString('latin1', 30, 38) === 'mimetype' && bytes.toString('latin1', 38, 77).startsWith('application/vnd.oasis.opendocument.text');
}

interface ListLevel {
  kind: 'number' | 'bullet';
  format: string;
  prefix: string;
  suffix: string;
  start: number;
  bullet: string;
}

/** List styles of content.xml's automatic styles (and styles.xml): name → level (1-based) → format. */
function listStyles(roots: XNode[][]): Map<string, Map<number, ListLevel>> {
  const styles = new Map<string, Map<number, ListLevel>>();
  const visit = (nodes: XNode[]) => {
    for (const n of nodes) {
      if (tagOf(n) === 'text:list-style') {
        const levels = new Map<number, ListLevel>();
        for (const l of childrenOf(n)) {
          const t = tagOf(l);
          const level = Number(attr(l, 'text:level') ?? 1);
          const fmt = attr(l, 'style:num-format') ?? '';
          if (t === 'text:list-level-style-number') {
            levels.set(level, { kind: 'number', format: fmt, prefix: attr(l, 'style:num-prefix') ?? '', suffix: attr(l, 'style:num-suffix') ?? '', start: Number(attr(l, 'text:start-value') ?? 1), bullet: '' });
          } else if (t === 'text:list-level-style-bullet') {
            const ch = attr(l, 'text:bullet-char') ?? '-';
            levels.set(level, { kind: 'bullet', format: '', prefix: '', suffix: '', start: 1, bullet: /[\uf000-\uf8ff•●▪]/u.test(ch) ? '-' : ch });
          }
        }
        styles.set(attr(n, 'style:name') ?? '', levels);
      } else visit(childrenOf(n));
    }
  };
  for (const r of roots) visit(r);
  return styles;
}

const ODF_FORMAT: Record<string, string> = { '1': 'decimal', I: 'upperRoman', i: 'lowerRoman', A: 'upperLetter', a: 'lowerLetter' };

interface Walk {
  pages: string[][];
  /** Tables at the body level: their page (index in `pages`) and cell structure. */
  tables?: { page: number; layout: TableLayout }[];
  styles: Map<string, Map<number, ListLevel>>;
  /** Counters per list style and level, so a list interrupted by paragraphs keeps counting as Writer does by default. */
  counters: Map<string, number[]>;
}

/** Text of a paragraph; frames' own paragraphs (text boxes) go to `extra`. */
function inline(nodes: XNode[], w: Walk, extra: string[]): string {
  let out = '';
  for (const n of nodes) {
    const t = tagOf(n);
    if (t === '#text') out += String(n['#text'] ?? '');
    else if (t === 'text:s') out += ' '.repeat(Number(attr(n, 'text:c') ?? 1));
    else if (t === 'text:tab') out += '\t';
    else if (t === 'text:line-break') out += '\n';
    else if (t === 'text:note' || t === 'office:annotation' || t === 'text:bookmark-ref' || t === null) continue;
    else if (t === 'draw:frame' || t === 'draw:text-box') {
      const sub: Walk = { ...w, pages: [[]] };
      blocks(childrenOf(n), sub, null);
      extra.push(...sub.pages.flat());
    } else out += inline(childrenOf(n), w, extra);
  }
  return out;
}

function listLabel(w: Walk, styleName: string, depth: number): string {
  const levels = w.styles.get(styleName);
  const level = levels?.get(depth);
  if (!levels || !level) return '';
  if (level.kind === 'bullet') return level.bullet;
  if (!level.format) return '';
  const c = w.counters.get(styleName) ?? [];
  c[depth] = c[depth] === undefined ? level.start : c[depth] + 1;
  c.length = depth + 1;
  w.counters.set(styleName, c);
  return `${level.prefix}${formatNumber(c[depth], ODF_FORMAT[level.format] ?? 'decimal')}${level.suffix}`;
}

/** Body blocks in order; `list` carries the enclosing list's style and depth for item labels. */
function blocks(nodes: XNode[], w: Walk, list: { style: string; depth: number } | null): void {
  const page = () => w.pages[w.pages.length - 1];
  for (const n of nodes) {
    const t = tagOf(n);
    if (t === 'text:p' || t === 'text:h') {
      const kids = childrenOf(n);
      if (kids.length > 0 && tagOf(kids[0]) === 'text:soft-page-break' && page().length > 0) w.pages.push([]);
      const extra: string[] = [];
      const text = inline(kids, w, extra);
      const label = list && text.trim() !== '' ? listLabel(w, list.style, list.depth) : '';
      page().push(...((label ? `${label} ` : '') + text).split('\n'), ...extra);
    } else if (t === 'text:soft-page-break') {
      if (page().length > 0) w.pages.push([]);
    } else if (t === 'text:list') {
      const style = attr(n, 'text:style-name') ?? list?.style ?? '';
      blocks(childrenOf(n), w, { style, depth: list ? list.depth + 1 : 1 });
    } else if (t === 'text:list-item' || t === 'text:list-header') {
      blocks(childrenOf(n), w, list);
    } else if (t === 'table:table') {
      const rows: TableLayout['rows'] = [];
      for (const row of tableRows(n)) {
        const cells = row.map((cell) => {
          if (cell.covered) return [];
          const sub: Walk = { ...w, pages: [[]], tables: undefined };
          blocks(cell.content, sub, null);
          return sub.pages.flat().map((l) => l.replace(/\t/g, ' ').trim()).filter((l) => l !== '');
        });
        const height = Math.max(0, ...cells.map((c) => c.length));
        if (height === 0) continue;
        rows.push({ first: page().length, last: page().length + height - 1, cells: row.map((c) => ({ span: c.span, continued: c.covered })) });
        for (let k = 0; k < height; k++) page().push(cells.map((c) => c[k] ?? '').join('\t').replace(/\t+$/u, ''));
      }
      if (w.tables && rows.length) w.tables.push({ page: w.pages.length - 1, layout: { rows } });
    } else if (t !== null && t !== '#text' && !t.startsWith('office:forms') && t !== 'text:sequence-decls' && t !== 'table:table-columns') {
      blocks(childrenOf(n), w, list); // text:section, office:text, …
    }
  }
}

/**
 * Rows of a table (through header-rows/row-groups) as their cells: content, columns spanned, and
 * whether the cell is covered by a merged cell (table:covered-table-cell: it continues the cell
 * above or to its left). A cell covered from the left is dropped, its columns being in the span.
 */
function tableRows(table: XNode): { content: XNode[]; span: number; covered: boolean }[][] {
  const rows: { content: XNode[]; span: number; covered: boolean }[][] = [];
  const visit = (nodes: XNode[]) => {
    for (const n of nodes) {
      const t = tagOf(n);
      if (t === 'table:table-row') {
        const cells: { content: XNode[]; span: number; covered: boolean }[] = [];
        let hidden = 0;
        for (const c of childrenOf(n)) {
          const ct = tagOf(c);
          if (ct !== 'table:table-cell' && ct !== 'table:covered-table-cell') continue;
          if (hidden > 0) {
            hidden--;
            continue;
          }
          const span = Math.max(1, Number(attr(c, 'table:number-columns-spanned') ?? 1) || 1);
          hidden = span - 1;
          cells.push({ content: childrenOf(c), span, covered: ct === 'table:covered-table-cell' });
        }
        rows.push(cells);
      } else if (t === 'table:table-header-rows' || t === 'table:table-rows' || t === 'table:table-row-group') visit(childrenOf(n));
    }
  };
  visit(childrenOf(table));
  return rows;
}

/** Pages of lines of an ODT's content.xml (styles.xml for list styles). */
export function odtPages(contentXml: Buffer, stylesXml?: Buffer): string[][] {
  return odtContent(contentXml, stylesXml).pages;
}

/** The pages of lines and, per page, the tables with their cell structure (page-relative lines). */
export function odtContent(contentXml: Buffer, stylesXml?: Buffer): { pages: string[][]; tables: TableLayout[][] } {
  const content = parseXml(contentXml);
  const styles = parseXml(stylesXml);
  const w: Walk = { pages: [[]], styles: listStyles([content, styles]), counters: new Map(), tables: [] };
  const body = (function find(nodes: XNode[]): XNode | null {
    for (const n of nodes) {
      if (tagOf(n) === 'office:text') return n;
      const f = find(childrenOf(n));
      if (f) return f;
    }
    return null;
  })(content);
  if (!body) throw new Error('content.xml has no office:text body');
  blocks(childrenOf(body), w, null);
  return finishPages(w.pages, w.tables ?? []);
}

/** OpenDocument text (.odt, LibreOffice Writer): paragraphs, list labels, tables, page breaks. */
export const odtBackend: IngestBackend = {
  name: 'odt',
  sniff: sniffOdt,
  async read(bytes, path) {
    const entries = await readZipEntries(bytes, path, ['content.xml', 'styles.xml']);
    const content = entries.get('content.xml');
    if (!content) throw new IngestFailure(path, 'an OpenDocument file without content.xml');
    let pages: string[][];
    let tables: TableLayout[][];
    try {
      ({ pages, tables } = odtContent(content, entries.get('styles.xml')));
    } catch (e) {
      throw new IngestFailure(path, `corrupt OpenDocument text: ${(e as Error).message}`);
    }
    const all = pages.flat();
    if (all.every((l) => l.trim() === '')) throw new IngestFailure(path, 'the document has no text');
    const repaired = repairMojibake(all);
    let k = 0;
    const out: IngestedPage[] = pages.map((p, i) => ({ pageNumber: i + 1, lines: p.length > 0 ? p.map(() => repaired.lines[k++]) : [''], ocrConfidence: null, ...(tables[i]?.length ? { tables: tables[i] } : {}) }));
    return {
      sourceKind: 'odt',
      encoding: repaired.kind,
      pages: out,
      warnings: repaired.kind ? [`legacy ${repaired.kind.toUpperCase()} font text was converted to Unicode`] : [],
    };
  },
};
