import { describe, expect, it } from 'vitest';
import {
  averageLinkageClusters,
  corpusVectors,
  cosine,
  findSimilar,
  foldAccents,
  similarityMatrix,
  syllables,
  termCounts,
} from '../src/analysis/similar.ts';
import { planDocFromRecords } from '../src/analysis/compare.ts';
import { clusterOrder } from '../src/analysis/report/charts.ts';
import { generatePlans } from './analysis-compare-fixtures.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

describe('syllable features', () => {
  it('folds accents and numbers, and keeps bigrams inside a line', () => {
    expect(foldAccents('Đường Hoá')).toBe('duong hoa');
    expect(syllables('Năm 2025: Kế hoạch số 12/KH')).toEqual(['nam', '0', 'ke', 'hoach', 'so', '0', 'kh']);
    const counts = termCounts(['Kế hoạch', 'hoạch định']);
    expect(counts.get('hoach')).toBe(2);
    expect(counts.get('ke hoach')).toBe(1);
    expect(counts.get('hoach hoach')).toBeUndefined();
  });
});

describe('similarity matrix', () => {
  it('equals the pairwise cosines of the vectors', () => {
    const { docs } = generatePlans(12, 5);
    const vectors = corpusVectors(docs.map((d) => d.lines));
    const m = similarityMatrix(vectors);
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++) {
        const expected = i === j ? 1 : cosine(vectors[i], vectors[j]);
        expect(m.values[i * 12 + j]).toBeCloseTo(expected, 4);
      }
    }
  });

  it('average linkage keeps two groups apart even when one item bridges them', () => {
    // 0,1 alike; 3,4 alike; 2 is halfway: single linkage would chain all five.
    const s = [
      [1, 0.9, 0.65, 0.1, 0.1],
      [0.9, 1, 0.65, 0.1, 0.1],
      [0.65, 0.65, 1, 0.65, 0.65],
      [0.1, 0.1, 0.65, 1, 0.9],
      [0.1, 0.1, 0.65, 0.9, 1],
    ];
    const m = { n: 5, values: Float32Array.from(s.flat()) };
    const clusters = averageLinkageClusters(m, 0.6);
    expect(clusters).toContainEqual([0, 1, 2]);
    expect(clusters).toContainEqual([3, 4]);
  });
});

describe('findSimilar on a 500-plan corpus', () => {
  const corpus = generatePlans(500, 42);
  const result = findSimilar(corpus.docs);

  it('recovers the template clusters exactly', () => {
    const found = result.clusters.map((c) => c.members.map((i) => corpus.topicOf[i]));
    expect(result.singletons).toEqual([]);
    expect(found).toHaveLength(5);
    for (const topics of found) expect(new Set(topics).size).toBe(1);
    expect(found.map((t) => t.length).sort()).toEqual([100, 100, 100, 100, 100]);
  });

  it('names the tasks a plan added beyond its template', () => {
    for (const cluster of result.clusters) {
      cluster.members.forEach((docIndex, k) => {
        const ownTasks = cluster.own[k].filter((o) => o.kind === 'task').map((o) => o.text);
        expect(ownTasks).toEqual(corpus.extras[docIndex]);
      });
      // The template holds the topic's section headings and (most of) its tasks.
      expect(cluster.templateItems.filter((t) => t.kind === 'section').map((t) => t.text)).toContain('KINH PHÍ THỰC HIỆN');
    }
  });
});

describe('findSimilar on the shared generated corpus (test/helpers/generate-corpus.ts)', () => {
  // That generator writes each plan from its topic's sentence pool rather than copying one
  // text, so its "templates" (topic × plan/report) are looser than real copies: 0.45.
  const corpus = generateCorpus(500, 7);
  const docs = corpus.map((g) => planDocFromRecords(g.input.segmented, g.input.extraction));
  const label = (i: number) => {
    const m = corpus[i].record.meta;
    const topic = (m.title ?? '').replace(/^Kết quả thực hiện công tác /, '').replace(/ (trên địa bàn|năm) .*$/, '').toLowerCase();
    return `${m.doc_type}|${m.commune ? 'commune' : 'province'}|${topic}`;
  };
  const result = findSimilar(docs, { threshold: 0.45 });
  const clusterOf = new Map<number, number>();
  result.clusters.forEach((c, k) => c.members.forEach((i) => clusterOf.set(i, k)));

  it('puts plans of one topic and type together, and nothing else with them', () => {
    let agreeing = 0;
    for (const c of result.clusters) {
      const counts = new Map<string, number>();
      for (const i of c.members) counts.set(label(i), (counts.get(label(i)) ?? 0) + 1);
      agreeing += Math.max(...counts.values());
    }
    const clustered = result.clusters.reduce((n, c) => n + c.members.length, 0);
    expect(clustered).toBeGreaterThan(480);
    expect(agreeing / clustered).toBeGreaterThan(0.97);
  });

  it('keeps each topic-and-type group of commune documents in one cluster', () => {
    const groups = new Map<string, number[]>();
    docs.forEach((_, i) => {
      if (!label(i).includes('|commune|')) return;
      groups.set(label(i), [...(groups.get(label(i)) ?? []), i]);
    });
    expect(groups.size).toBe(16);
    for (const [, members] of groups) {
      const byCluster = new Map<number, number>();
      for (const i of members) byCluster.set(clusterOf.get(i) ?? -1, (byCluster.get(clusterOf.get(i) ?? -1) ?? 0) + 1);
      expect(Math.max(...byCluster.values()) / members.length).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('matrix sampling for large corpora', () => {
  it('keeps every cluster, in cluster order, when documents exceed the limit', () => {
    const corpus = generatePlans(200, 9);
    const r = findSimilar(corpus.docs);
    const order = clusterOrder(r, 50);
    expect(order).toHaveLength(50);
    const topics = order.map((i) => corpus.topicOf[i]);
    // Five blocks of ten, one per template, each block one topic.
    for (let b = 0; b < 5; b++) expect(new Set(topics.slice(b * 10, b * 10 + 10)).size).toBe(1);
    expect(new Set(topics).size).toBe(5);
    expect(clusterOrder(r)).toHaveLength(200);
  });
});
