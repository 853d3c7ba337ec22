/**
 * Side-by-side comparison of two plans: which sections correspond, how alike their texts are,
 * and which tasks and targets one plan has that the other lacks.
 */
import type Database from 'better-sqlite3';
import type { Extraction, SectionKind } from '../../schemas/record.ts';
import type { SegmentedDocument, SectionNode } from '../../schemas/segment.ts';
import {
  buildIdf,
  cosine,
  greedyAlign,
  termCounts,
  titleKey,
  dice,
  fuzzyKey,
  fuzzySimilarity,
  vectorize,
  type FuzzyKey,
  type IdfModel,
  type SimilarityFeatures,
} from './similar.ts';
import { documentFeatures, FEATURES_VERSION, uint16sOf, uint32sOf } from './features.ts';

// ---------------------------------------------------------------------------------------------
// The view of a stored plan that compare, similar and report work on

export interface PlanSection {
  numbering: string;
  heading: string;
  kind: SectionKind;
  /** 0 = top-level section, 1 = subsection, 2+ = items. */
  level: number;
  startLine: number;
  endLine: number;
}

export interface PlanItem {
  numbering: string;
  title: string;
  startLine: number;
  endLine: number;
}

export interface PlanTarget {
  value: number;
  unit: string | null;
  year: number | null;
  population: string | null;
  statement: string;
  startLine: number;
  endLine: number;
}

export interface PlanDoc {
  /** Row id in the store, null for a plan read straight from a file. */
  id: number | null;
  docId: string;
  title: string | null;
  docType: string | null;
  commune: string | null;
  province: string | null;
  /** Repaired text; index i holds line number i + 1. */
  lines: string[];
  /** The section tree flattened in document order. */
  sections: PlanSection[];
  tasks: PlanItem[];
  targets: PlanTarget[];
}

export function flattenSections(nodes: readonly SectionNode[]): PlanSection[] {
  const out: PlanSection[] = [];
  const walk = (ns: readonly SectionNode[]) => {
    for (const n of ns) {
      out.push({
        numbering: n.numbering,
        heading: n.heading,
        kind: n.kind,
        level: n.level,
        startLine: n.startLine,
        endLine: n.endLine,
      });
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** A PlanDoc from the pipeline's own records (a file compared without going through the store). */
export function planDocFromRecords(segmented: SegmentedDocument, extraction: Extraction): PlanDoc {
  const r = extraction.record;
  const p = extraction.provenance;
  return {
    id: null,
    docId: segmented.docId,
    title: r.meta.title,
    docType: r.meta.doc_type,
    commune: r.meta.commune,
    province: r.meta.province,
    lines: segmented.lines,
    sections: flattenSections(segmented.sections),
    tasks: r.tasks.map((t, i) => ({
      numbering: t.numbering,
      title: t.title,
      startLine: p.tasks[i]?.start ?? 1,
      endLine: p.tasks[i]?.end ?? 1,
    })),
    targets: r.targets.map((t, i) => ({
      value: t.value,
      unit: t.unit,
      year: t.year,
      population: t.population,
      statement: t.statement,
      startLine: p.targets[i]?.start ?? 1,
      endLine: p.targets[i]?.end ?? 1,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reading plans from the store (tables of src/store/migrations.ts)

interface DocumentRow {
  id: number;
  doc_id: string;
  title: string | null;
  doc_type: string | null;
  commune: string | null;
  province: string | null;
}

function groupBy<T extends { document_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.document_id);
    if (list) list.push(r);
    else out.set(r.document_id, [r]);
  }
  return out;
}

/**
 * Plans from the store, in row-id order; `ids` restricts to those documents. One query per
 * table (not per document) so loading 500 plans stays fast.
 */
export function loadPlanDocs(db: Database.Database, ids?: readonly number[], opts: { lines?: boolean } = {}): PlanDoc[] {
  const filter = ids ? `WHERE document_id IN (${ids.map(() => '?').join(',')})` : '';
  const params = ids ? [...ids] : [];
  if (ids && ids.length === 0) return [];
  const withLines = opts.lines ?? true;
  const docs = db
    .prepare(
      `SELECT id, doc_id, title, doc_type, commune, province FROM documents ${ids ? filter.replace('document_id', 'id') : ''} ORDER BY id`,
    )
    .all(...params) as DocumentRow[];
  const lines = groupBy(
    (withLines ? db.prepare(`SELECT document_id, line_no, text FROM lines ${filter} ORDER BY document_id, line_no`).all(...params) : []) as {
      document_id: number;
      line_no: number;
      text: string;
    }[],
  );
  const sections = groupBy(
    db
      .prepare(
        `SELECT document_id, numbering, heading, kind, level, start_line, end_line FROM sections ${filter} ORDER BY document_id, start_line, level, ordinal`,
      )
      .all(...params) as ({ document_id: number; start_line: number | null; end_line: number | null } & Omit<PlanSection, 'startLine' | 'endLine'>)[],
  );
  const tasks = groupBy(
    db
      .prepare(`SELECT document_id, numbering, title, start_line, end_line FROM tasks ${filter} ORDER BY document_id, ordinal`)
      .all(...params) as { document_id: number; numbering: string; title: string; start_line: number | null; end_line: number | null }[],
  );
  const targets = groupBy(
    db
      .prepare(
        `SELECT document_id, value, unit, year, population, statement, start_line, end_line FROM targets ${filter} ORDER BY document_id, ordinal`,
      )
      .all(...params) as ({ document_id: number; start_line: number | null; end_line: number | null } & Omit<PlanTarget, 'startLine' | 'endLine'>)[],
  );
  return docs.map((d) => {
    const text: string[] = [];
    for (const l of lines.get(d.id) ?? []) text[l.line_no - 1] = l.text;
    for (let i = 0; i < text.length; i++) text[i] ??= '';
    const span = (r: { start_line: number | null; end_line: number | null }) => ({
      startLine: r.start_line ?? 1,
      endLine: r.end_line ?? r.start_line ?? 1,
    });
    return {
      id: d.id,
      docId: d.doc_id,
      title: d.title,
      docType: d.doc_type,
      commune: d.commune,
      province: d.province,
      lines: text,
      sections: (sections.get(d.id) ?? []).map((s) => ({
        numbering: s.numbering,
        heading: s.heading,
        kind: s.kind,
        level: s.level,
        ...span(s),
      })),
      tasks: (tasks.get(d.id) ?? []).map((t) => ({ numbering: t.numbering, title: t.title, ...span(t) })),
      targets: (targets.get(d.id) ?? []).map((t) => ({
        value: t.value,
        unit: t.unit,
        year: t.year,
        population: t.population,
        statement: t.statement,
        ...span(t),
      })),
    };
  });
}

/**
 * Resolves a user's reference to a stored document: its row id, its doc_id (file name without
 * extension), or a source path. Throws naming the reference when none or several match.
 */
export function resolveDocumentRef(db: Database.Database, ref: string): number {
  // Only an all-digit reference is a row id: doc ids such as "001_d998…" start with digits too.
  const rowId = /^\d+$/.test(ref) ? Number(ref) : -1;
  const rows = db
    .prepare('SELECT id FROM documents WHERE doc_id = ? OR source_path = ? OR id = ? ORDER BY id')
    .all(ref, ref, rowId) as { id: number }[];
  if (rows.length === 0) throw new Error(`no document "${ref}" in the store (give a row id, a doc id or a source path)`);
  const exact = rows.filter((r) => r.id === rowId);
  if (exact.length === 1) return exact[0].id;
  if (rows.length > 1) throw new Error(`"${ref}" matches ${rows.length} documents (ids ${rows.map((r) => r.id).join(', ')}): give the row id`);
  return rows[0].id;
}

/** Document frequencies of the whole store, so a comparison discounts what every plan says. */
export function storeIdf(docs: readonly PlanDoc[]): IdfModel | null {
  // Under a handful of documents idf says more about chance than about boilerplate.
  return docs.length >= 5 ? buildIdf(docs.map((d) => termCounts(d.lines))) : null;
}

/**
 * What corpus-wide similarity reads from the store: every plan without its lines (sections, tasks
 * and targets, for the template items), and each one's stored features (document_features). A
 * document stored without features, or with features of another version, has them computed from its
 * lines here.
 */
export function loadSimilarityCorpus(db: Database.Database): { docs: PlanDoc[]; features: SimilarityFeatures[] } {
  const docs = loadPlanDocs(db, undefined, { lines: false });
  const rows = db.prepare('SELECT document_id, version, terms, counts, minhash FROM document_features').all() as {
    document_id: number;
    version: number;
    terms: Buffer;
    counts: Buffer;
    minhash: Buffer;
  }[];
  const byId = new Map<number, SimilarityFeatures>();
  for (const r of rows) {
    if (r.version === FEATURES_VERSION) byId.set(r.document_id, { terms: uint32sOf(r.terms), counts: uint16sOf(r.counts), minhash: uint32sOf(r.minhash) });
  }
  const missing = docs.filter((d) => !byId.has(d.id!)).map((d) => d.id!);
  for (let k = 0; k < missing.length; k += 500) {
    for (const d of loadPlanDocs(db, missing.slice(k, k + 500))) byId.set(d.id!, documentFeatures(d.lines));
  }
  return { docs, features: docs.map((d) => byId.get(d.id!)!) };
}

/** Documents whose features give the store's document frequencies (past it, an even sample of this many). */
export const IDF_SAMPLE = 2000;

/**
 * The store's document frequencies read from the stored similarity features (document_features),
 * not from every line: exact up to IDF_SAMPLE documents, past that estimated from an even sample of
 * them (idf is a logarithm: a sample of 2,000 moves it by hundredths). Documents stored without
 * features count from their lines. Null under five documents, as storeIdf.
 */
export function storeIdfFromFeatures(db: Database.Database): IdfModel | null {
  const total = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  if (total < 5) return null;
  const step = Math.max(1, Math.ceil(total / IDF_SAMPLE));
  const rows = db
    .prepare(
      `SELECT d.id, f.terms FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM documents) d
       LEFT JOIN document_features f ON f.document_id = d.id WHERE (d.k - 1) % ? = 0`,
    )
    .all(step) as { id: number; terms: Buffer | null }[];
  const hashed = new Map<number, number>();
  const missing = rows.filter((r) => !r.terms).map((r) => r.id);
  for (const r of rows) if (r.terms) for (const t of uint32sOf(r.terms)) hashed.set(t, (hashed.get(t) ?? 0) + 1);
  for (const d of loadPlanDocs(db, missing)) for (const t of documentFeatures(d.lines).terms) hashed.set(t, (hashed.get(t) ?? 0) + 1);
  return { documents: rows.length, df: new Map(), hashedDf: hashed };
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Minimum combined score (kind + heading) for two sections to be aligned. */
export const SECTION_MATCH_MIN = 0.4;
/** Minimum title similarity for two tasks (or target statements) to be the same item. */
export const ITEM_MATCH_MIN = 0.5;

export interface SectionPair {
  a: PlanSection;
  b: PlanSection;
  headingSimilarity: number;
  /** Cosine of the two sections' texts (syllable unigrams + bigrams). */
  contentSimilarity: number;
}

export interface ItemPair<T> {
  a: T;
  b: T;
  similarity: number;
}

export interface TargetPair extends ItemPair<PlanTarget> {
  /** Same target wording but another value, unit or year. */
  changed: boolean;
}

export interface Comparison {
  a: { docId: string; title: string | null };
  b: { docId: string; title: string | null };
  /** Cosine of the whole texts, 0..1. */
  similarity: number;
  sections: { pairs: SectionPair[]; onlyA: PlanSection[]; onlyB: PlanSection[] };
  tasks: { pairs: ItemPair<PlanItem>[]; onlyA: PlanItem[]; onlyB: PlanItem[] };
  targets: { pairs: TargetPair[]; onlyA: PlanTarget[]; onlyB: PlanTarget[] };
}

/** Cosine of two texts; one shared vocabulary so term ids agree. */
export function textSimilarity(a: readonly string[], b: readonly string[], idf: IdfModel | null = null): number {
  const vocab = new Map<string, number>();
  return cosine(vectorize(termCounts(a), idf, vocab), vectorize(termCounts(b), idf, vocab));
}

function sectionLines(doc: PlanDoc, s: PlanSection): string[] {
  return doc.lines.slice(s.startLine - 1, s.endLine);
}

/**
 * Top-level sections, or the subsections too when a document has a single top-level section
 * (some plans wrap everything in one "NỘI DUNG" part).
 */
function comparableSections(doc: PlanDoc): PlanSection[] {
  const top = doc.sections.filter((s) => s.level === 0);
  return top.length > 1 ? top : doc.sections.filter((s) => s.level <= 1);
}

/** Same kind (other than "other") weighs 0.4, heading wording 0.6: kind first, then heading. */
export function sectionMatchScore(a: PlanSection, b: PlanSection): number {
  const kind = a.kind === b.kind && a.kind !== 'other' ? 0.4 : 0;
  return kind + 0.6 * dice(titleKey(a.heading), titleKey(b.heading));
}

function targetKey(t: PlanTarget): FuzzyKey {
  return fuzzyKey(`${t.population ?? ''} ${t.statement}`);
}

/**
 * Compares two plans. `idf` (document frequencies of a corpus, e.g. the whole store) makes
 * the text similarities discount boilerplate every plan shares; without it terms weigh alike.
 */
export function comparePlans(a: PlanDoc, b: PlanDoc, idf: IdfModel | null = null): Comparison {
  const vocab = new Map<string, number>();
  const similarity = cosine(vectorize(termCounts(a.lines), idf, vocab), vectorize(termCounts(b.lines), idf, vocab));

  const sa = comparableSections(a);
  const sb = comparableSections(b);
  const secAlign = greedyAlign(sa.length, sb.length, (i, j) => sectionMatchScore(sa[i], sb[j]), SECTION_MATCH_MIN);
  const sections = {
    pairs: secAlign.pairs.map(({ a: i, b: j }) => ({
      a: sa[i],
      b: sb[j],
      headingSimilarity: dice(titleKey(sa[i].heading), titleKey(sb[j].heading)),
      contentSimilarity: textSimilarity(sectionLines(a, sa[i]), sectionLines(b, sb[j]), idf),
    })),
    onlyA: secAlign.onlyA.map((i) => sa[i]),
    onlyB: secAlign.onlyB.map((j) => sb[j]),
  };

  const ka = a.tasks.map((t) => fuzzyKey(t.title));
  const kb = b.tasks.map((t) => fuzzyKey(t.title));
  const taskAlign = greedyAlign(ka.length, kb.length, (i, j) => fuzzySimilarity(ka[i], kb[j]), ITEM_MATCH_MIN);
  const tasks = {
    pairs: taskAlign.pairs.map(({ a: i, b: j, score }) => ({ a: a.tasks[i], b: b.tasks[j], similarity: score })),
    onlyA: taskAlign.onlyA.map((i) => a.tasks[i]),
    onlyB: taskAlign.onlyB.map((j) => b.tasks[j]),
  };

  const ta = a.targets.map(targetKey);
  const tb = b.targets.map(targetKey);
  const targetScore = (i: number, j: number) => {
    const x = a.targets[i];
    const y = b.targets[j];
    // A percentage never corresponds to a head count, however alike the sentences read.
    if ((x.unit ?? '') !== (y.unit ?? '')) return 0;
    return fuzzySimilarity(ta[i], tb[j]);
  };
  const targetAlign = greedyAlign(ta.length, tb.length, targetScore, ITEM_MATCH_MIN);
  const targets = {
    pairs: targetAlign.pairs.map(({ a: i, b: j, score }) => {
      const x = a.targets[i];
      const y = b.targets[j];
      return { a: x, b: y, similarity: score, changed: x.value !== y.value || x.year !== y.year };
    }),
    onlyA: targetAlign.onlyA.map((i) => a.targets[i]),
    onlyB: targetAlign.onlyB.map((j) => b.targets[j]),
  };

  return {
    a: { docId: a.docId, title: a.title },
    b: { docId: b.docId, title: b.title },
    similarity,
    sections,
    tasks,
    targets,
  };
}

// ---------------------------------------------------------------------------------------------
// Terminal output

const pct = (x: number) => `${Math.round(x * 100)}%`;
const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const lineRef = (x: { startLine: number; endLine: number }) =>
  x.startLine === x.endLine ? `L${x.startLine}` : `L${x.startLine}-${x.endLine}`;
const targetText = (t: PlanTarget) =>
  `${t.value}${t.unit ? ` ${t.unit}` : ''}${t.year ? ` (${t.year})` : ''} — ${clip(t.statement, 70)}`;

export function formatComparison(c: Comparison): string {
  const out: string[] = [];
  out.push(`A: ${c.a.docId}${c.a.title ? ` — ${clip(c.a.title, 70)}` : ''}`);
  out.push(`B: ${c.b.docId}${c.b.title ? ` — ${clip(c.b.title, 70)}` : ''}`);
  out.push(`Text similarity: ${pct(c.similarity)}`, '');
  out.push('Sections (A ↔ B: heading, content similarity)');
  for (const p of c.sections.pairs) {
    out.push(
      `  ${p.a.numbering} ${clip(p.a.heading, 40)} ↔ ${p.b.numbering} ${clip(p.b.heading, 40)}  [${p.a.kind}${
        p.a.kind !== p.b.kind ? `/${p.b.kind}` : ''
      }] heading ${pct(p.headingSimilarity)}, content ${pct(p.contentSimilarity)}`,
    );
  }
  for (const s of c.sections.onlyA) out.push(`  only in A: ${s.numbering} ${clip(s.heading, 60)} [${s.kind}] ${lineRef(s)}`);
  for (const s of c.sections.onlyB) out.push(`  only in B: ${s.numbering} ${clip(s.heading, 60)} [${s.kind}] ${lineRef(s)}`);
  out.push('', `Tasks: ${c.tasks.pairs.length} in both, ${c.tasks.onlyA.length} only in A, ${c.tasks.onlyB.length} only in B`);
  for (const t of c.tasks.onlyA) out.push(`  only in A (${lineRef(t)}): ${clip(t.title)}`);
  for (const t of c.tasks.onlyB) out.push(`  only in B (${lineRef(t)}): ${clip(t.title)}`);
  out.push(
    '',
    `Targets: ${c.targets.pairs.length} in both (${c.targets.pairs.filter((p) => p.changed).length} with other figures), ${
      c.targets.onlyA.length
    } only in A, ${c.targets.onlyB.length} only in B`,
  );
  for (const p of c.targets.pairs.filter((q) => q.changed)) {
    out.push(`  changed: A ${targetText(p.a)}`, `           B ${targetText(p.b)}`);
  }
  for (const t of c.targets.onlyA) out.push(`  only in A (${lineRef(t)}): ${targetText(t)}`);
  for (const t of c.targets.onlyB) out.push(`  only in B (${lineRef(t)}): ${targetText(t)}`);
  return out.join('\n');
}
