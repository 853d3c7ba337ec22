/**
 * Chart geometry for the report's inline SVG: positions, sizes and colours computed here, the
 * markup (and escaping of every label) left to the templates. No chart library: four simple
 * charts do not justify shipping one into an offline report folder.
 */
import type { SimilarityReport } from '../similar.ts';
import type { DocumentSummary, TargetRow, UnitWorkload } from './data.ts';

/** White → deep blue as x goes 0 → 1. */
export function heatColor(x: number): string {
  const t = Math.max(0, Math.min(1, x));
  const light = Math.round(97 - t * 62);
  return `hsl(212, 70%, ${light}%)`;
}

/** Shortens a chart label to fit its column; the full text goes in the tooltip. */
export function clipLabel(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/** Dark text on light cells, light text on dark ones. */
export function inkFor(x: number): string {
  return x > 0.55 ? '#fff' : '#1b2733';
}

// ---------------------------------------------------------------------------------------------
// Coverage heatmap (documents × section kinds), an HTML table

export interface CoverageCell {
  lines: number;
  share: number;
  color: string;
  ink: string;
}

export function coverageCells(doc: DocumentSummary, kinds: readonly string[]): CoverageCell[] {
  const total = Math.max(1, doc.lineCount);
  return kinds.map((k) => {
    const lines = doc.kindLines[k as keyof DocumentSummary['kindLines']] ?? 0;
    // Square root: a short funding section (3% of the lines) must still read as "present".
    const share = lines / total;
    const shade = lines > 0 ? 0.2 + 0.8 * Math.sqrt(share) : 0;
    return { lines, share, color: heatColor(shade), ink: inkFor(shade) };
  });
}

// ---------------------------------------------------------------------------------------------
// Targets: a strip plot of percentage targets per population group

export interface StripDot {
  cx: number;
  cy: number;
  documentId: number;
  /** The target's line on its document's page; null when the document has no page. */
  href: string | null;
  label: string;
}

export interface StripRow {
  label: string;
  fullLabel: string;
  y: number;
  count: number;
  medianX: number;
  dots: StripDot[];
}

export interface StripChart {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  ticks: { x: number; label: string }[];
  rows: StripRow[];
}

const ROW_H = 26;

/** Percentage targets (0..100) grouped by population, the groups with most targets first. */
export function percentStrip(targets: readonly TargetRow[], maxRows = 14): StripChart {
  const width = 760;
  const plotLeft = 250;
  const plotRight = width - 20;
  const x = (v: number) => plotLeft + (Math.max(0, Math.min(100, v)) / 100) * (plotRight - plotLeft);
  const groups = new Map<string, TargetRow[]>();
  for (const t of targets) {
    if (t.unit !== '%' || t.value < 0 || t.value > 100) continue;
    const key = (t.population ?? '').trim() || '(population not stated)';
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, maxRows);
  const rows = ordered.map(([label, list], r) => {
    const y = 30 + r * ROW_H;
    const values = list.map((t) => t.value).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)];
    return {
      label: clipLabel(label, 34),
      fullLabel: label,
      y,
      count: list.length,
      medianX: x(median),
      dots: list.map((t, i) => ({
        cx: x(t.value),
        // Deterministic jitter so equal values stay visible.
        cy: y + (((i * 7) % 9) - 4) * 1.6,
        documentId: t.documentId,
        href: `docs/${t.documentId}.html${t.startLine ? `#L${t.startLine}` : ''}`,
        label: `${t.docId}${t.commune ? ` (${t.commune})` : ''}: ${t.value}%${t.year ? ` in ${t.year}` : ''} — ${t.statement}`,
      })),
    };
  });
  return {
    width,
    height: 40 + rows.length * ROW_H,
    plotLeft,
    plotRight,
    ticks: [0, 25, 50, 75, 100].map((v) => ({ x: x(v), label: `${v}%` })),
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Unit workload: horizontal stacked bars

export interface WorkloadBar {
  label: string;
  fullLabel: string;
  y: number;
  ledWidth: number;
  supportedWidth: number;
  unit: UnitWorkload;
}

export function workloadBars(units: readonly UnitWorkload[]): { width: number; height: number; barLeft: number; bars: WorkloadBar[] } {
  const width = 760;
  const barLeft = 280;
  const span = width - barLeft - 60;
  const max = Math.max(1, ...units.map((u) => u.tasksLed + u.tasksSupported));
  return {
    width,
    height: 20 + units.length * 22,
    barLeft,
    bars: units.map((u, i) => ({
      label: clipLabel(u.name, 40),
      fullLabel: u.name,
      y: 10 + i * 22,
      ledWidth: (u.tasksLed / max) * span,
      supportedWidth: (u.tasksSupported / max) * span,
      unit: u,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Similarity matrix, documents ordered cluster by cluster

export interface MatrixCell {
  x: number;
  y: number;
  color: string;
  label: string;
}

export interface MatrixChart {
  size: number;
  cell: number;
  offset: number;
  cells: MatrixCell[];
  labels: { y: number; text: string; id: number | null; href: string | null }[];
  shown: number;
  total: number;
}

/**
 * Cluster members first (largest cluster first), then stand-alone plans. Past `max` documents,
 * each cluster keeps a share in proportion to its size (its template document first, at least
 * two), so every cluster still shows as a block.
 */
export function clusterOrder(r: SimilarityReport, max = Infinity): number[] {
  const all = [...r.clusters.flatMap((c) => c.members), ...r.singletons];
  if (all.length <= max) return all;
  const out: number[] = [];
  for (const c of r.clusters) {
    const quota = Math.max(2, Math.floor((max * c.members.length) / all.length));
    const rest = c.members.filter((m) => m !== c.medoid);
    out.push(c.medoid, ...rest.slice(0, quota - 1));
  }
  out.push(...r.singletons);
  return out.slice(0, max);
}

export function similarityMatrixChart(
  r: SimilarityReport,
  docs: readonly { id: number | null; docId: string }[],
  maxDocs = 120,
): MatrixChart {
  const order = clusterOrder(r, maxDocs);
  const n = order.length;
  const cell = Math.max(4, Math.min(36, Math.floor(600 / Math.max(1, n))));
  const offset = 170;
  const cells: MatrixCell[] = [];
  order.forEach((i, row) => {
    order.forEach((j, col) => {
      const s = r.similarity(i, j);
      cells.push({
        x: offset + col * cell,
        y: row * cell,
        color: heatColor(s),
        label: `${docs[i].docId} × ${docs[j].docId}: ${Math.round(s * 100)}%`,
      });
    });
  });
  return {
    size: offset + n * cell,
    cell,
    offset,
    cells,
    labels: order.map((i, row) => ({
      y: row * cell + cell / 2,
      text: docs[i].docId,
      id: docs[i].id,
      href: docs[i].id !== null ? `docs/${docs[i].id}.html` : null,
    })),
    shown: n,
    total: r.n,
  };
}

// ---------------------------------------------------------------------------------------------
// Per-province roll-up of the documents table

export interface ProvinceRow {
  province: string;
  documents: number;
  plans: number;
  reports: number;
  communes: number;
  tasks: number;
  targets: number;
  /** Share of the province's documents having a top-level section of each kind. */
  kindShare: { kind: string; share: number; color: string; ink: string }[];
}

export function provinceRows(docs: readonly DocumentSummary[], kinds: readonly string[]): ProvinceRow[] {
  const groups = new Map<string, DocumentSummary[]>();
  for (const d of docs) {
    const key = d.province ?? '(province not found)';
    const list = groups.get(key);
    if (list) list.push(d);
    else groups.set(key, [d]);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'vi'))
    .map(([province, list]) => ({
      province,
      documents: list.length,
      plans: list.filter((d) => d.docType === 'ke_hoach').length,
      reports: list.filter((d) => d.docType === 'bao_cao').length,
      communes: new Set(list.map((d) => d.commune).filter(Boolean)).size,
      tasks: list.reduce((n, d) => n + d.tasks, 0),
      targets: list.reduce((n, d) => n + d.targets, 0),
      kindShare: kinds.map((kind) => {
        const share = list.filter((d) => (d.kindLines[kind as keyof DocumentSummary['kindLines']] ?? 0) > 0).length / list.length;
        return { kind, share, color: heatColor(share), ink: inkFor(share) };
      }),
    }));
}
