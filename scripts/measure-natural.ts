/**
 * Measures the design card's `natural` library against vnplan's own code where both could serve,
 * so the choice in the README rests on figures:
 *   node --import tsx scripts/measure-natural.ts
 * A. tokenising Vietnamese into syllables: natural's AggressiveTokenizerVi vs the Unicode regex;
 * B. TF-IDF for `similar`: natural's TfIdf weights vs the sublinear, smoothed, L2-normalised
 *    vectors, on generated corpora with known templates (cluster purity, time);
 * C. fuzzy matching of short titles damaged like repaired OCR (`compare`, template items):
 *    natural's DiceCoefficient and Jaro–Winkler vs syllable + character-trigram Dice.
 * Every input is generated (test/helpers, test/analysis-compare-fixtures.ts), none from the seeds.
 */
import natural from 'natural';
import { planDocFromRecords, type PlanDoc } from '../src/analysis/compare.ts';
import {
  averageLinkageClusters,
  buildIdf,
  dice,
  foldAccents,
  fuzzyKey,
  fuzzySimilarity,
  similarityMatrix,
  syllables,
  termCounts,
  vectorize,
  type SparseVector,
} from '../src/analysis/similar.ts';
import { generatePlans } from '../test/analysis-compare-fixtures.ts';
import { generateCorpus } from '../test/helpers/generate-corpus.ts';
import { mulberry32 } from '../test/helpers/random.ts';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

// ---------------------------------------------------------------------------------------------
// Inputs: two generated corpora whose template of every document is known.

interface Labelled {
  name: string;
  docs: PlanDoc[];
  label: (i: number) => string;
  threshold: number;
}

function corpora(n: number): Labelled[] {
  const plans = generatePlans(n, 42);
  const shared = generateCorpus(n, 7);
  const sharedLabel = (i: number) => {
    const m = shared[i].record.meta;
    const topic = (m.title ?? '').replace(/^Kết quả thực hiện công tác /, '').replace(/ (trên địa bàn|năm) .*$/, '').toLowerCase();
    return `${m.doc_type}|${m.commune ? 'commune' : 'province'}|${topic}`;
  };
  return [
    { name: `template copies (${n})`, docs: plans.docs, label: (i) => String(plans.topicOf[i]), threshold: 0.6 },
    { name: `topic pools (${n})`, docs: shared.map((g) => planDocFromRecords(g.input.segmented, g.input.extraction)), label: sharedLabel, threshold: 0.45 },
  ];
}

// ---------------------------------------------------------------------------------------------
// A. Tokeniser

const viTokenizer = new natural.AggressiveTokenizerVi();
function naturalSyllables(text: string): string[] {
  return viTokenizer.tokenize(foldAccents(text)).map((s) => (/^\d+$/.test(s) ? '0' : s));
}

function measureTokenizer(docs: PlanDoc[]): void {
  const lines = docs.flatMap((d) => d.lines);
  let differing = 0;
  for (const l of lines) if (syllables(l).join(' ') !== naturalSyllables(l).join(' ')) differing++;
  const time = (f: (s: string) => string[]) => {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < 3; k++) for (const l of lines) f(l);
    return ms(t0) / 3;
  };
  time(syllables);
  time(naturalSyllables);
  console.log(`A. syllable tokeniser on ${lines.length} lines: lines tokenised differently ${differing}; own regex ${time(syllables).toFixed(0)} ms, natural AggressiveTokenizerVi ${time(naturalSyllables).toFixed(0)} ms`);
}

// ---------------------------------------------------------------------------------------------
// B. TF-IDF

function ownVectors(docs: PlanDoc[]): SparseVector[] {
  const counts = docs.map((d) => termCounts(d.lines));
  const idf = buildIdf(counts);
  const vocab = new Map<string, number>();
  return counts.map((c) => vectorize(c, idf, vocab));
}

/** natural's TfIdf over the same syllable unigram + bigram terms: its tf × idf, L2-normalised. */
function naturalVectors(docs: PlanDoc[]): SparseVector[] {
  const tfidf = new natural.TfIdf();
  const terms = docs.map((d) => [...termCounts(d.lines)].flatMap(([t, c]) => Array<string>(c).fill(t)));
  for (const t of terms) tfidf.addDocument(t);
  const vocab = new Map<string, number>();
  return docs.map((_, i) => {
    const weights = new Map<string, number>();
    for (const { term, tfidf: w } of tfidf.listTerms(i)) weights.set(term, w);
    // vectorize with idf = null computes (1 + ln tf): undo it by passing the weights as counts of e^(w-1).
    const entries = [...weights].map(([t, w]) => [vocab.get(t) ?? vocab.set(t, vocab.size).get(t)!, w] as const).sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((s, e) => s + e[1] * e[1], 0)) || 1;
    return { idx: Uint32Array.from(entries, (e) => e[0]), val: Float32Array.from(entries, (e) => e[1] / norm) };
  });
}

/** Share of clustered documents that carry their cluster's majority label, and share clustered. */
function purity(clusters: number[][], label: (i: number) => string, n: number): { purity: number; clustered: number; clusters: number } {
  let agreeing = 0;
  let clustered = 0;
  let count = 0;
  for (const c of clusters) {
    if (c.length < 2) continue;
    count++;
    const byLabel = new Map<string, number>();
    for (const i of c) byLabel.set(label(i), (byLabel.get(label(i)) ?? 0) + 1);
    agreeing += Math.max(...byLabel.values());
    clustered += c.length;
  }
  return { purity: clustered ? agreeing / clustered : 0, clustered: clustered / n, clusters: count };
}

function measureTfIdf(c: Labelled): void {
  for (const [name, build] of [
    ['own TF-IDF', ownVectors],
    ['natural TfIdf', naturalVectors],
  ] as const) {
    const t0 = process.hrtime.bigint();
    const vectors = build(c.docs);
    const tVectors = ms(t0);
    const clusters = averageLinkageClusters(similarityMatrix(vectors), c.threshold);
    const p = purity(clusters, c.label, c.docs.length);
    console.log(
      `B. ${c.name.padEnd(26)} ${name.padEnd(14)} vectors ${tVectors.toFixed(0).padStart(6)} ms  clusters ${p.clusters}  clustered ${pct(p.clustered)}  purity ${pct(p.purity)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// C. Fuzzy titles

/** What survives repair on a bad page: some marks lost or wrong, a letter confused, a syllable dropped. */
function damage(title: string, rand: () => number): string {
  const confusions: Record<string, string> = { c: 'e', e: 'c', n: 'u', u: 'n', h: 'b', i: 'l', l: 'i', o: 'ơ', a: 'ă', đ: 'd', m: 'rn', t: 'f', g: 'q' };
  return title
    .split(' ')
    .filter(() => rand() > 0.05)
    .map((s) => {
      let out = rand() < 0.4 ? s.normalize('NFD').replace(/[\u0300-\u0323]/g, '').normalize('NFC') : s;
      if (rand() < 0.2 && out.length > 1) {
        const k = Math.floor(rand() * out.length);
        out = out.slice(0, k) + (confusions[out[k]] ?? out[k]) + out.slice(k + 1);
      }
      return out;
    })
    .join(' ');
}

function measureFuzzy(docs: PlanDoc[]): void {
  // Task titles and headings: the short texts compare and the template finder pair up.
  // One title per wording: titles that differ only in numbering or marks are the same item to compare.
  const byWording = new Map<string, string>();
  for (const d of docs) {
    for (const t of [...d.tasks.map((x) => x.title), ...d.sections.map((x) => x.heading)]) {
      const wording = syllables(t).filter((x) => x !== '0').join(' ');
      if (wording.split(' ').length >= 3 && !byWording.has(wording)) byWording.set(wording, t.replace(/^[\dIVX.]+\s+/, ''));
    }
  }
  const titles = [...byWording.values()];
  const rand = mulberry32(11);
  // Twice over: each title is damaged, then damaged again (a badly scanned copy).
  const damaged = titles.map((t) => damage(damage(t, rand), rand));
  const folded = titles.map(foldAccents);
  const keys = titles.map(fuzzyKey);
  const measures: [string, (i: number, j: number) => number][] = [
    ['own syllable + trigram Dice', (i, j) => fuzzySimilarity(fuzzyKey(damaged[i]), keys[j])],
    ['natural DiceCoefficient', (i, j) => natural.DiceCoefficient(foldAccents(damaged[i]), folded[j])],
    [
      'own syllable + natural bigram Dice',
      (i, j) => (dice(fuzzyKey(damaged[i]).syllables, keys[j].syllables) + natural.DiceCoefficient(foldAccents(damaged[i]), folded[j])) / 2,
    ],
    ['natural JaroWinklerDistance', (i, j) => natural.JaroWinklerDistance(foldAccents(damaged[i]), folded[j])],
  ];
  for (const [name, sim] of measures) {
    const t0 = process.hrtime.bigint();
    let right = 0;
    let margin = 0;
    for (let i = 0; i < titles.length; i++) {
      let best = -1;
      let bestJ = -1;
      let second = -1;
      for (let j = 0; j < titles.length; j++) {
        const s = sim(i, j);
        if (s > best) {
          second = best;
          best = s;
          bestJ = j;
        } else if (s > second) second = s;
      }
      if (bestJ === i) {
        right++;
        margin += best - second;
      }
    }
    console.log(
      `C. ${titles.length} damaged task titles, ${name.padEnd(36)} right match ${pct(right / titles.length)}  mean margin ${(margin / Math.max(1, right)).toFixed(3)}  ${ms(t0).toFixed(0)} ms`,
    );
  }
}

for (const n of process.argv.includes('--quick') ? [500] : [500, 2000]) {
  const cs = corpora(n);
  if (n === 500) {
    measureTokenizer(cs[1].docs);
    measureFuzzy([...cs[0].docs, ...cs[1].docs]);
  }
  for (const c of cs) measureTfIdf(c);
}
