import type Database from 'better-sqlite3';
import { SectionKind } from '../../schemas/index.ts';
import { canonicalUnitName, displayUnitName, normaliseTonePlacement } from '../gazetteer/units.ts';
import { stripMarks } from '../vietnamese/marks.ts';

/**
 * Cross-document aggregates for analysts, per province and commune: what was filed, which
 * section kinds the documents cover, targets side by side (and against the province's own
 * plan when one is stored), work per canonical unit, and upcoming deadlines. Pure reads of the
 * store; presentation is in aggregate-format.ts.
 */

export const SECTION_KINDS = SectionKind.options;
export type CoverageKind = SectionKind;

export interface PlaceRow {
  province: string | null;
  /** null for provincial documents (issued by the province, no commune). */
  commune: string | null;
  documents: number;
  plans: number;
  reports: number;
  tasks: number;
  targets: number;
  latestIssued: string | null;
  /** Number of the place's documents having at least one section of each kind. */
  coverage: Record<CoverageKind, number>;
  /** Documents missing at least one section their type is expected to have (qa_expected_sections). */
  incompleteDocuments: number;
}

export interface TargetRow {
  province: string | null;
  commune: string | null;
  docId: string;
  population: string | null;
  unit: string | null;
  year: number | null;
  value: number;
  /** The same population, year and unit in a provincial plan of the same province (latest issued), if any. */
  provincialValue: number | null;
  provincialDocId: string | null;
  /** value − provincialValue. */
  difference: number | null;
  statement: string;
  startLine: number | null;
}

export interface WorkloadRow {
  canonicalName: string;
  displayName: string;
  documents: number;
  places: number;
  tasksLed: number;
  tasksSupported: number;
  duties: number;
}

export interface DeadlineRow {
  province: string | null;
  commune: string | null;
  docId: string;
  date: string;
  what: string;
  source: 'deadline' | 'task';
  startLine: number | null;
}

export interface AggregateReport {
  province: string | null;
  asOf: string;
  places: PlaceRow[];
  targets: TargetRow[];
  workload: WorkloadRow[];
  deadlines: DeadlineRow[];
}

export interface AggregateOptions {
  /** Only this province (matched ignoring case and diacritics). */
  province?: string | null;
  /** Deadlines on or after this ISO date count as upcoming (the CLI passes today). */
  asOf: string;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order of places (Đ after D, not after Z), the province's own documents first. */
export function comparePlaces(a: { province: string | null; commune: string | null }, b: { province: string | null; commune: string | null }): number {
  return (
    collator.compare(a.province ?? '', b.province ?? '') ||
    Number(a.commune !== null) - Number(b.commune !== null) ||
    collator.compare(a.commune ?? '', b.commune ?? '')
  );
}

/** Lower case, no diacritics, đ → d: for matching a province typed on a keyboard without a Vietnamese layout. */
export function foldName(s: string): string {
  return stripMarks(s).toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Grouping key of a target population: case, tone placement, spacing and final punctuation do not matter. */
export function populationKey(p: string | null): string {
  if (!p) return '';
  let key = populationKeys.get(p);
  if (key === undefined) {
    // A national store has ~50,000 targets over a few hundred population wordings: normalise each once.
    if (populationKeys.size > 100_000) populationKeys.clear();
    key = normaliseTonePlacement(p).toLocaleLowerCase('vi').replace(/[.;:,\s]+$/u, '').replace(/\s+/gu, ' ').trim();
    populationKeys.set(p, key);
  }
  return key;
}
const populationKeys = new Map<string, string>();

/** The stored province spelling that `wanted` designates, or an error listing the stored ones. */
export function resolveStoredProvince(db: Database.Database, wanted: string): string {
  const stored = (db.prepare('SELECT DISTINCT province FROM documents WHERE province IS NOT NULL ORDER BY province').all() as { province: string }[]).map(
    (r) => r.province,
  );
  const hit = stored.find((p) => foldName(p) === foldName(wanted));
  if (!hit) throw new Error(`province "${wanted}" has no documents in the store (stored: ${stored.join(', ') || 'none'})`);
  return hit;
}

/**
 * One row per place from the summaries the writer keeps per document (document_summary: counts and
 * the bit set of section kinds), so the cost is one pass over the documents. A document is
 * incomplete when its kinds lack a bit of its type's expected sections (qa_expected_sections, which
 * analysts may edit: it is read here, not frozen into the summaries).
 */
function placeRows(db: Database.Database, province: string | null): PlaceRow[] {
  const bits = db.prepare<[], { kind: string; bit: number }>('SELECT kind, bit FROM section_kind_bits').all();
  const kinds = bits.filter((b) => (SECTION_KINDS as readonly string[]).includes(b.kind));
  const rows = db
    .prepare<[string | null, string | null], Record<string, number | string | null>>(
      `WITH expected AS (
         SELECT e.doc_type, sum(1 << b.bit) AS mask FROM qa_expected_sections e JOIN section_kind_bits b ON b.kind = e.kind
         GROUP BY e.doc_type)
       SELECT d.province, d.commune, count(*) AS documents,
              sum(d.doc_type = 'ke_hoach') AS plans, sum(d.doc_type = 'bao_cao') AS reports,
              sum(s.tasks) AS tasks, sum(s.targets) AS targets, max(d.issued_date) AS latest,
              sum((coalesce(x.mask, 0) & ~s.kinds) != 0) AS incomplete
              ${kinds.map((k) => `, sum((s.kinds >> ${k.bit}) & 1) AS "kind_${k.kind}"`).join('')}
       FROM documents d JOIN document_summary s ON s.document_id = d.id LEFT JOIN expected x ON x.doc_type = d.doc_type
       WHERE (? IS NULL OR d.province = ?)
       GROUP BY d.province, d.commune`,
    )
    .all(province, province) as ({ province: string | null; commune: string | null } & Record<string, number | string | null>)[];
  return rows.sort(comparePlaces).map((r) => ({
    province: r.province,
    commune: r.commune,
    documents: r.documents as number,
    plans: r.plans as number,
    reports: r.reports as number,
    tasks: r.tasks as number,
    targets: r.targets as number,
    latestIssued: r.latest as string | null,
    coverage: Object.fromEntries(SECTION_KINDS.map((k) => [k, (r[`kind_${k}`] as number | undefined) ?? 0])) as Record<CoverageKind, number>,
    incompleteDocuments: r.incomplete as number,
  }));
}

interface RawTarget {
  document_id: number; doc_id: string; doc_type: string; province: string | null; commune: string | null;
  issued_date: string | null; year: number | null; value: number; unit: string | null; population: string | null;
  statement: string; start_line: number | null;
}

/** Targets of commune documents next to the province's figure for the same population, year and unit. */
function targetRows(db: Database.Database, province: string | null): TargetRow[] {
  const all = db
    .prepare<[string | null, string | null], RawTarget>(
      `SELECT d.id AS document_id, d.doc_id, d.doc_type, d.province, d.commune, d.issued_date, t.year, t.value, t.unit,
              t.population, t.statement, t.start_line
       FROM targets t JOIN documents d ON d.id = t.document_id
       WHERE (? IS NULL OR d.province = ?)
       ORDER BY d.province, d.commune IS NOT NULL, d.commune, d.doc_id, t.ordinal`,
    )
    .all(province, province);
  // Provincial plan figures, the latest issued plan winning when several name the same target.
  const provincial = new Map<string, RawTarget>();
  const tkey = (t: RawTarget) => `${t.province ?? ''}\u0000${populationKey(t.population)}\u0000${t.year ?? ''}\u0000${(t.unit ?? '').toLowerCase()}`;
  for (const t of all) {
    if (t.commune !== null || t.province === null) continue;
    const prev = provincial.get(tkey(t));
    if (!prev || (t.issued_date ?? '') >= (prev.issued_date ?? '')) provincial.set(tkey(t), t);
  }
  // Sorting 50,000 targets with the Vietnamese collator is most of the cost at national scale: rank
  // the few thousand distinct places once, then sort by rank (stable, so the SQL order stays within a place).
  const placeKey = (t: RawTarget) => `${t.province ?? ''}\u0000${t.commune === null ? '' : `\u0001${t.commune}`}`;
  const places = new Map<string, RawTarget>();
  const keys = all.map(placeKey);
  all.forEach((t, i) => places.has(keys[i]) || places.set(keys[i], t));
  const rank = new Map([...places.entries()].sort((a, b) => comparePlaces(a[1], b[1])).map(([k], i) => [k, i]));
  // Each row's rank looked up once, then an index sort on numbers (stable like the SQL order).
  const ranks = Int32Array.from(keys, (k) => rank.get(k)!);
  const order = Array.from(all.keys()).sort((a, b) => ranks[a] - ranks[b] || a - b);
  return order.map((i) => all[i]).map((t) => {
    const p = t.commune !== null ? provincial.get(tkey(t)) : undefined;
    return {
      province: t.province,
      commune: t.commune,
      docId: t.doc_id,
      population: t.population,
      unit: t.unit,
      year: t.year,
      value: t.value,
      provincialValue: p?.value ?? null,
      provincialDocId: p?.doc_id ?? null,
      difference: p ? Math.round((t.value - p.value) * 1000) / 1000 : null,
      statement: t.statement,
      startLine: t.start_line,
    };
  });
}

/** Abbreviation tokens ("VH-XH", "LHPN", "TH&THCS"): a display name without them reads better. */
function abbreviationCount(name: string): number {
  return name.split(/[\s,;]+/u).filter((w) => /^[\p{Lu}&-]{2,}$/u.test(w) && /\p{Lu}{2}/u.test(w)).length;
}

/**
 * The name to show for each unit, among the forms the documents print (tidied): one spelled
 * exactly as the unit (not a damaged spelling grouped with it), with the fewest abbreviations
 * ("Hội Liên hiệp Phụ nữ" over "Hội LHPN"), the most frequent.
 */
function displayNames(db: Database.Database): Map<number, string> {
  // Each table grouped on its own (unit_id, printed_name) index, no sort; the two lists merge below.
  const rows = db
    .prepare<[], { unit_id: number; canonical_name: string; printed_name: string; n: number }>(
      `SELECT p.unit_id, u.canonical_name, p.printed_name, p.n FROM (
         SELECT unit_id, printed_name, count(*) AS n FROM task_units GROUP BY unit_id, printed_name
         UNION ALL
         SELECT unit_id, printed_name, count(*) AS n FROM responsibilities GROUP BY unit_id, printed_name) p
       JOIN units u ON u.id = p.unit_id`,
    )
    .all();
  const forms = new Map<number, Map<string, { n: number; exact: boolean }>>();
  for (const r of rows) {
    const byForm = forms.get(r.unit_id) ?? new Map<string, { n: number; exact: boolean }>();
    const shown = displayUnitName(r.printed_name);
    const prev = byForm.get(shown);
    const exact = canonicalUnitName(r.printed_name, { snap: false }) === r.canonical_name;
    byForm.set(shown, { n: (prev?.n ?? 0) + r.n, exact: (prev?.exact ?? false) || exact });
    forms.set(r.unit_id, byForm);
  }
  const out = new Map<number, string>();
  for (const [id, byForm] of forms) {
    const best = [...byForm].sort(
      (a, b) =>
        Number(b[1].exact) - Number(a[1].exact) ||
        abbreviationCount(a[0]) - abbreviationCount(b[0]) ||
        b[1].n - a[1].n ||
        collator.compare(a[0], b[0]),
    )[0];
    out.set(id, best[0]);
  }
  return out;
}

/**
 * Work per unit from the (document, unit) rows the writer keeps (unit_work). The distinct places of a
 * unit are counted on integer place numbers: counting distinct province/commune strings in SQL
 * cost more than the rest of the query at national scale.
 */
function workloadRows(db: Database.Database, province: string | null): WorkloadRow[] {
  const names = displayNames(db);
  const placeOf = new Map<number, number>();
  const placeIds = new Map<string, number>();
  for (const [id, p, c] of db
    .prepare<[string | null, string | null], [number, string | null, string | null]>('SELECT id, province, commune FROM documents WHERE (? IS NULL OR province = ?)')
    .raw()
    .all(province, province)) {
    const key = `${p ?? ''}\u0000${c ?? ''}`;
    let place = placeIds.get(key);
    if (place === undefined) placeIds.set(key, (place = placeIds.size));
    placeOf.set(id, place);
  }
  const places = new Map<number, Set<number>>();
  for (const [unit, doc] of db.prepare<[], [number, number]>('SELECT unit_id, document_id FROM unit_work').raw().all()) {
    const place = placeOf.get(doc);
    if (place === undefined) continue;
    let set = places.get(unit);
    if (!set) places.set(unit, (set = new Set()));
    set.add(place);
  }
  return db
    .prepare<[string | null, string | null], WorkloadRow & { unitId: number }>(
      `SELECT u.id AS unitId, u.canonical_name AS canonicalName, u.display_name AS displayName,
              count(*) AS documents, 0 AS places,
              sum(w.tasks_led) AS tasksLed, sum(w.tasks_supported) AS tasksSupported, sum(w.duties) AS duties
       FROM unit_work w JOIN units u ON u.id = w.unit_id
       WHERE (? IS NULL OR w.document_id IN (SELECT id FROM documents WHERE province = ?))
       GROUP BY u.id
       ORDER BY tasksLed DESC, tasksSupported DESC, duties DESC, canonicalName`,
    )
    .all(province, province)
    .map(({ unitId, ...w }) => ({ ...w, places: places.get(unitId)?.size ?? 0, displayName: names.get(unitId) ?? w.displayName }));
}

/**
 * Dated commitments on or after `asOf`, soonest first. A task due date that repeats one of the
 * document's deadlines (same date) is listed once, as the deadline. Partial dates ("2025-10")
 * count as upcoming while their month or year has not passed.
 */
function deadlineRows(db: Database.Database, province: string | null, asOf: string): DeadlineRow[] {
  return db
    .prepare<{ province: string | null; asOf: string }, DeadlineRow>(
      `SELECT v.province, v.commune, v.doc_id AS docId, v.date, v.what, v.source, v.start_line AS startLine
       FROM v_deadlines v
       WHERE (@province IS NULL OR v.province = @province)
         AND v.date >= substr(@asOf, 1, length(v.date))
         AND NOT (v.source = 'task' AND EXISTS (
               SELECT 1 FROM deadlines x WHERE x.document_id = v.document_id AND x.date = v.date))
       ORDER BY v.date, v.province, v.commune, v.doc_id, v.start_line`,
    )
    .all({ province, asOf });
}

export function aggregate(db: Database.Database, options: AggregateOptions): AggregateReport {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error(`asOf must be an ISO date (YYYY-MM-DD), got "${options.asOf}"`);
  const province = options.province ? resolveStoredProvince(db, options.province) : null;
  return {
    province,
    asOf: options.asOf,
    places: placeRows(db, province),
    targets: targetRows(db, province),
    workload: workloadRows(db, province),
    deadlines: deadlineRows(db, province, options.asOf),
  };
}
