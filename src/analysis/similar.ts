/**
 * Text similarity for Vietnamese plans and corpus-wide template detection.
 *
 * Vietnamese is written syllable by syllable, so a "word" feature is a syllable and a compound
 * word is (mostly) a syllable bigram. Documents become sparse TF-IDF vectors of syllable
 * unigrams + bigrams; accents are folded because repaired OCR text still carries some wrong
 * tone marks, and the bigrams restore most of the discrimination that folding loses.
 */
import AggressiveTokenizerVi from 'natural/lib/natural/tokenizers/aggressive_tokenizer_vi.js';
import type { PlanDoc, PlanItem } from './compare.ts';
import { stripMarks } from '../repair/syllable/syllable.ts';

// ---------------------------------------------------------------------------------------------
// Tokens and features

/** Lower-case, strip tone and vowel marks, đ → d: "Hoá" and "Hóa" and OCR'd "Hoa" meet. */
export function foldAccents(s: string): string {
  return stripMarks(s).toLowerCase();
}

// natural's Vietnamese tokenizer splits at anything that is not a Vietnamese letter or a digit: the
// same syllables as a Unicode-letter regex on every line of the generated corpora, and faster
// (scripts/measure-natural.ts).
const tokenizer = new AggressiveTokenizerVi();

/**
 * Syllables of a text, lower-cased and accent-folded. Pure numbers become "0": copies of one
 * template differ in dates and figures, not in wording.
 */
export function syllables(text: string): string[] {
  return tokenizer.tokenize(foldAccents(text)).map((s) => (/^\d+$/.test(s) ? '0' : s));
}

/**
 * Term counts of syllable unigrams and bigrams. Bigrams do not cross line breaks, because a
 * line break in these documents usually ends a heading or a list item.
 */
export function termCounts(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const line of lines) {
    const syl = syllables(line);
    for (let i = 0; i < syl.length; i++) {
      add(syl[i]);
      if (i > 0) add(`${syl[i - 1]} ${syl[i]}`);
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Sparse TF-IDF vectors

/** A sparse vector: term ids ascending, weights aligned, L2 norm 1 (or all zero). */
export interface SparseVector {
  readonly idx: Uint32Array;
  readonly val: Float32Array;
}

/** Document frequencies of a corpus, to weight terms of documents in it or compared against it. */
export interface IdfModel {
  readonly documents: number;
  readonly df: ReadonlyMap<string, number>;
}

export function buildIdf(corpus: readonly Map<string, number>[]): IdfModel {
  const df = new Map<string, number>();
  for (const counts of corpus) for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  return { documents: corpus.length, df };
}

/**
 * Smoothed idf (as scikit-learn's default): a term in every document still counts a little,
 * so two documents made of boilerplate alone are not scored 0. With no model, every term
 * weighs 1 (plain sublinear-tf cosine) — what `compare` uses without a corpus.
 */
export function idfOf(model: IdfModel | null, term: string): number {
  if (!model) return 1;
  return Math.log((1 + model.documents) / (1 + (model.df.get(term) ?? 0))) + 1;
}

/** Sublinear tf × idf, L2-normalised; `vocab` assigns term ids and grows as needed. */
export function vectorize(counts: Map<string, number>, idf: IdfModel | null, vocab: Map<string, number>): SparseVector {
  const entries: [number, number][] = [];
  let norm = 0;
  for (const [term, tf] of counts) {
    let id = vocab.get(term);
    if (id === undefined) {
      id = vocab.size;
      vocab.set(term, id);
    }
    const w = (1 + Math.log(tf)) * idfOf(idf, term);
    entries.push([id, w]);
    norm += w * w;
  }
  entries.sort((a, b) => a[0] - b[0]);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return {
    idx: Uint32Array.from(entries, (e) => e[0]),
    val: Float32Array.from(entries, (e) => e[1] * scale),
  };
}

/** Cosine of two normalised sparse vectors (a merge of their sorted term ids). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.idx.length && j < b.idx.length) {
    const x = a.idx[i];
    const y = b.idx[j];
    if (x === y) sum += a.val[i++] * b.val[j++];
    else if (x < y) i++;
    else j++;
  }
  return Math.min(1, sum);
}

/** A symmetric n×n similarity matrix, row-major, diagonal 1. */
export interface SimilarityMatrix {
  readonly n: number;
  readonly values: Float32Array;
}

export function at(m: SimilarityMatrix, i: number, j: number): number {
  return m.values[i * m.n + j];
}

/**
 * All pairwise cosines through an inverted index: each term adds w_i·w_j to the pairs of
 * documents that share it, so the cost is Σ df² over terms instead of n² vector merges.
 */
export function similarityMatrix(vectors: readonly SparseVector[]): SimilarityMatrix {
  const n = vectors.length;
  const postingsDocs = new Map<number, number[]>();
  const postingsW = new Map<number, number[]>();
  vectors.forEach((v, d) => {
    for (let k = 0; k < v.idx.length; k++) {
      const t = v.idx[k];
      let docs = postingsDocs.get(t);
      if (!docs) {
        docs = [];
        postingsDocs.set(t, docs);
        postingsW.set(t, []);
      }
      docs.push(d);
      postingsW.get(t)!.push(v.val[k]);
    }
  });
  const values = new Float32Array(n * n);
  for (const [t, docs] of postingsDocs) {
    if (docs.length < 2) continue;
    const w = postingsW.get(t)!;
    for (let a = 0; a < docs.length; a++) {
      const row = docs[a] * n;
      const wa = w[a];
      for (let b = a + 1; b < docs.length; b++) values[row + docs[b]] += wa * w[b];
    }
  }
  for (let i = 0; i < n; i++) {
    values[i * n + i] = vectors[i].idx.length > 0 ? 1 : 0;
    for (let j = i + 1; j < n; j++) {
      const v = Math.min(1, values[i * n + j]);
      values[i * n + j] = v;
      values[j * n + i] = v;
    }
  }
  return { n, values };
}

// ---------------------------------------------------------------------------------------------
// Clustering

/**
 * Average-linkage agglomerative clustering, stopped when the best merge falls below
 * `threshold`. Average linkage, unlike connected components, does not chain two templates
 * together through one document that borrows from both. O(n³) in the worst case: 500
 * documents take well under a second.
 */
export function averageLinkageClusters(m: SimilarityMatrix, threshold: number): number[][] {
  const n = m.n;
  const sim = Float64Array.from(m.values);
  const members: (number[] | null)[] = Array.from({ length: n }, (_, i) => [i]);
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!members[i]) continue;
      const row = i * n;
      for (let j = i + 1; j < n; j++) {
        if (!members[j]) continue;
        const s = sim[row + j];
        if (s > best) {
          best = s;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < threshold) break;
    const mi = members[bi]!;
    const mj = members[bj]!;
    const ni = mi.length;
    const nj = mj.length;
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === bi || k === bj) continue;
      const s = (ni * sim[bi * n + k] + nj * sim[bj * n + k]) / (ni + nj);
      sim[bi * n + k] = s;
      sim[k * n + bi] = s;
    }
    members[bi] = mi.concat(mj);
    members[bj] = null;
  }
  return members
    .filter((c): c is number[] => c !== null)
    .map((c) => c.sort((a, b) => a - b))
    .sort((a, b) => b.length - a.length || a[0] - b[0]);
}

// ---------------------------------------------------------------------------------------------
// Fuzzy matching of short texts (headings, task titles, target statements)

/** Folded syllable set of a short text, numbers dropped: "2. Tuyên truyền" ~ "3. Tuyên truyền". */
export function titleKey(text: string): Set<string> {
  return new Set(syllables(text).filter((s) => s !== '0'));
}

/** Dice coefficient of two syllable sets, 0..1 (1 for two empty sets). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (large.has(s)) common++;
  return (2 * common) / (a.size + b.size);
}

/** Syllables and character trigrams of a short text (folded, numbers dropped). */
export interface FuzzyKey {
  syllables: Set<string>;
  trigrams: Set<string>;
}

export function fuzzyKey(text: string): FuzzyKey {
  const syl = syllables(text).filter((s) => s !== '0');
  const joined = ` ${syl.join(' ')} `;
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= joined.length; i++) trigrams.add(joined.slice(i, i + 3));
  return { syllables: new Set(syl), trigrams };
}

/**
 * Mean of syllable and character-trigram Dice: syllables alone miss a title whose OCR damage
 * survived repair ("truyộn" for "truyền"), trigrams alone over-reward shared boilerplate.
 */
export function fuzzySimilarity(a: FuzzyKey, b: FuzzyKey): number {
  return (dice(a.syllables, b.syllables) + dice(a.trigrams, b.trigrams)) / 2;
}

export function titleSimilarity(a: string, b: string): number {
  return fuzzySimilarity(fuzzyKey(a), fuzzyKey(b));
}

/** A pairing of two lists by similarity: matched index pairs, then what each side lacks. */
export interface Alignment {
  pairs: { a: number; b: number; score: number }[];
  onlyA: number[];
  onlyB: number[];
}

/**
 * Greedy one-to-one matching: best-scoring pairs first, each item used once, pairs under
 * `minScore` left unmatched. Greedy is within a hair of optimal for these lists (tens of
 * items whose true partners score far above the rest) and keeps the result easy to explain.
 */
export function greedyAlign(
  nA: number,
  nB: number,
  score: (i: number, j: number) => number,
  minScore: number,
): Alignment {
  const candidates: { a: number; b: number; score: number }[] = [];
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      const s = score(i, j);
      if (s >= minScore) candidates.push({ a: i, b: j, score: s });
    }
  }
  candidates.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: Alignment['pairs'] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    pairs.push(c);
  }
  pairs.sort((x, y) => x.a - y.a);
  return {
    pairs,
    onlyA: [...Array(nA).keys()].filter((i) => !usedA.has(i)),
    onlyB: [...Array(nB).keys()].filter((j) => !usedB.has(j)),
  };
}

// ---------------------------------------------------------------------------------------------
// Corpus-wide similarity: template clusters and each plan's own content

/** Default cosine above which two plans count as copies of one template (see docs). */
export const DEFAULT_CLUSTER_THRESHOLD = 0.5;
/** Default title similarity (fuzzySimilarity) above which two headings or tasks are "the same item". */
export const DEFAULT_ITEM_THRESHOLD = 0.5;

export interface OwnItem {
  kind: 'section' | 'task';
  text: string;
  startLine: number;
  endLine: number;
}

export interface TemplateCluster {
  /** Indexes into the documents given to findSimilar. */
  members: number[];
  /** The member most similar on average to the others: the best stand-in for the template. */
  medoid: number;
  /** Mean pairwise cosine inside the cluster. */
  cohesion: number;
  /** Section headings and task titles found in at least half of the members. */
  templateItems: { kind: 'section' | 'task'; text: string; documents: number }[];
  /** Per member (same order as members): its sections and tasks that are not template items. */
  own: OwnItem[][];
}

export interface SimilarityReport {
  docIds: string[];
  matrix: SimilarityMatrix;
  threshold: number;
  /** Clusters of two or more plans, largest first. */
  clusters: TemplateCluster[];
  /** Plans similar to no other above the threshold. */
  singletons: number[];
}

/** Vectors of whole documents against the corpus they belong to. */
export function corpusVectors(texts: readonly (readonly string[])[]): SparseVector[] {
  const counts = texts.map((lines) => termCounts(lines));
  const idf = buildIdf(counts);
  const vocab = new Map<string, number>();
  return counts.map((c) => vectorize(c, idf, vocab));
}

interface ItemRef {
  member: number;
  item: OwnItem;
}

/** An item with what identifies its slot in a template. */
interface SlotItem {
  item: OwnItem;
  /** Exact slot ("section kind") for top-level sections of a known kind, else null (fuzzy). */
  slot: string | null;
  key: FuzzyKey;
}

/**
 * Groups the section headings and task titles of a cluster's members into template slots. A
 * top-level section of a known kind fills the slot of that kind whatever its wording ("MỤC
 * TIÊU" and "CÁC CHỈ TIÊU CHỦ YẾU" are the same part of the template); other items join the
 * first group whose representative they resemble. Slots present in at least half of the
 * members (and at least two) make the template; the rest is each member's own content.
 */
export function templateItemsOf(
  docs: readonly PlanDoc[],
  members: readonly number[],
  itemThreshold = DEFAULT_ITEM_THRESHOLD,
): Pick<TemplateCluster, 'templateItems' | 'own'> {
  type Group = { kind: OwnItem['kind']; rep: FuzzyKey; text: string; docs: Set<number>; items: ItemRef[] };
  const groups: Group[] = [];
  const bySlot = new Map<string, Group>();
  const fuzzy = new Map<string, Group[]>();
  members.forEach((d, member) => {
    for (const { item, slot, key } of slotItemsOf(docs[d])) {
      let home = slot ? bySlot.get(slot) : (fuzzy.get(item.kind) ?? []).find((g) => fuzzySimilarity(g.rep, key) >= itemThreshold);
      if (!home) {
        home = { kind: item.kind, rep: key, text: item.text, docs: new Set(), items: [] };
        groups.push(home);
        if (slot) bySlot.set(slot, home);
        else fuzzy.set(item.kind, [...(fuzzy.get(item.kind) ?? []), home]);
      }
      home.docs.add(member);
      home.items.push({ member, item });
    }
  });
  const quorum = Math.max(2, Math.ceil(members.length / 2));
  const own: OwnItem[][] = members.map(() => []);
  const templateItems: TemplateCluster['templateItems'] = [];
  for (const g of groups) {
    if (g.docs.size >= quorum) templateItems.push({ kind: g.kind, text: g.text, documents: g.docs.size });
    else for (const ref of g.items) own[ref.member].push(ref.item);
  }
  for (const list of own) list.sort((x, y) => x.startLine - y.startLine);
  return { templateItems, own };
}

function slotItemsOf(doc: PlanDoc): SlotItem[] {
  // A numbered task is usually also a subsection: count it once, as a task.
  const taskLines = new Set(doc.tasks.map((t) => t.startLine));
  const sections: SlotItem[] = doc.sections
    .filter((s) => s.level <= 1 && s.heading.trim() !== '' && !(s.level > 0 && taskLines.has(s.startLine)))
    .map((s) => ({
      item: { kind: 'section', text: s.heading, startLine: s.startLine, endLine: s.endLine },
      slot: s.level === 0 && s.kind !== 'other' ? `kind:${s.kind}` : null,
      key: fuzzyKey(s.heading),
    }));
  const tasks: SlotItem[] = doc.tasks.map((t: PlanItem) => ({
    item: { kind: 'task', text: t.title, startLine: t.startLine, endLine: t.endLine },
    slot: null,
    key: fuzzyKey(t.title),
  }));
  return [...sections, ...tasks];
}

/** The corpus-wide analysis behind `vnplan similar`. */
export function findSimilar(
  docs: readonly PlanDoc[],
  options: { threshold?: number; itemThreshold?: number } = {},
): SimilarityReport {
  const threshold = options.threshold ?? DEFAULT_CLUSTER_THRESHOLD;
  const matrix = similarityMatrix(corpusVectors(docs.map((d) => d.lines)));
  const groups = averageLinkageClusters(matrix, threshold);
  const clusters: TemplateCluster[] = [];
  const singletons: number[] = [];
  for (const members of groups) {
    if (members.length < 2) {
      singletons.push(members[0]);
      continue;
    }
    let medoid = members[0];
    let bestMean = -1;
    let total = 0;
    for (const i of members) {
      let sum = 0;
      for (const j of members) if (i !== j) sum += at(matrix, i, j);
      total += sum;
      const mean = sum / (members.length - 1);
      if (mean > bestMean) {
        bestMean = mean;
        medoid = i;
      }
    }
    clusters.push({
      members,
      medoid,
      cohesion: total / (members.length * (members.length - 1)),
      ...templateItemsOf(docs, members, options.itemThreshold),
    });
  }
  singletons.sort((a, b) => a - b);
  return { docIds: docs.map((d) => d.docId), matrix, threshold, clusters, singletons };
}

/** The most similar other documents of each document (for reports and `--json`). */
export function nearestNeighbours(m: SimilarityMatrix, i: number, k: number): { index: number; score: number }[] {
  const out: { index: number; score: number }[] = [];
  for (let j = 0; j < m.n; j++) if (j !== i) out.push({ index: j, score: at(m, i, j) });
  return out.sort((a, b) => b.score - a.score).slice(0, k);
}

// ---------------------------------------------------------------------------------------------
// Output

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function docLabel(d: PlanDoc): string {
  const place = [d.commune, d.province].filter(Boolean).join(', ');
  return `${d.docId}${d.id !== null ? ` (#${d.id})` : ''}${place ? ` — ${place}` : ''}`;
}

/** The JSON of `vnplan similar --json`. */
export function similarityJson(docs: readonly PlanDoc[], r: SimilarityReport, withMatrix: boolean) {
  const ref = (i: number) => ({ id: docs[i].id, docId: docs[i].docId, commune: docs[i].commune, province: docs[i].province });
  return {
    documents: docs.length,
    threshold: r.threshold,
    clusters: r.clusters.map((c) => ({
      size: c.members.length,
      cohesion: round3(c.cohesion),
      template: ref(c.medoid),
      templateItems: c.templateItems,
      members: c.members.map((i, k) => ({
        ...ref(i),
        similarityToTemplate: round3(at(r.matrix, i, c.medoid)),
        own: c.own[k],
      })),
    })),
    singletons: r.singletons.map(ref),
    neighbours: docs.map((_, i) => ({
      ...ref(i),
      nearest: nearestNeighbours(r.matrix, i, 3).map((n) => ({ docId: docs[n.index].docId, score: round3(n.score) })),
    })),
    ...(withMatrix
      ? { matrix: docs.map((_, i) => Array.from(r.matrix.values.subarray(i * r.matrix.n, (i + 1) * r.matrix.n), round3)) }
      : {}),
  };
}

/** The terminal text of `vnplan similar`. */
export function formatSimilarity(docs: readonly PlanDoc[], r: SimilarityReport): string {
  const out: string[] = [
    `${docs.length} documents, ${r.clusters.length} template clusters (cosine ≥ ${r.threshold}), ${r.singletons.length} stand-alone`,
  ];
  r.clusters.forEach((c, n) => {
    out.push(
      '',
      `Cluster ${n + 1}: ${c.members.length} plans, mean similarity ${Math.round(c.cohesion * 100)}%, template ≈ ${docLabel(docs[c.medoid])}`,
      `  template: ${c.templateItems.filter((t) => t.kind === 'section').length} sections, ${
        c.templateItems.filter((t) => t.kind === 'task').length
      } tasks shared by at least half of the plans`,
    );
    c.members.forEach((i, k) => {
      const own = c.own[k];
      out.push(
        `  ${docLabel(docs[i])}: ${Math.round(at(r.matrix, i, c.medoid) * 100)}% like the template${
          own.length ? `, ${own.length} own item${own.length > 1 ? 's' : ''}` : ''
        }`,
      );
      for (const o of own.slice(0, 8)) out.push(`      + ${o.kind} L${o.startLine}: ${o.text.length > 80 ? `${o.text.slice(0, 79)}…` : o.text}`);
      if (own.length > 8) out.push(`      + … ${own.length - 8} more`);
    });
  });
  if (r.singletons.length) {
    out.push('', 'Stand-alone plans (no near-copy above the threshold):');
    for (const i of r.singletons) {
      const nn = nearestNeighbours(r.matrix, i, 1)[0];
      out.push(`  ${docLabel(docs[i])}${nn ? `; closest ${docs[nn.index].docId} at ${Math.round(nn.score * 100)}%` : ''}`);
    }
  }
  return out.join('\n');
}
