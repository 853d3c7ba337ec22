import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { comparePlaces, populationKey, SECTION_KINDS, type AggregateReport, type PlaceRow } from './aggregate.ts';

/** The parts of an aggregate report, each exportable as one CSV table. */
export const AGGREGATE_SECTIONS = ['places', 'targets', 'workload', 'deadlines'] as const;
export type AggregateSection = (typeof AGGREGATE_SECTIONS)[number];

type Cell = string | number | null;

/** One section as a header row plus data rows: the shape both CSV and the tests use. */
export function aggregateRows(report: AggregateReport, section: AggregateSection): Cell[][] {
  switch (section) {
    case 'places':
      return [
        ['province', 'commune', 'documents', 'plans', 'reports', 'tasks', 'targets', 'latest_issued', 'incomplete_documents', ...SECTION_KINDS.map((k) => `with_${k}`)],
        ...report.places.map((p) => [
          p.province, p.commune, p.documents, p.plans, p.reports, p.tasks, p.targets, p.latestIssued, p.incompleteDocuments,
          ...SECTION_KINDS.map((k) => p.coverage[k]),
        ]),
      ];
    case 'targets':
      return [
        ['province', 'commune', 'doc_id', 'population', 'unit', 'year', 'value', 'provincial_value', 'provincial_doc_id', 'difference', 'start_line', 'statement'],
        ...report.targets.map((t) => [
          t.province, t.commune, t.docId, t.population, t.unit, t.year, t.value, t.provincialValue, t.provincialDocId, t.difference, t.startLine, t.statement,
        ]),
      ];
    case 'workload':
      return [
        ['canonical_name', 'display_name', 'documents', 'places', 'tasks_led', 'tasks_supported', 'duties'],
        ...report.workload.map((w) => [w.canonicalName, w.displayName, w.documents, w.places, w.tasksLed, w.tasksSupported, w.duties]),
      ];
    case 'deadlines':
      return [
        ['date', 'province', 'commune', 'doc_id', 'source', 'what', 'start_line'],
        ...report.deadlines.map((d) => [d.date, d.province, d.commune, d.docId, d.source, d.what, d.startLine]),
      ];
  }
}

/** RFC 4180 CSV (csv-stringify), UTF-8 with a BOM so spreadsheet programs read the diacritics. */
export function aggregateCsv(report: AggregateReport, section: AggregateSection, options: { bom?: boolean } = {}): string {
  return stringify(aggregateRows(report, section), { bom: options.bom ?? true, cast: { number: (n) => String(n) } });
}

function placeName(p: { province: string | null; commune: string | null }): string {
  return p.commune ? `${p.commune}${p.province ? `, ${p.province}` : ''}` : `tỉnh ${p.province ?? '?'}`;
}

const KIND_SHORT: Record<string, string> = {
  purpose: 'purp', targets: 'targ', content: 'cont', funding: 'fund', timeline: 'time', organization: 'org',
  situation: 'sit', results: 'res', assessment: 'asmt', next_steps: 'next', other: 'oth',
};

function table(head: string[], options: { color: boolean; colWidths?: (number | null)[] }) {
  return new Table({ head, style: options.color ? {} : { head: [], border: [] }, wordWrap: true, colWidths: options.colWidths ?? [] });
}

function placesTable(places: PlaceRow[], color: boolean): string {
  const t = table(['place', 'docs', 'plans', 'reports', 'tasks', 'targets', ...SECTION_KINDS.map((k) => KIND_SHORT[k]), 'incomplete'], { color });
  for (const p of places) {
    t.push([placeName(p), p.documents, p.plans, p.reports, p.tasks, p.targets, ...SECTION_KINDS.map((k) => p.coverage[k] || ''), p.incompleteDocuments || '']);
  }
  return t.toString();
}

/** Targets pivoted: one row per place and population, one column per year; "(tỉnh v)" beside a commune's figure. */
function targetsTable(report: AggregateReport, color: boolean, limit: number): string {
  const years = [...new Set(report.targets.map((t) => t.year))].sort((a, b) => (a ?? 9999) - (b ?? 9999));
  type PivotRow = { province: string | null; commune: string | null; place: string; population: string; unit: string; cells: Map<number | null, string[]> };
  const rows = new Map<string, PivotRow>();
  for (const t of report.targets) {
    const key = `${placeName(t)}\u0000${populationKey(t.population)}\u0000${t.unit ?? ''}`;
    const row = rows.get(key) ?? { province: t.province, commune: t.commune, place: placeName(t), population: t.population ?? '', unit: t.unit ?? '', cells: new Map() };
    const cell = `${t.value}${t.provincialValue !== null ? ` (tỉnh ${t.provincialValue})` : ''}`;
    row.cells.set(t.year, [...(row.cells.get(t.year) ?? []), cell]);
    rows.set(key, row);
  }
  const tb = table(['place', 'population', 'unit', ...years.map((y) => (y === null ? 'no year' : String(y)))], {
    color,
    colWidths: [30, 50, null, ...years.map(() => null)],
  });
  // Grouped by population so the communes' figures for one group sit one under another, the province's first.
  // One collator for the whole sort (localeCompare with a locale builds one per call: seconds for a national store).
  const vi = new Intl.Collator('vi');
  const byDefault = new Intl.Collator(); // what unit.localeCompare(other) compares with, built once
  const ordered = [...rows.values()]
    .map((r) => ({ r, pop: populationKey(r.population) }))
    .sort((a, b) => vi.compare(a.pop, b.pop) || byDefault.compare(a.r.unit, b.r.unit) || comparePlaces(a.r, b.r))
    .map((x) => x.r);
  for (const r of ordered.slice(0, limit)) tb.push([r.place, r.population, r.unit, ...years.map((y) => (r.cells.get(y) ?? []).join(' / '))]);
  const more = rows.size > limit ? `\n(${rows.size - limit} more rows: use --format csv or json)` : '';
  return `${tb.toString()}${more}`;
}

/** The report as terminal tables; long sections are cut at `limit` rows (CSV and JSON carry everything). */
export function formatAggregateTables(
  report: AggregateReport,
  options: { color?: boolean; limit?: number; sections?: readonly AggregateSection[] } = {},
): string {
  const color = options.color ?? false;
  const limit = options.limit ?? 25;
  const wanted = new Set(options.sections ?? AGGREGATE_SECTIONS);
  const out: string[] = [];
  const scope = report.province ? `province ${report.province}` : 'all provinces';
  if (wanted.has('places')) {
    out.push(`Documents and section coverage per place (${scope}); a kind column counts the documents that have such a section:`);
    out.push(report.places.length ? placesTable(report.places.slice(0, limit), color) : 'No documents.');
    if (report.places.length > limit) out.push(`(${report.places.length - limit} more places: use --province, --limit, --format csv or json)`);
  }
  if (wanted.has('targets')) {
    out.push(`Targets by population and year (${report.targets.length} targets):`);
    out.push(report.targets.length ? targetsTable(report, color, limit) : 'No targets.');
  }
  if (wanted.has('workload')) {
    out.push(`Work per unit (canonical names; ${report.workload.length} units):`);
    if (report.workload.length) {
      const t = table(['unit', 'documents', 'places', 'tasks led', 'tasks supported', 'duties'], { color, colWidths: [50, null, null, null, null, null] });
      for (const w of report.workload.slice(0, limit)) t.push([w.displayName, w.documents, w.places, w.tasksLed, w.tasksSupported, w.duties]);
      out.push(t.toString() + (report.workload.length > limit ? `\n(${report.workload.length - limit} more units)` : ''));
    } else out.push('No units.');
  }
  if (wanted.has('deadlines')) {
    out.push(`Upcoming deadlines from ${report.asOf} (${report.deadlines.length}):`);
    if (report.deadlines.length) {
      const t = table(['date', 'place', 'document', 'what'], { color, colWidths: [12, 30, null, 72] });
      for (const d of report.deadlines.slice(0, limit)) t.push([d.date, placeName(d), d.docId, d.what.length > 70 ? `${d.what.slice(0, 69)}…` : d.what]);
      out.push(t.toString() + (report.deadlines.length > limit ? `\n(${report.deadlines.length - limit} more)` : ''));
    } else out.push('None.');
  }
  return out.join('\n');
}
