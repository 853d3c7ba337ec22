import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../src/analysis/compare.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

describe('vnplan compare on two files (ingest → repair → segment → extract, no store)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-compare-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Two commune plans on one topic from the shared generator: the records say what differs.
  const corpus = generateCorpus(60, 21);
  const plans = corpus.filter((g) => g.record.meta.doc_type === 'ke_hoach' && g.record.meta.commune);
  const topicOf = (g: (typeof corpus)[number]) => g.record.meta.title!.replace(/ trên địa bàn.*$/, '');
  const a = plans[0];
  const b = plans.slice(1).find((g) => topicOf(g) === topicOf(a))!;
  const fileA = join(dir, `${a.docId}.txt`);
  const fileB = join(dir, `${b.docId}.txt`);
  writeFileSync(fileA, a.text);
  writeFileSync(fileB, b.text);

  it('names the tasks each plan has that the other lacks', () => {
    const out = execFileSync(
      process.execPath,
      ['bin/vnplan.mjs', 'compare', fileA, fileB, '--db', join(dir, 'none.sqlite'), '--json'],
      { encoding: 'utf8', cwd: join(import.meta.dirname, '..') },
    );
    const c = JSON.parse(out) as Comparison;
    // The pair is chosen so there is something to find.
    expect(c.tasks.onlyA.length + c.tasks.onlyB.length).toBeGreaterThan(0);
    expect(c.a.docId).toBe(a.docId);
    const titlesA = new Set(a.record.tasks.map((t) => t.title));
    const titlesB = new Set(b.record.tasks.map((t) => t.title));
    expect(c.tasks.onlyA.map((t) => t.title).sort()).toEqual([...titlesA].filter((t) => !titlesB.has(t)).sort());
    expect(c.tasks.onlyB.map((t) => t.title).sort()).toEqual([...titlesB].filter((t) => !titlesA.has(t)).sort());
    // Every section kind both plans have is aligned with its counterpart.
    const kindsA = new Set(a.record.sections.map((s) => s.kind));
    const shared = [...new Set(b.record.sections.map((s) => s.kind))].filter((k) => kindsA.has(k) && k !== 'other');
    const aligned = new Set(c.sections.pairs.filter((p) => p.a.kind === p.b.kind).map((p) => p.a.kind));
    for (const k of shared) expect(aligned.has(k)).toBe(true);
    expect(c.similarity).toBeGreaterThan(0.3);
  }, 60_000);
});
