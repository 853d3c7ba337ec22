import { describe, expect, it } from 'vitest';
import { runGuarded } from './helpers/fuzz-run.ts';

// Property test of segment + extract on generated, mutated documents (test/helpers/fuzz-docs.ts:
// generated plans cut, shuffled, truncated, duplicated, joined and damaged; cell, tab and space
// tables with group rows, missing cells, headers without rows or at the end; headings only;
// thousands of list items; deep decimal numbering; lines of 10 k characters; punctuation,
// digits, mixed scripts, NUL and control characters, RTL marks; reader's table layouts over
// any lines). For every case: no exception, records the zod schemas accept, provenance inside
// the document, and done within a time proportional to its size (`timeLimitMs`: seconds where
// the code takes milliseconds; a case over it, an endless loop included, is stopped in its
// worker thread and fails). Fixed seeds: the same cases every run. More cases, longer lines:
// scripts/fuzz-extract.ts.
describe('segment + extract on fuzzed documents', () => {
  it('finish in time, never throw and return valid records', async () => {
    const seeds = Array.from({ length: 60 }, (_, i) => 1000 + i);
    const results = await runGuarded(seeds, { maxLineLength: 10_000 });
    expect(results.length).toBe(seeds.length);
    const failures = results.filter((r) => r.failure).map((r) => `seed ${r.seed} (${r.shape}, ${r.lines} lines): ${r.failure}`);
    expect(failures).toEqual([]);
    // the cases are the shapes they say (a generator that silently made empty documents would prove nothing)
    expect(new Set(results.map((r) => r.shape.split('+')[0])).size).toBeGreaterThanOrEqual(7);
    expect(Math.max(...results.map((r) => r.lines))).toBeGreaterThan(1000);
  });
});
