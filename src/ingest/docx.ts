import { XMLParser } from 'fast-xml-parser';
import type { IngestedPage, TableLayout } from '../../schemas/index.ts';
import type { IngestBackend, IngestContext } from './backend.ts';
import { IngestFailure, requireOcr } from './backend.ts';
import { repairMojibake } from './encoding.ts';
import { decodeLegacy, windows1252Bytes } from './legacy.ts';
import { checkImageHeader, sniffImage } from './image.ts';
import { recognizeUpright } from './orient.ts';
import { ocrPageFields } from './ocr.ts';
import { readZipEntries, sniffZip } from './zip.ts';

/** fast-xml-parser's order-preserving node: `{ tag: children[], ':@': attributes }` or `{ '#text': s }`. */
export type XNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
});

/** Order-preserving parse of an OOXML or ODF part (empty for a missing part). */
export function parseXml(xml: Buffer | undefined): XNode[] {
  return xml ? (parser.parse(xml.toString('utf8')) as XNode[]) : [];
}

export function tagOf(node: XNode): string | null {
  for (const k of Object.keys(node)) if (k !== ':@') return k;
  return null;
}
export function childrenOf(node: XNode): XNode[] {
  const t = tagOf(node);
  const c = t ? node[t] : undefined;
  return Array.isArray(c) ? (c as XNode[]) : [];
}
export function attr(node: XNode, name: string): string | undefined {
  const a = node[':@'] as Record<string, string> | undefined;
  return a?.[name];
}
function find(nodes: XNode[], tag: string): XNode | undefined {
  return nodes.find((n) => tagOf(n) === tag);
}
function findAll(nodes: XNode[], tag: string): XNode[] {
  return nodes.filter((n) => tagOf(n) === tag);
}

// ---------------------------------------------------------------- numbering

interface Level {
  start: number;
  format: string;
  text: string;
}
interface Numbering {
  /** numId → abstract levels (by ilvl) with start overrides applied. */
  levels: Map<string, Map<number, Level>>;
  /** styleId → its numbering (numId, ilvl), for headings numbered through their style. */
  styleNum: Map<string, { numId: string; ilvl: number }>;
}

function parseLevels(abstract: XNode): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of findAll(childrenOf(abstract), 'w:lvl')) {
    const c = childrenOf(lvl);
    levels.set(Number(attr(lvl, 'w:ilvl') ?? 0), {
      start: Number(attr(find(c, 'w:start') ?? {}, 'w:val') ?? 1),
      format: attr(find(c, 'w:numFmt') ?? {}, 'w:val') ?? 'decimal',
      text: attr(find(c, 'w:lvlText') ?? {}, 'w:val') ?? '',
    });
  }
  return levels;
}

export function parseNumbering(numberingXml: Buffer | undefined, stylesXml: Buffer | undefined): Numbering {
  const root = childrenOf(find(parseXml(numberingXml), 'w:numbering') ?? {});
  const abstracts = new Map<string, Map<number, Level>>();
  for (const a of findAll(root, 'w:abstractNum')) abstracts.set(attr(a, 'w:abstractNumId') ?? '', parseLevels(a));
  const levels = new Map<string, Map<number, Level>>();
  for (const num of findAll(root, 'w:num')) {
    const c = childrenOf(num);
    const absId = attr(find(c, 'w:abstractNumId') ?? {}, 'w:val') ?? '';
    const base = new Map([...(abstracts.get(absId) ?? new Map<number, Level>())].map(([k, v]) => [k, { ...v }]));
    for (const o of findAll(c, 'w:lvlOverride')) {
      const ilvl = Number(attr(o, 'w:ilvl') ?? 0);
      const start = find(childrenOf(o), 'w:startOverride');
      const lvl = base.get(ilvl);
      if (start && lvl) lvl.start = Number(attr(start, 'w:val') ?? lvl.start);
    }
    levels.set(attr(num, 'w:numId') ?? '', base);
  }
  const styleNum = new Map<string, { numId: string; ilvl: number }>();
  for (const st of findAll(childrenOf(find(parseXml(stylesXml), 'w:styles') ?? {}), 'w:style')) {
    const numPr = find(childrenOf(find(childrenOf(st), 'w:pPr') ?? {}), 'w:numPr');
    if (!numPr) continue;
    const c = childrenOf(numPr);
    const numId = attr(find(c, 'w:numId') ?? {}, 'w:val');
    if (numId) styleNum.set(attr(st, 'w:styleId') ?? '', { numId, ilvl: Number(attr(find(c, 'w:ilvl') ?? {}, 'w:val') ?? 0) });
  }
  return { levels, styleNum };
}

function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) while (n >= v) { out += s; n -= v; }
  return out;
}
function toLetters(n: number): string {
  // Word's letter numbering repeats the letter past z: a..z, aa..zz.
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'upperRoman': return toRoman(n);
    case 'lowerRoman': return toRoman(n).toLowerCase();
    case 'upperLetter': return toLetters(n).toUpperCase();
    case 'lowerLetter': return toLetters(n);
    case 'decimalZero': return String(n).padStart(2, '0');
    case 'none': return '';
    default: return String(n);
  }
}

/** Bullets drawn from Symbol/Wingdings private-use glyphs print as a dash, as typists read them. */
function bulletText(text: string): string {
  if (text === '' || /[\uf000-\uf8ff]/u.test(text)) return '-';
  return text;
}

/** Counters of a document's numbered lists; returns the label for each numbered paragraph. */
export function createNumberer(numbering: Numbering): (numId: string, ilvl: number) => string {
  const counters = new Map<string, number[]>();
  return (numId, ilvl) => {
    const levels = numbering.levels.get(numId);
    const lvl = levels?.get(ilvl);
    if (!levels || !lvl || numId === '0') return '';
    if (lvl.format === 'bullet') return bulletText(lvl.text);
    const c = counters.get(numId) ?? [];
    for (let i = 0; i < ilvl; i++) if (c[i] === undefined) c[i] = levels.get(i)?.start ?? 1;
    c[ilvl] = c[ilvl] === undefined ? lvl.start : c[ilvl] + 1;
    c.length = ilvl + 1; // deeper levels restart
    counters.set(numId, c);
    return lvl.text.replace(/%(\d)/g, (_m, d: string) => {
      const i = Number(d) - 1;
      const l = levels.get(i);
      return formatNumber(c[i] ?? l?.start ?? 1, l?.format ?? 'decimal');
    });
  };
}

// ---------------------------------------------------------------- body

/** Elements whose text is not part of the reading text (deletions, field codes, alternatives). */
const SKIP = new Set(['w:del', 'w:delText', 'w:instrText', 'mc:Fallback', 'w:pPr', 'w:rPr', 'w:sectPr', 'w:commentReference', 'w:footnoteReference', 'w:endnoteReference']);

/**
 * A word processor's pages as ingest keeps them: empty pages dropped (the first always kept), lines
 * trimmed at the end and NFC, and each table moved to its page's new index.
 */
export function finishPages(
  pages: string[][],
  tables: readonly { page: number; layout: TableLayout }[],
): { pages: string[][]; tables: TableLayout[][] } {
  const kept = pages.map((p, i) => p.length > 0 || i === 0);
  const newIndex: number[] = [];
  let n = 0;
  for (const k of kept) newIndex.push(k ? n++ : -1);
  const byPage: TableLayout[][] = Array.from({ length: n }, () => []);
  for (const t of tables) if (newIndex[t.page] >= 0) byPage[newIndex[t.page]].push(t.layout);
  return { pages: pages.filter((_, i) => kept[i]).map((p) => p.map((l) => l.replace(/\s+$/u, '').normalize('NFC'))), tables: byPage };
}

interface Collector {
  pages: string[][];
  /** Set when a page break was seen inside the current paragraph after some text. */
  breakAfter: boolean;
  /** Tables met at the body level: the page they are on (index in `pages`) and their cell structure. */
  tables?: { page: number; layout: TableLayout }[];
}

function newPage(c: Collector): void {
  if (c.pages[c.pages.length - 1].length > 0) c.pages.push([]);
}

/** The font a run names for Latin text, if any. */
function runFont(run: XNode): string | undefined {
  const rFonts = find(childrenOf(find(childrenOf(run), 'w:rPr') ?? {}), 'w:rFonts');
  return rFonts ? (attr(rFonts, 'w:ascii') ?? attr(rFonts, 'w:hAnsi') ?? attr(rFonts, 'w:cs')) : undefined;
}

/**
 * Text typed in a legacy Vietnamese font is stored as the font's Latin-1 code points: `.Vn*`
 * fonts are TCVN3 (ABC), their `…H` variants draw lowercase codes as capitals, `VNI-*` are VNI.
 */
export function convertLegacyRun(text: string, font: string | undefined): string {
  if (!font || text === '') return text;
  const tcvn = /^\.?vn(?!i[-_ ])/i.test(font);
  const vni = /^vni[-_ ]/i.test(font);
  if (!tcvn && !vni) return text;
  const bytes = windows1252Bytes(text);
  if (bytes === null) return text; // already Unicode
  const out = decodeLegacy(bytes, tcvn ? 'tcvn3' : 'vni');
  return tcvn && /h$/i.test(font.trim()) ? out.toUpperCase() : out;
}

/** Text of a paragraph's runs; nested paragraphs (text boxes) are appended to `extra`. */
function runText(nodes: XNode[], c: Collector, extra: string[], numberer: ReturnType<typeof createNumberer>, numbering: Numbering, acc: { text: string }): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === null || SKIP.has(tag)) continue;
    if (tag === '#text') continue;
    if (tag === 'w:r') {
      const sub = { text: '' };
      runText(childrenOf(n), c, extra, numberer, numbering, sub);
      acc.text += convertLegacyRun(sub.text, runFont(n));
    } else if (tag === 'w:t') {
      for (const t of childrenOf(n)) acc.text += String(t['#text'] ?? '');
    } else if (tag === 'w:tab') acc.text += '\t';
    else if (tag === 'w:br' || tag === 'w:cr') {
      if (attr(n, 'w:type') === 'page') {
        if (acc.text.trim() === '') newPage(c);
        else c.breakAfter = true;
      } else acc.text += '\n';
    } else if (tag === 'w:lastRenderedPageBreak') {
      if (acc.text.trim() === '') newPage(c);
      else c.breakAfter = true;
    } else if (tag === 'w:noBreakHyphen') acc.text += '-';
    else if (tag === 'w:sym') acc.text += bulletText(String.fromCharCode(parseInt(attr(n, 'w:char') ?? '0', 16)));
    else if (tag === 'w:p' || tag === 'w:tbl') {
      const sub: Collector = { pages: [[]], breakAfter: false };
      walkBlocks([n], sub, numberer, numbering);
      extra.push(...sub.pages.flat());
    } else runText(childrenOf(n), c, extra, numberer, numbering, acc);
  }
}

function paragraphLines(p: XNode, c: Collector, numberer: ReturnType<typeof createNumberer>, numbering: Numbering): string[] {
  const kids = childrenOf(p);
  const pPr = childrenOf(find(kids, 'w:pPr') ?? {});
  let label = '';
  const numPr = find(pPr, 'w:numPr');
  const styleId = attr(find(pPr, 'w:pStyle') ?? {}, 'w:val');
  if (numPr) {
    const nc = childrenOf(numPr);
    const numId = attr(find(nc, 'w:numId') ?? {}, 'w:val');
    if (numId) label = numberer(numId, Number(attr(find(nc, 'w:ilvl') ?? {}, 'w:val') ?? 0));
  } else if (styleId && numbering.styleNum.has(styleId)) {
    const s = numbering.styleNum.get(styleId)!;
    label = numberer(s.numId, s.ilvl);
  }
  if (find(pPr, 'w:pageBreakBefore') && attr(find(pPr, 'w:pageBreakBefore')!, 'w:val') !== 'false' && attr(find(pPr, 'w:pageBreakBefore')!, 'w:val') !== '0') newPage(c);
  const extra: string[] = [];
  const acc = { text: '' };
  runText(kids, c, extra, numberer, numbering, acc);
  const text = acc.text.trim() === '' ? '' : (label ? `${label} ` : '') + acc.text;
  return [...text.split('\n'), ...extra];
}

/**
 * A table as it reads on the page: row by row, and within a row line by line across the cells
 * (cell paragraphs side by side, tab-separated). A two-column letterhead, "ỦY BAN NHÂN DÂN" |
 * "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "XÃ …" | "Độc lập - Tự do - Hạnh phúc", so comes out
 * as a scan's OCR reads it; a data table's one-paragraph cells give one line per row.
 */
function tableLines(tbl: XNode, numberer: ReturnType<typeof createNumberer>, numbering: Numbering): { lines: string[]; layout: TableLayout } {
  const lines: string[] = [];
  const rows: TableLayout['rows'] = [];
  for (const tr of findAll(childrenOf(tbl), 'w:tr')) {
    const cells: string[][] = [];
    const shape: TableLayout['rows'][number]['cells'] = [];
    for (const tc of findAll(childrenOf(tr), 'w:tc')) {
      const sub: Collector = { pages: [[]], breakAfter: false };
      walkBlocks(childrenOf(tc), sub, numberer, numbering);
      // a tab inside a cell would read as a column boundary
      cells.push(sub.pages.flat().map((l) => l.replace(/\t/g, ' ').trim()).filter((l) => l !== ''));
      // merged cells: w:gridSpan across columns, w:vMerge (without "restart") continuing the cell above
      const tcPr = childrenOf(find(childrenOf(tc), 'w:tcPr') ?? {});
      const span = Number(attr(find(tcPr, 'w:gridSpan') ?? {}, 'w:val') ?? 1);
      const vMerge = find(tcPr, 'w:vMerge');
      shape.push({ span: Number.isFinite(span) && span > 0 ? span : 1, continued: vMerge !== null && vMerge !== undefined && attr(vMerge, 'w:val') !== 'restart' });
    }
    const height = Math.max(0, ...cells.map((c) => c.length));
    if (height === 0) continue;
    rows.push({ first: lines.length, last: lines.length + height - 1, cells: shape });
    for (let k = 0; k < height; k++) lines.push(cells.map((c) => c[k] ?? '').join('\t').replace(/\t+$/u, ''));
  }
  return { lines, layout: { rows } };
}

function walkBlocks(nodes: XNode[], c: Collector, numberer: ReturnType<typeof createNumberer>, numbering: Numbering): void {
  for (const n of nodes) {
    const tag = tagOf(n);
    if (tag === null || SKIP.has(tag)) continue;
    if (tag === 'w:p') {
      const lines = paragraphLines(n, c, numberer, numbering);
      c.pages[c.pages.length - 1].push(...lines);
      if (c.breakAfter) {
        c.breakAfter = false;
        newPage(c);
      }
    } else if (tag === 'w:tbl') {
      const t = tableLines(n, numberer, numbering);
      const page = c.pages[c.pages.length - 1];
      const at = page.length;
      page.push(...t.lines);
      if (c.tables && t.layout.rows.length) c.tables.push({ page: c.pages.length - 1, layout: { rows: t.layout.rows.map((r) => ({ ...r, first: r.first + at, last: r.last + at })) } });
    } else if (tag !== '#text') {
      walkBlocks(childrenOf(n), c, numberer, numbering); // w:sdt, w:customXml, mc:AlternateContent, ...
    }
  }
}

/** Pages of lines of a DOCX's main document: paragraphs with their list numbers, tables row by row. */
export function docxPages(documentXml: Buffer, numberingXml?: Buffer, stylesXml?: Buffer): string[][] {
  return docxContent(documentXml, numberingXml, stylesXml).pages;
}

/** The pages of lines and, per page, the tables with their cell structure (page-relative lines). */
export function docxContent(documentXml: Buffer, numberingXml?: Buffer, stylesXml?: Buffer): { pages: string[][]; tables: TableLayout[][] } {
  const doc = find(parseXml(documentXml), 'w:document');
  const body = find(childrenOf(doc ?? {}), 'w:body');
  if (!body) throw new Error('word/document.xml has no w:body');
  const numbering = parseNumbering(numberingXml, stylesXml);
  const c: Collector = { pages: [[]], breakAfter: false, tables: [] };
  walkBlocks(childrenOf(body), c, createNumberer(numbering), numbering);
  return finishPages(c.pages, c.tables ?? []);
}

/** A Word file this sparse in text, with pictures, is scans pasted into Word. */
export const SPARSE_DOCX_LETTERS = 200;

/** Relationship ids of the pictures in a document part, in reading order (DrawingML and VML). */
export function pictureIds(documentXml: Buffer): string[] {
  const ids: string[] = [];
  const visit = (nodes: XNode[]) => {
    for (const n of nodes) {
      const tag = tagOf(n);
      if (tag === null || tag === 'mc:Fallback') continue;
      if (tag === 'a:blip' && attr(n, 'r:embed')) ids.push(attr(n, 'r:embed')!);
      else if (tag === 'v:imagedata' && attr(n, 'r:id')) ids.push(attr(n, 'r:id')!);
      visit(childrenOf(n));
    }
  };
  visit(parseXml(documentXml));
  return ids;
}

/** Relationship id → zip entry name, from word/_rels/document.xml.rels. */
export function relationshipTargets(relsXml: Buffer | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const root = find(parseXml(relsXml), 'Relationships');
  for (const r of findAll(childrenOf(root ?? {}), 'Relationship')) {
    const id = attr(r, 'Id');
    const target = attr(r, 'Target');
    if (!id || !target || attr(r, 'TargetMode') === 'External') continue;
    out.set(id, target.startsWith('/') ? target.slice(1) : `word/${target}`.replace(/\/\.\//g, '/'));
  }
  return out;
}

/** OCR of the pictures of a Word file that is really scans, one page per picture. */
async function ocrPictures(bytes: Buffer, path: string, documentXml: Buffer, relsXml: Buffer | undefined, ctx: IngestContext, firstPage: number): Promise<IngestedPage[]> {
  const targets = relationshipTargets(relsXml);
  const names = [...new Set(pictureIds(documentXml).map((id) => targets.get(id)).filter((t): t is string => t !== undefined))];
  if (names.length === 0) return [];
  const media = await readZipEntries(bytes, path, names);
  const images = names.map((n) => media.get(n)).filter((b): b is Buffer => b !== undefined && sniffImage(b) !== null);
  if (images.length === 0) return [];
  const ocr = requireOcr(ctx, path);
  let done = 0;
  return Promise.all(
    images.map(async (img, i) => {
      checkImageHeader(img, path);
      const r = await recognizeUpright(ocr, img).catch((e: unknown) => {
        throw new IngestFailure(path, `picture ${i + 1} could not be OCR'd (${e instanceof Error ? e.message : String(e)})`);
      });
      ctx.onPage?.(++done, images.length);
      return { pageNumber: firstPage + i, ...ocrPageFields(r) };
    }),
  );
}

export const docxBackend: IngestBackend = {
  name: 'docx',
  sniff: sniffZip,
  async read(bytes, path, ctx) {
    const entries = await readZipEntries(bytes, path, ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/_rels/document.xml.rels', '[Content_Types].xml']);
    const documentXml = entries.get('word/document.xml');
    if (!documentXml) {
      const kind = entries.has('[Content_Types].xml') ? 'an Office file that is not a Word document' : 'a ZIP archive, not a Word document';
      throw new IngestFailure(path, `${kind} (no word/document.xml)`);
    }
    let pages: string[][];
    let tables: TableLayout[][];
    try {
      ({ pages, tables } = docxContent(documentXml, entries.get('word/numbering.xml'), entries.get('word/styles.xml')));
    } catch (e) {
      throw new IngestFailure(path, `corrupt DOCX: ${(e as Error).message}`);
    }
    const allLines = pages.flat();
    // Runs typed in .VnTime / VNI-Times fonts are stored as Latin-1 mojibake: convert them.
    const repaired = repairMojibake(allLines);
    let k = 0;
    const textPages: IngestedPage[] = pages.map((p, i) => ({ pageNumber: i + 1, lines: p.map(() => repaired.lines[k++]), ocrConfidence: null, ...(tables[i]?.length ? { tables: tables[i] } : {}) }));
    const warnings = repaired.kind ? [`legacy ${repaired.kind.toUpperCase()} font text was converted to Unicode`] : [];
    const letters = (allLines.join('\n').match(/\p{L}/gu) ?? []).length;
    let outPages = textPages;
    if (letters < SPARSE_DOCX_LETTERS) {
      const kept = letters > 0 ? textPages.filter((p) => p.lines.some((l) => l.trim() !== '')) : [];
      const scans = await ocrPictures(bytes, path, documentXml, entries.get('word/_rels/document.xml.rels'), ctx, kept.length + 1);
      if (scans.length > 0) {
        // The pictures' own paragraphs are blank lines: trim them from the caption pages.
        const trimmed = kept.map((p, i) => ({ ...p, pageNumber: i + 1, lines: p.lines.join('\n').replace(/\s+$/u, '').split('\n') }));
        outPages = [...trimmed, ...scans];
        warnings.push(`${scans.length} picture(s) in a Word file with almost no text were OCR'd (scans pasted into Word)`);
      }
    }
    if (outPages.every((p) => p.lines.every((l) => l.trim() === ''))) throw new IngestFailure(path, 'the Word document has no text');
    return {
      sourceKind: 'docx',
      encoding: repaired.kind,
      pages: outPages.map((p) => (p.lines.length === 0 ? { ...p, lines: [''] } : p)),
      warnings,
    };
  },
};
