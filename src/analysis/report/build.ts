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
import { loadPlanDocs } from '../compare.ts';
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
  /** The generation time printed on every page (fixed in tests). */
  now?: Date;
}

export interface ReportResult {
  outDir: string;
  index: string;
  documentPages: number;
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
    neighbours: nearestNeighbours(r.matrix, i, 5).map((n) => ({ id: docs[n.index].id, docId: docs[n.index].docId, score: n.score })),
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

/** Removes pages of an earlier build (only files this builder writes), so deleted documents vanish. */
function clearOldPages(docsDir: string): void {
  for (const f of readdirSync(docsDir)) if (/^\d+\.html$/.test(f)) rmSync(join(docsDir, f));
}

export function buildReport(db: Database.Database, options: ReportOptions): ReportResult {
  const eta = createTemplateEngine();
  const lowBelow = options.lowBelow ?? LOW_CONFIDENCE;
  const docsDir = join(options.outDir, 'docs');
  mkdirSync(docsDir, { recursive: true });
  mkdirSync(join(options.outDir, 'assets'), { recursive: true });
  clearOldPages(docsDir);
  copyFileSync(STYLESHEET, join(options.outDir, 'assets', 'report.css'));

  const docs = loadDocumentSummaries(db);
  const planDocs = loadPlanDocs(db);
  const similarity = findSimilar(planDocs, { threshold: options.threshold ?? DEFAULT_CLUSTER_THRESHOLD });
  const targets = loadTargets(db);
  const common = {
    generated: stamp(options.now ?? new Date()),
    documentCount: docs.length,
    dbPath: options.dbPath ?? '(store)',
  };

  const index = eta.render('./index', {
    ...common,
    root: '',
    docs,
    totals: {
      documents: docs.length,
      tasks: docs.reduce((n, d) => n + d.tasks, 0),
      targets: docs.reduce((n, d) => n + d.targets, 0),
    },
    kinds: SECTION_KINDS,
    provinces: provinceRows(docs, SECTION_KINDS),
    coverage: docs.map((d: DocumentSummary) => ({ doc: d, cells: coverageCells(d, SECTION_KINDS) })),
    strip: percentStrip(targets),
    otherTargets: targets.filter((t) => t.unit !== '%').slice(0, 300),
    workload: workloadBars(loadUnitWorkload(db)),
    similarity,
    simDocs: planDocs.map((d) => ({ id: d.id, docId: d.docId })),
    matrix: similarityMatrixChart(similarity, planDocs, options.maxMatrixDocs ?? 120),
  });
  const indexPath = join(options.outDir, 'index.html');
  writeFileSync(indexPath, index);

  const simByIndex = documentSimilarity(similarity, planDocs);
  const simById = new Map(planDocs.map((d, i) => [d.id, simByIndex[i]]));
  for (const doc of docs) {
    const detail = loadDocumentDetail(db, doc.id);
    const { lines, lowCount } = pageLines(detail, lowBelow);
    const sim = simById.get(doc.id) ?? null;
    const html = eta.render('./document', { ...common, root: '../', doc, detail, lines, lowCount, lowBelow, sim });
    writeFileSync(join(docsDir, `${doc.id}.html`), html);
  }
  return { outDir: options.outDir, index: indexPath, documentPages: docs.length };
}
