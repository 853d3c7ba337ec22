import { describe, expect, it } from 'vitest';
import { comparePlans, formatComparison, sectionMatchScore } from '../src/analysis/compare.ts';
import { makePlan, TOPICS } from './analysis-compare-fixtures.ts';

const topic = TOPICS[1];

describe('comparePlans', () => {
  const a = makePlan({ docId: 'a', topic, commune: 'Tân Phú', year: 2025, dropTasks: [2], targetValues: [3, 90, 60], seed: 1 });
  const b = makePlan({
    docId: 'b',
    topic,
    commune: 'Hòa Bình',
    year: 2025,
    dropTasks: [4],
    dropTargets: [1],
    targetValues: [2, 90, 60],
    extraTasks: ['Khảo sát nhu cầu nước sạch của các hộ vùng đồi cao'],
    extraSection: { heading: 'CƠ CHẾ KHEN THƯỞNG', kind: 'other', body: ['Biểu dương tập thể, cá nhân có thành tích xuất sắc.'] },
    seed: 2,
  });
  const c = comparePlans(a, b);

  it('aligns the sections of two copies of one template and reports the added section', () => {
    expect(c.sections.pairs.map((p) => [p.a.kind, p.b.kind])).toEqual([
      ['purpose', 'purpose'],
      ['targets', 'targets'],
      ['content', 'content'],
      ['funding', 'funding'],
      ['organization', 'organization'],
    ]);
    expect(c.sections.onlyA).toEqual([]);
    expect(c.sections.onlyB.map((s) => s.heading)).toEqual(['CƠ CHẾ KHEN THƯỞNG']);
    // The funding sections are word for word the same; the content sections differ by tasks.
    const funding = c.sections.pairs.find((p) => p.a.kind === 'funding')!;
    expect(funding.contentSimilarity).toBeGreaterThan(0.95);
  });

  it('finds the tasks each plan lacks', () => {
    expect(c.tasks.onlyA.map((t) => t.title)).toEqual([topic.tasks[4]]);
    expect(c.tasks.onlyB.map((t) => t.title)).toEqual([topic.tasks[2], 'Khảo sát nhu cầu nước sạch của các hộ vùng đồi cao']);
    expect(c.tasks.pairs).toHaveLength(topic.tasks.length - 2);
  });

  it('reports a missing target and a target with another value', () => {
    expect(c.targets.onlyA.map((t) => t.statement)).toEqual([topic.targets[1].statement]);
    expect(c.targets.onlyB).toEqual([]);
    const changed = c.targets.pairs.filter((p) => p.changed);
    expect(changed.map((p) => [p.a.value, p.b.value])).toEqual([[3, 2]]);
  });

  it('scores copies of one template far above plans on different topics', () => {
    const other = makePlan({ docId: 'x', topic: TOPICS[2], commune: 'Tân Phú', year: 2025, seed: 3 });
    const unrelated = comparePlans(a, other);
    expect(c.similarity).toBeGreaterThan(0.8);
    expect(unrelated.similarity).toBeLessThan(c.similarity - 0.3);
    // Their topic tasks have nothing in common.
    expect(unrelated.tasks.pairs).toEqual([]);
  });

  it('prints a readable summary naming what differs', () => {
    const text = formatComparison(c);
    expect(text).toContain('only in B: V CƠ CHẾ KHEN THƯỞNG');
    expect(text).toContain(`only in A (L`);
    expect(text).toContain(topic.tasks[4]);
  });
});

describe('sectionMatchScore', () => {
  const s = (heading: string, kind: 'purpose' | 'funding' | 'other') => ({ numbering: 'I', heading, kind, level: 0, startLine: 1, endLine: 2 });
  it('prefers the same kind, then the heading wording', () => {
    expect(sectionMatchScore(s('MỤC ĐÍCH', 'purpose'), s('MỤC TIÊU, YÊU CẦU', 'purpose'))).toBeGreaterThan(0.4);
    expect(sectionMatchScore(s('KINH PHÍ', 'funding'), s('MỤC ĐÍCH', 'purpose'))).toBe(0);
    // Accent-insensitive: an OCR'd heading without tone marks still matches.
    expect(sectionMatchScore(s('KINH PHI THUC HIEN', 'other'), s('KINH PHÍ THỰC HIỆN', 'other'))).toBeCloseTo(0.6, 5);
  });
});
