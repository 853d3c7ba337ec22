import { describe, expect, it } from 'vitest';
import { canonicalUnitName } from '../src/gazetteer/units.ts';
import { openStore } from '../src/store/index.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

const corpus = generateCorpus(500, 11);

describe('generated corpus of 500 documents through the store', () => {
  it('is deterministic for a seed and varies with it', () => {
    expect(generateCorpus(500, 11).map((d) => d.text)).toEqual(corpus.map((d) => d.text));
    expect(generateCorpus(500, 12).map((d) => d.text)).not.toEqual(corpus.map((d) => d.text));
    expect(new Set(corpus.map((d) => d.docId)).size).toBe(500);
  });

  it('canonicalUnitName groups every printed unit variant the generator used under its unit', () => {
    const truth = new Map<string, string>();
    for (const d of corpus) for (const [printed, canonical] of d.unitTruth) truth.set(printed, canonical);
    expect(truth.size).toBeGreaterThan(20);
    for (const [printed, canonical] of truth) expect(canonicalUnitName(printed), printed).toBe(canonical);
  });

  it('stores every document and item once, and a second pass replaces instead of duplicating', () => {
    const store = openStore(':memory:');
    try {
      for (const d of corpus) store.saveDocument(d.input);
      const expected = {
        documents: corpus.length,
        tasks: corpus.reduce((n, d) => n + d.record.tasks.length, 0),
        targets: corpus.reduce((n, d) => n + d.record.targets.length, 0),
      };
      const first = store.counts();
      expect(first).toMatchObject(expected);
      const results = corpus.map((d) => store.saveDocument(d.input));
      expect(results.every((r) => r.replaced)).toBe(true);
      expect(store.counts()).toEqual(first);
      // Units table: one row per canonical name, no matter how many printed forms.
      const units = store.db.prepare('SELECT canonical_name FROM units').all() as { canonical_name: string }[];
      const truthCanonicals = new Set(corpus.flatMap((d) => [...d.unitTruth.values()]));
      expect(new Set(units.map((u) => u.canonical_name))).toEqual(truthCanonicals);
      // The analyst views agree with the raw tables.
      const summary = store.db.prepare('SELECT sum(tasks) t, sum(targets) g, count(*) n FROM v_document_summary').get();
      expect(summary).toEqual({ t: expected.tasks, g: expected.targets, n: corpus.length });
    } finally {
      store.close();
    }
  });
});
