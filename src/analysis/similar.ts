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
import { documentFeatures, hashTerm, type DocumentFeatures } from './features.ts';
import { clusterGraph, dot, lshCandidates, Sum, type HashedVector } from './lsh.ts';

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
  /** Document frequencies by term hash (features.ts hashTerm), when read from stored features; `df` is then unused. */
  readonly hashedDf?: ReadonlyMap<number, number>;
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
  const df = model.hashedDf ? (model.hashedDf.get(hashTerm(term)) ?? 0) : (model.df.get(term) ?? 0);
  return Math.log((1 + model.documents) / (1 + df)) + 1;
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
  threshold: number;
  /** Clusters of two or more plans, largest first. */
  clusters: TemplateCluster[];
  /** Plans similar to no other above the threshold. */
  singletons: number[];
  /** Number of documents. */
  n: number;
  /** Cosine of two documents' TF-IDF vectors (exact, computed on demand). */
  similarity(i: number, j: number): number;
  /** Each document's most similar documents among its LSH candidates, best first (at most 5). */
  neighbours: { index: number; score: number }[][];
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
  /** Its fuzzy key, computed on first use (most items of a template copy are matched by their text alone). */
  key: () => FuzzyKey;
}

const fuzzyKeyCache = new Map<string, FuzzyKey>();
/** fuzzyKey, memoised: a national store repeats the same headings thousands of times. */
function cachedFuzzyKey(text: string): FuzzyKey {
  let k = fuzzyKeyCache.get(text);
  if (!k) {
    if (fuzzyKeyCache.size > 200_000) fuzzyKeyCache.clear();
    fuzzyKeyCache.set(text, (k = fuzzyKey(text)));
  }
  return k;
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
  // Copies of one template repeat their headings and tasks word for word: each distinct text is
  // matched to a group once (the groups a text may join only grow, and it joins the first that fits).
  const homeOfText = new Map<string, Group>();
  members.forEach((d, member) => {
    for (const { item, slot, key } of slotItemsOf(docs[d])) {
      const textKey = `${item.kind}\u0000${item.text}`;
      let home = slot ? bySlot.get(slot) : (homeOfText.get(textKey) ?? (fuzzy.get(item.kind) ?? []).find((g) => fuzzySimilarity(g.rep, key()) >= itemThreshold));
      if (!home) {
        home = { kind: item.kind, rep: key(), text: item.text, docs: new Set(), items: [] };
        groups.push(home);
        if (slot) bySlot.set(slot, home);
        else {
          const list = fuzzy.get(item.kind);
          if (list) list.push(home);
          else fuzzy.set(item.kind, [home]);
        }
      }
      if (!slot) homeOfText.set(textKey, home);
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
      key: () => cachedFuzzyKey(s.heading),
    }));
  const tasks: SlotItem[] = doc.tasks.map((t: PlanItem) => ({
    item: { kind: 'task', text: t.title, startLine: t.startLine, endLine: t.endLine },
    slot: null,
    key: () => cachedFuzzyKey(t.title),
  }));
  return [...sections, ...tasks];
}

/** What corpus-wide similarity needs of a document: its stored features (features.ts). */
export type SimilarityFeatures = Pick<DocumentFeatures, 'terms' | 'counts' | 'minhash'>;

/**
 * Sublinear tf × smoothed idf, L2-normalised, over hashed terms (as `vectorize`, with the store's
 * document frequencies computed from the features themselves).
 */
export function hashedTfIdfVectors(features: readonly SimilarityFeatures[]): HashedVector[] {
  const df = new Map<number, number>();
  for (const f of features) for (const t of f.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = features.length;
  return features.map((f) => {
    const val = new Float32Array(f.terms.length);
    let norm = 0;
    for (let k = 0; k < f.terms.length; k++) {
      const w = (1 + Math.log(f.counts[k]!)) * (Math.log((1 + n) / (1 + (df.get(f.terms[k]!) ?? 0))) + 1);
      val[k] = w;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < val.length; k++) val[k] = val[k]! * scale;
    return { idx: f.terms, val };
  });
}

/** How many nearest neighbours each document keeps (reports show five, the terminal one). */
const NEIGHBOURS = 5;

/**
 * Clusters of plans copied from one template, by average linkage over LSH candidates (lsh.ts), and
 * each document's nearest neighbours among its candidates. `features[i]` describes `docs[i]`
 * (computed from its lines when absent). `docs` need their sections and tasks (for the template
 * items), not their lines, when features are given.
 */
export function findSimilar(
  docs: readonly PlanDoc[],
  options: { threshold?: number; itemThreshold?: number; features?: readonly SimilarityFeatures[] } = {},
): SimilarityReport {
  const threshold = options.threshold ?? DEFAULT_CLUSTER_THRESHOLD;
  const features = options.features ?? docs.map((d) => documentFeatures(d.lines));
  const vectors = hashedTfIdfVectors(features);
  const n = docs.length;
  const edges = lshCandidates(features.map((f) => (f.terms.length > 0 ? f.minhash : null))).map(([a, b]) => ({
    a,
    b,
    score: Math.min(1, dot(vectors[a]!, vectors[b]!)),
  }));
  // Each document's best NEIGHBOURS candidates, kept sorted as the edges stream by.
  const neighbours: { index: number; score: number }[][] = Array.from({ length: n }, () => []);
  const offer = (i: number, index: number, score: number) => {
    const list = neighbours[i]!;
    const better = (x: { index: number; score: number }) => score > x.score || (score === x.score && index < x.index);
    if (list.length === NEIGHBOURS && !better(list[NEIGHBOURS - 1]!)) return;
    let k = list.length;
    while (k > 0 && better(list[k - 1]!)) k--;
    list.splice(k, 0, { index, score });
    if (list.length > NEIGHBOURS) list.pop();
  };
  for (const e of edges) {
    offer(e.a, e.b, e.score);
    offer(e.b, e.a, e.score);
  }
  const similarity = (i: number, j: number) => (i === j ? (vectors[i]!.idx.length > 0 ? 1 : 0) : Math.min(1, dot(vectors[i]!, vectors[j]!)));

  const graph = clusterGraph(vectors, edges, threshold);
  const clusters: TemplateCluster[] = graph.clusters.map((members) => {
    // Sum of the members' unit vectors: v_i · (S − v_i) is member i's total similarity to the others.
    const sum = new Sum();
    for (const i of members) sum.addVector(vectors[i]!);
    let medoid = members[0]!;
    let best = -Infinity;
    let total = 0;
    for (const i of members) {
      const toOthers = sum.dotVector(vectors[i]!) - similarity(i, i);
      total += toOthers;
      if (toOthers > best) {
        best = toOthers;
        medoid = i;
      }
    }
    const m = members.length;
    return { members, medoid, cohesion: total / (m * (m - 1)), ...templateItemsOf(docs, members, options.itemThreshold) };
  });
  return { docIds: docs.map((d) => d.docId), threshold, clusters, singletons: graph.singletons, n, similarity, neighbours };
}

/** The most similar other documents of a document among its candidates (for reports and `--json`). */
export function nearestNeighbours(r: SimilarityReport, i: number, k: number): { index: number; score: number }[] {
  return r.neighbours[i]!.slice(0, k);
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
        similarityToTemplate: round3(r.similarity(i, c.medoid)),
        own: c.own[k],
      })),
    })),
    singletons: r.singletons.map(ref),
    neighbours: docs.map((_, i) => ({
      ...ref(i),
      nearest: nearestNeighbours(r, i, 3).map((n) => ({ docId: docs[n.index].docId, score: round3(n.score) })),
    })),
    ...(withMatrix ? { matrix: docs.map((_, i) => docs.map((__, j) => round3(r.similarity(i, j)))) } : {}),
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
        `  ${docLabel(docs[i])}: ${Math.round(r.similarity(i, c.medoid) * 100)}% like the template${
          own.length ? `, ${own.length} own item${own.length > 1 ? 's' : ''}` : ''
        }`,
      );
      for (const o of own.slice(0, 8)) out.push(`      + ${o.kind} L${o.startLine}: ${o.text.length > 80 ? `${o.text.slice(0, 79)}…` : o.text}`);
      if (own.length > 8) out.push(`      + … ${own.length - 8} more`);
    });
  });
  if (r.singletons.length) {
    out.push('', 'Stand-alone plans (no near-copy above the threshold; closest among the candidates LSH found):');
    for (const i of r.singletons) {
      const nn = nearestNeighbours(r, i, 1)[0];
      out.push(`  ${docLabel(docs[i])}${nn ? `; closest ${docs[nn.index].docId} at ${Math.round(nn.score * 100)}%` : ''}`);
    }
  }
  return out.join('\n');
}
