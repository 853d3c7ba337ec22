/**
 * Sub-quadratic similarity (src/analysis/lsh.ts): LSH finds near-copies without comparing every
 * pair, and average linkage over its candidates finds the same clusters as over every pair.
 */
import { describe, expect, it } from 'vitest';
import { documentFeatures, minhashSimilarity } from '../src/analysis/features.ts';
import { clusterGraph, dot, lshCandidates } from '../src/analysis/lsh.ts';
import { averageLinkageClusters, corpusVectors, findSimilar, hashedTfIdfVectors, similarityMatrix } from '../src/analysis/similar.ts';
import { generatePlans } from './analysis-compare-fixtures.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';
import { mulberry32 } from './helpers/random.ts';

/** A near-copy: a few lines dropped and every number redrawn, as a commune copying a plan does. */
function nearCopy(lines: string[], seed: number): string[] {
  const rnd = mulberry32(seed);
  return lines.filter(() => rnd() > 0.05).map((l) => l.replace(/\d+/g, () => String(Math.floor(rnd() * 100))));
}

describe('LSH candidates', () => {
  const originals = generateCorpus(300, 61).map((g) => g.input.segmented.lines);
  const copies = originals.map((l, i) => nearCopy(l, i));
  const features = [...originals, ...copies].map((l) => documentFeatures(l));
  const n = features.length;
  const candidates = lshCandidates(features.map((f) => f.minhash));
  const pairs = new Set(candidates.map(([a, b]) => a * n + b));

  it('finds nearly every near-copy of a document', () => {
    let found = 0;
    for (let i = 0; i < originals.length; i++) if (pairs.has(i * n + (i + originals.length))) found++;
    expect(found / originals.length).toBeGreaterThanOrEqual(0.95);
    // The near-copies really are near: MinHash agrees with the sets on most positions.
    const agreement = originals.map((_, i) => minhashSimilarity(features[i]!.minhash, features[i + originals.length]!.minhash));
    expect(agreement.filter((a) => a >= 0.5).length / agreement.length).toBeGreaterThan(0.95);
  });

  it('compares a small share of all pairs', () => {
    const all = (n * (n - 1)) / 2;
    expect(candidates.length).toBeLessThan(all / 10);
    // At most 2·BANDS·WINDOW candidates per document, whatever the corpus size.
    expect(candidates.length).toBeLessThanOrEqual(n * 64);
  });
});

describe('average linkage over LSH candidates', () => {
  it('gives the same clusters as over every pair (500 plans, 5 templates)', () => {
    const { docs } = generatePlans(500, 42);
    const exact = averageLinkageClusters(similarityMatrix(corpusVectors(docs.map((d) => d.lines))), 0.5);
    const viaLsh = findSimilar(docs);
    const partition = (cs: number[][]) => cs.map((c) => c.join(',')).sort();
    expect(partition([...viaLsh.clusters.map((c) => c.members), ...viaLsh.singletons.map((i) => [i])])).toEqual(partition(exact));
  });

  it('gives the same clusters as over every pair on the looser generated corpus', () => {
    const lines = generateCorpus(400, 9).map((g) => g.input.segmented.lines);
    const exact = averageLinkageClusters(similarityMatrix(corpusVectors(lines)), 0.45);
    const features = lines.map((l) => documentFeatures(l));
    const vectors = hashedTfIdfVectors(features);
    const edges = lshCandidates(features.map((f) => f.minhash)).map(([a, b]) => ({ a, b, score: dot(vectors[a]!, vectors[b]!) }));
    const g = clusterGraph(vectors, edges, 0.45);
    // Pairs of documents put together by each. Over fewer candidate pairs the merges come in another
    // order, so a document on the border of two clusters can end in the other one (measured: 99.8 %
    // of the pairs exact linkage joins are joined, and 96 % of the pairs joined are joined by it).
    const together = (cs: number[][]) => new Set(cs.flatMap((c) => c.flatMap((a) => c.filter((b) => b > a).map((b) => `${a}-${b}`))));
    const e = together(exact);
    const l = together(g.clusters);
    const shared = [...l].filter((p) => e.has(p)).length;
    expect(shared / e.size).toBeGreaterThan(0.99);
    expect(shared / l.size).toBeGreaterThan(0.95);
  });
});
