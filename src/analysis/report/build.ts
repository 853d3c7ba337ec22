/**
 * Builds the static HTML report from a store: index.html (documents, section coverage heatmap,
 * targets chart, unit workload, similarity), one page per document (OCR and repaired text side
 * by side, doubtful tokens marked, tasks and targets linked to their lines) and one stylesheet.
 * Templates are Eta with auto-escaping on: document text never reaches the page unescaped.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { Eta } from 'eta';
import { loadSimilarityCorpus } from '../compare.ts';
import { DEFAULT_CLUSTER_THRESHOLD, findSimilar, nearestNeighbours, type OwnItem, type SimilarityReport } from '../similar.ts';
import { coverageCells, percentStrip, provinceRows, similarityMatrixChart, workloadBars } from './charts.ts';
import {
  LOW_CONFIDENCE,
  SECTION_KINDS,
  loadDocumentDetail,
  loadDocumentSummaries,
  loadTargets,
  loadUnitWorkload,
  type DocumentDetail,
  type DocumentSummary,
} from './data.ts';
import { rawPieces, repairedPieces, type Piece } from './highlight.ts';

const TEMPLATES = fileURLToPath(new URL('./templates', import.meta.url));
const STYLESHEET = fileURLToPath(new URL('./assets/report.css', import.meta.url));

export interface ReportOptions {
  outDir: string;
  /** Shown in the footer. */
  dbPath?: string;
  /** Cosine threshold of the template clusters. */
  threshold?: number;
  /** Token confidence under which a token is marked doubtful. */
  lowBelow?: number;
  /** Documents shown in the similarity matrix (cluster order). */
  maxMatrixDocs?: number;
  /**
   * Documents that get a page with their full text side by side (default 300). A store with more
   * gets pages for each cluster's template plan first, then the documents of lowest repair
   * confidence; `documentPages` (vnplan report --doc) adds others, and pages written by earlier
   * builds are kept.
   */
  maxDocumentPages?: number;
  /** Documents to give a page whatever the cap (row ids). */
  documentPages?: readonly number[];
  /** Rows of the documents table and coverage heatmap per page (default 500); past it they move to per-province pages. */
  pageSize?: number;
  /** The generation time printed on every page (fixed in tests). */
  now?: Date;
}

export interface ReportResult {
  outDir: string;
  index: string;
  documentPages: number;
  provincePages: number;
  /** Bytes written by this build. */
  bytes: number;
}

export function createTemplateEngine(): Eta {
  return new Eta({ views: TEMPLATES, autoEscape: true, cache: true });
}

interface PageLine {
  lineNo: number;
  classes: string;
  raw: Piece[];
  text: Piece[];
}

/** Lines with their highlighted pieces and what starts on them (heading, task, target). */
export function pageLines(detail: DocumentDetail, lowBelow: number): { lines: PageLine[]; lowCount: number } {
  const starts = new Map<number, Set<string>>();
  const mark = (line: number | null, cls: string) => {
    if (line === null) return;
    const set = starts.get(line) ?? new Set<string>();
    set.add(cls);
    starts.set(line, set);
  };
  for (const s of detail.sections) mark(s.startLine, 'heading');
  for (const t of detail.tasks) mark(t.startLine, 'task');
  for (const t of detail.targets) mark(t.startLine, 'target');
  let lowCount = 0;
  const lines = detail.lines.map((l) => {
    lowCount += l.tokens.filter((t) => t.confidence < lowBelow).length;
    return {
      lineNo: l.lineNo,
      classes: [...(starts.get(l.lineNo) ?? [])].join(' '),
      raw: rawPieces(l.raw, l.tokens, lowBelow),
      text: repairedPieces(l.text, l.tokens, lowBelow),
    };
  });
  return { lines, lowCount };
}

export interface DocumentSimilarity {
  neighbours: { id: number | null; docId: string; score: number }[];
  cluster: null | { number: number; size: number; template: { id: number | null; docId: string }; isTemplate: boolean; own: OwnItem[] };
}

/** For each document (same order as `docs`): its nearest plans and its place in a template cluster. */
export function documentSimilarity(r: SimilarityReport, docs: readonly { id: number | null; docId: string }[]): DocumentSimilarity[] {
  const out: DocumentSimilarity[] = docs.map((_, i) => ({
    neighbours: nearestNeighbours(r, i, 5).map((n) => ({ id: docs[n.index].id, docId: docs[n.index].docId, score: n.score })),
    cluster: null,
  }));
  r.clusters.forEach((c, k) => {
    c.members.forEach((i, m) => {
      out[i].cluster = {
        number: k + 1,
        size: c.members.length,
        template: { id: docs[c.medoid].id, docId: docs[c.medoid].docId },
        isTemplate: i === c.medoid,
        own: c.own[m],
      };
    });
  });
  return out;
}

function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

const DEFAULT_MAX_DOCUMENT_PAGES = 300;
const DEFAULT_PAGE_SIZE = 500;
/** Clusters listed on the overview (all of them are in `vnplan similar --json`). */
const MAX_CLUSTERS = 50;
/** Targets drawn in the strip chart: an even sample past this. */
const MAX_STRIP_TARGETS = 3000;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Removes the pages of documents no longer in the store and the province pages of an earlier build. */
function clearOldPages(docsDir: string, provincesDir: string, keep: ReadonlySet<number>): void {
  for (const f of readdirSync(docsDir)) {
    const m = /^(\d+)\.html$/.exec(f);
    if (m && !keep.has(Number(m[1]))) rmSync(join(docsDir, f));
  }
  for (const f of readdirSync(provincesDir)) if (/^p\d+-\d+\.html$/.test(f)) rmSync(join(provincesDir, f));
}

/** Row ids of the document pages an earlier build wrote. */
function existingPages(docsDir: string): number[] {
  return readdirSync(docsDir).flatMap((f) => {
    const m = /^(\d+)\.html$/.exec(f);
    return m ? [Number(m[1])] : [];
  });
}

/** Every n-th item, to show `max` of them evenly. */
function evenSample<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / max;
  return Array.from({ length: max }, (_, k) => xs[Math.floor(k * step)]!);
}

export function buildReport(db: Database.Database, options: ReportOptions): ReportResult {
  const eta = createTemplateEngine();
  const lowBelow = options.lowBelow ?? LOW_CONFIDENCE;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxPages = options.maxDocumentPages ?? DEFAULT_MAX_DOCUMENT_PAGES;
  const docsDir = join(options.outDir, 'docs');
  const provincesDir = join(options.outDir, 'provinces');
  mkdirSync(docsDir, { recursive: true });
  mkdirSync(provincesDir, { recursive: true });
  mkdirSync(join(options.outDir, 'assets'), { recursive: true });
  copyFileSync(STYLESHEET, join(options.outDir, 'assets', 'report.css'));
  let bytes = 0;
  const write = (path: string, html: string) => {
    writeFileSync(path, html);
    bytes += Buffer.byteLength(html);
  };

  const docs = loadDocumentSummaries(db);
  const ids = new Set(docs.map((d) => d.id));
  // Similarity from the stored features: no document's lines are read for it.
  const corpus = loadSimilarityCorpus(db);
  const planDocs = corpus.docs;
  const similarity = findSimilar(planDocs, { threshold: options.threshold ?? DEFAULT_CLUSTER_THRESHOLD, features: corpus.features });

  // Which documents get a full page: all of a small store; else templates, then the least certain repairs.
  const pages = new Set<number>();
  if (docs.length <= maxPages) for (const d of docs) pages.add(d.id);
  else {
    for (const c of similarity.clusters) if (pages.size < maxPages) pages.add(planDocs[c.medoid]!.id!);
    const byConfidence = [...docs].sort((a, b) => (a.meanConfidence ?? 1) - (b.meanConfidence ?? 1) || a.id - b.id);
    for (const d of byConfidence) {
      if (pages.size >= maxPages) break;
      pages.add(d.id);
    }
  }
  for (const id of options.documentPages ?? []) if (ids.has(id)) pages.add(id);
  for (const id of existingPages(docsDir)) if (ids.has(id)) pages.add(id);
  clearOldPages(docsDir, provincesDir, pages);

  /** A link to a document's page when it has one (`docsDir`: the path from the page to docs/), else its name. */
  const linker = (docsDir: string) => (id: number | null, text: string, line?: number | null): string => {
    const label = escapeHtml(text);
    if (id === null || !pages.has(id)) return id === null ? label : `<span title="no page yet: vnplan report --doc ${id}">${label}</span>`;
    return `<a href="${docsDir}${id}.html${line ? `#L${line}` : ''}">${label}</a>`;
  };
  const provinceKey = (p: string | null) => p ?? '(province not found)';
  const provinceList = provinceRows(docs, SECTION_KINDS);
  const provinceIndex = new Map(provinceList.map((p, k) => [p.province, k + 1]));
  const provincePage = (root: string) => (province: string, page: number) => `${root}provinces/p${provinceIndex.get(province)}-${page}.html`;

  const allTargets = loadTargets(db);
  const targets = evenSample(allTargets, MAX_STRIP_TARGETS);
  const strip = percentStrip(targets);
  for (const row of strip.rows) for (const dot of row.dots) if (!pages.has(dot.documentId)) dot.href = null;
  const matrix = similarityMatrixChart(similarity, planDocs, options.maxMatrixDocs ?? 120);
  for (const l of matrix.labels) if (l.id === null || !pages.has(l.id)) l.href = null;
  const paged = docs.length > pageSize;
  const common = {
    generated: stamp(options.now ?? new Date()),
    documentCount: docs.length,
    dbPath: options.dbPath ?? '(store)',
  };

  const index = eta.render('./index', {
    ...common,
    root: '',
    docLink: linker('docs/'),
    provincePage: provincePage(''),
    paged,
    pageSize,
    pagesCapped: pages.size < docs.length,
    documentPages: pages.size,
    docs: paged ? [] : docs,
    totals: {
      documents: docs.length,
      tasks: docs.reduce((n, d) => n + d.tasks, 0),
      targets: docs.reduce((n, d) => n + d.targets, 0),
    },
    kinds: SECTION_KINDS,
    provinces: provinceList,
    coverage: paged ? [] : docs.map((d: DocumentSummary) => ({ doc: d, cells: coverageCells(d, SECTION_KINDS) })),
    strip,
    targetSample: targets.length < allTargets.length ? { shown: targets.length, total: allTargets.length } : null,
    otherTargets: allTargets.filter((t) => t.unit !== '%').slice(0, 300),
    workload: workloadBars(loadUnitWorkload(db)),
    similarity,
    maxClusters: MAX_CLUSTERS,
    simDocs: planDocs.map((d) => ({ id: d.id, docId: d.docId })),
    matrix,
  });
  const indexPath = join(options.outDir, 'index.html');
  write(indexPath, index);

  // One page per province and page of documents: a national store's tables are split, never one huge page.
  const byProvince = new Map<string, DocumentSummary[]>();
  for (const d of docs) {
    const list = byProvince.get(provinceKey(d.province));
    if (list) list.push(d);
    else byProvince.set(provinceKey(d.province), [d]);
  }
  let provincePages = 0;
  for (const [province, list] of byProvince) {
    const pageCount = Math.max(1, Math.ceil(list.length / pageSize));
    for (let page = 1; page <= pageCount; page++) {
      const slice = list.slice((page - 1) * pageSize, page * pageSize);
      const html = eta.render('./province', {
        ...common,
        root: '../',
        docLink: linker('../docs/'),
        province,
        page,
        pageCount,
        pageHref: (k: number) => provincePage('')(province, k).replace(/^provinces\//, ''),
        total: list.length,
        docs: slice,
        kinds: SECTION_KINDS,
        coverage: slice.map((d) => ({ doc: d, cells: coverageCells(d, SECTION_KINDS) })),
      });
      write(join(options.outDir, provincePage('')(province, page)), html);
      provincePages++;
    }
  }

  const simByIndex = documentSimilarity(similarity, planDocs);
  const simById = new Map(planDocs.map((d, i) => [d.id, simByIndex[i]]));
  const byId = new Map(docs.map((d) => [d.id, d]));
  for (const id of [...pages].sort((a, b) => a - b)) {
    const doc = byId.get(id)!;
    const detail = loadDocumentDetail(db, doc.id);
    const { lines, lowCount } = pageLines(detail, lowBelow);
    const sim = simById.get(doc.id) ?? null;
    const html = eta.render('./document', { ...common, root: '../', docLink: linker(''), doc, detail, lines, lowCount, lowBelow, sim });
    write(join(docsDir, `${doc.id}.html`), html);
  }
  return { outDir: options.outDir, index: indexPath, documentPages: pages.size, provincePages, bytes };
}
