import { describe, expect, it } from 'vitest';
import { aggregate, populationKey } from '../src/analysis/aggregate.ts';
import { aggregateRows } from '../src/analysis/aggregate-format.ts';
import { openStore } from '../src/store/index.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

const corpus = generateCorpus(500, 31);
const store = openStore(':memory:');
for (const d of corpus) store.saveDocument(d.input);
const AS_OF = '2025-07-01';
const report = aggregate(store.db, { asOf: AS_OF });

describe('aggregate over 500 generated documents', () => {
  it('counts documents, plans and reports and section coverage per place as the records say', () => {
    const expected = new Map<string, { documents: number; plans: number; funding: number; results: number }>();
    for (const { record: r } of corpus) {
      const key = `${r.meta.province}|${r.meta.commune}`;
      const e = expected.get(key) ?? { documents: 0, plans: 0, funding: 0, results: 0 };
      e.documents++;
      if (r.meta.doc_type === 'ke_hoach') e.plans++;
      if (r.sections.some((s) => s.kind === 'funding')) e.funding++;
      if (r.sections.some((s) => s.kind === 'results')) e.results++;
      expected.set(key, e);
    }
    expect(report.places).toHaveLength(expected.size);
    for (const p of report.places) {
      const e = expected.get(`${p.province}|${p.commune}`)!;
      expect({ documents: p.documents, plans: p.plans, funding: p.coverage.funding, results: p.coverage.results }).toEqual(e);
    }
  });

  it('counts work per unit as the generator assigned it, across every printed variant of the unit', () => {
    const truth = new Map<string, { led: number; supported: number; duties: number; docs: Set<string> }>();
    const get = (c: string) => {
      const t = truth.get(c) ?? { led: 0, supported: 0, duties: 0, docs: new Set<string>() };
      truth.set(c, t);
      return t;
    };
    for (const d of corpus) {
      for (const task of d.record.tasks) {
        for (const c of new Set(task.lead_units.map((u) => d.unitTruth.get(u)!))) get(c).led++, get(c).docs.add(d.docId);
        for (const c of new Set(task.partner_units.map((u) => d.unitTruth.get(u)!))) get(c).supported++, get(c).docs.add(d.docId);
      }
      for (const r of d.record.responsibilities) {
        const c = d.unitTruth.get(r.unit)!;
        get(c).duties += r.duties;
        get(c).docs.add(d.docId);
      }
    }
    expect(report.workload).toHaveLength(truth.size);
    for (const w of report.workload) {
      const t = truth.get(w.canonicalName)!;
      expect({ led: w.tasksLed, supported: w.tasksSupported, duties: w.duties, docs: w.documents }, w.canonicalName).toEqual({
        led: t.led,
        supported: t.supported,
        duties: t.duties,
        docs: t.docs.size,
      });
    }
  });

  it('puts the provincial plan figure beside each commune target of the same province, population, year and unit', () => {
    const provincial = corpus.filter((d) => d.record.meta.commune === null);
    expect(provincial.length).toBeGreaterThan(0);
    const withProvince = report.targets.filter((t) => t.provincialValue !== null);
    expect(withProvince.length).toBeGreaterThan(0);
    for (const t of report.targets) {
      if (t.commune === null) {
        expect(t.provincialValue).toBeNull();
        continue;
      }
      const matches = provincial
        .filter((p) => p.record.meta.province === t.province)
        .flatMap((p) => p.record.targets.map((x) => ({ x, p })))
        .filter(({ x }) => populationKey(x.population) === populationKey(t.population) && x.year === t.year && x.unit === t.unit);
      if (matches.length === 0) expect(t.provincialValue).toBeNull();
      else {
        expect(matches.map(({ x }) => x.value)).toContain(t.provincialValue);
        expect(t.difference).toBeCloseTo(t.value - t.provincialValue!);
      }
    }
  });

  it('lists the deadlines on or after the as-of date, soonest first, once each', () => {
    const expected = corpus.flatMap((d) => d.record.deadlines.filter((x) => x.date >= AS_OF)).length;
    expect(report.deadlines).toHaveLength(expected);
    const dates = report.deadlines.map((d) => d.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('filters by province and exports every table as rows with a header', () => {
    const province = corpus.find((d) => d.record.meta.commune === null)!.record.meta.province!;
    const one = aggregate(store.db, { asOf: AS_OF, province: province.toUpperCase() });
    expect(one.province).toBe(province);
    expect(one.places.every((p) => p.province === province)).toBe(true);
    expect(one.places[0].commune).toBeNull(); // the province's own documents come first
    expect(one.targets.every((t) => t.province === province)).toBe(true);
    for (const section of ['places', 'targets', 'workload', 'deadlines'] as const) {
      const rows = aggregateRows(one, section);
      expect(rows.length - 1).toBe(section === 'places' ? one.places.length : one[section].length);
      expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    }
  });
});
