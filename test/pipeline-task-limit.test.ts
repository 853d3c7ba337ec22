import { describe, expect, it } from 'vitest';
import { createTaskPool } from '../src/pipeline/pool.ts';
import type { IngestedDocument } from '../schemas/index.ts';

const doc = (n: number): IngestedDocument => ({
  docId: `d${n}`,
  sourcePath: `/plans/d${n}.txt`,
  sourceKind: 'text',
  contentHash: `h${n}`,
  encoding: 'utf-8',
  pages: [{ pageNumber: 1, lines: ['KE HOACH', 'Trien khai cong tac phong chong thien tai tren dia ban xa'], ocrConfidence: null }],
  warnings: [],
});

describe('a document that holds a pipeline thread too long', () => {
  it('comes back as an error naming the limit, and the tasks after it still get their answer', async () => {
    // 1 ms: no task can finish in time (a thread first loads its models), so every one is stopped
    const pool = await createTaskPool({ jobs: 1, taskTimeLimitMs: 1 });
    const results: (string | Error)[] = [];
    for (const n of [1, 2, 3]) await pool.submit({ kind: 'repair', ingested: doc(n), adaptation: null }, (r) => results.push(r instanceof Error ? r : r.kind));
    await pool.drain();
    await pool.close();
    expect(results).toHaveLength(3);
    for (const r of results) expect(r instanceof Error && r.message).toMatch(/stopped after 0 s without a result/);
  });

  it('lets a document that finishes in time through', async () => {
    const pool = await createTaskPool({ jobs: 1, taskTimeLimitMs: 120_000 });
    const results: string[] = [];
    await pool.submit({ kind: 'repair', ingested: doc(1), adaptation: null }, (r) => results.push(r instanceof Error ? r.message : r.kind));
    await pool.drain();
    await pool.close();
    expect(results).toEqual(['processed']);
  });
});
