import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanDocs, resolveDocumentRef } from '../src/analysis/compare.ts';
import { openStoreReadonly } from '../src/analysis/report/open-db.ts';
import { openStore } from '../src/store/index.ts';
import { makePlan, planSaveInput, TOPICS } from './analysis-compare-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'vnplan-compare-'));
const dbPath = join(dir, 'plans.sqlite');
const a = makePlan({ docId: 'kh-tan-phu', topic: TOPICS[0], commune: 'Tân Phú', year: 2025, targetValues: [10, 95], seed: 1 });
const b = makePlan({
  docId: 'kh-hoa-binh',
  topic: TOPICS[0],
  commune: 'Hòa Bình',
  year: 2025,
  targetValues: [15, 95],
  dropTasks: [3],
  extraTasks: ['Sửa chữa cầu treo bắc qua suối phục vụ học sinh đi học'],
  seed: 2,
});
const c = makePlan({ docId: '1_kh-yte', topic: TOPICS[3], commune: 'Tân Phú', year: 2025, seed: 3 });

beforeAll(() => {
  const store = openStore(dbPath);
  for (const [i, p] of [a, b, c].entries()) store.saveDocument(planSaveInput(p, i + 1));
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plans read back from the store', () => {
  it('round-trip lines, sections, tasks and targets with their line spans', () => {
    const db = openStoreReadonly(dbPath);
    const docs = loadPlanDocs(db);
    db.close();
    expect(docs.map((d) => d.docId)).toEqual(['kh-tan-phu', 'kh-hoa-binh', '1_kh-yte']);
    const back = docs[1];
    expect(back.lines).toEqual(b.lines);
    expect(back.sections).toEqual(b.sections);
    expect(back.tasks).toEqual(b.tasks);
    expect(back.targets).toEqual(b.targets);
  });

  it('resolves references by doc id, row id and path, and names a missing one', () => {
    const db = openStoreReadonly(dbPath);
    expect(resolveDocumentRef(db, 'kh-hoa-binh')).toBe(2);
    expect(resolveDocumentRef(db, '3')).toBe(3);
    // A doc id that starts with digits is not row id 1.
    expect(resolveDocumentRef(db, '1_kh-yte')).toBe(3);
    expect(resolveDocumentRef(db, '1')).toBe(1);
    expect(resolveDocumentRef(db, 'generated/kh-tan-phu.txt')).toBe(1);
    expect(() => resolveDocumentRef(db, 'nope')).toThrow(/no document "nope"/);
    db.close();
  });

  it('refuses a store that does not exist instead of creating an empty one', () => {
    expect(() => openStoreReadonly(join(dir, 'missing.sqlite'))).toThrow(/missing\.sqlite: no such store/);
  });
});

describe('vnplan compare / similar on the command line', () => {
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, ['bin/vnplan.mjs', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '..') });

  it('compare prints what differs between two stored plans', () => {
    const out = cli('compare', 'kh-tan-phu', 'kh-hoa-binh', '--db', dbPath);
    expect(out).toContain(`only in A (L`);
    expect(out).toContain(TOPICS[0].tasks[3]);
    expect(out).toContain('only in B');
    expect(out).toContain('Sửa chữa cầu treo');
    expect(out).toMatch(/changed: A 10 %/);
  }, 20_000);

  it('similar --json groups the two copies of one template and leaves the other plan alone', () => {
    const out = JSON.parse(cli('similar', '--db', dbPath, '--json'));
    expect(out.clusters).toHaveLength(1);
    expect(out.clusters[0].members.map((m: { docId: string }) => m.docId)).toEqual(['kh-tan-phu', 'kh-hoa-binh']);
    expect(out.singletons.map((m: { docId: string }) => m.docId)).toEqual(['1_kh-yte']);
    // Plan B added a task the template (= both plans, in a cluster of two) lacks.
    const hoaBinh = out.clusters[0].members.find((m: { docId: string }) => m.docId === 'kh-hoa-binh');
    expect(hoaBinh.own.map((o: { text: string }) => o.text)).toContain('Sửa chữa cầu treo bắc qua suối phục vụ học sinh đi học');
  }, 20_000);

  it('similar prints the clusters and the stand-alone plans', () => {
    const out = cli('similar', '--db', dbPath);
    expect(out).toMatch(/^3 documents, 1 template clusters \(cosine ≥ 0\.5\), 1 stand-alone/);
    expect(out).toContain('Cluster 1: 2 plans');
    expect(out).toMatch(/\+ task L\d+: Sửa chữa cầu treo/);
    expect(out).toMatch(/Stand-alone plans[^\n]*\n  1_kh-yte \(#3\)/);
  }, 20_000);
});
