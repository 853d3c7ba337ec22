/**
 * The streaming pipeline (src/pipeline/run.ts): skip by content hash and version, --force, stage
 * re-use after an upgrade, worker threads, and the same output as the one-batch repair.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/pipeline/run.ts';
import { readPipelineVersion, type PipelineVersion } from '../src/pipeline/version.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/vietnamese/marks.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';
import { writePlans } from './helpers/plans.ts';

const count = (db: string, sql: string): number => {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare(sql).get() as { n: number }).n;
  } finally {
    conn.close();
  }
};

describe('skip, force and re-use of stored stages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-stream-'));
  const db = join(dir, 'plans.sqlite');
  const files = writePlans(join(dir, 'in'), 12, 5);
  const version = readPipelineVersion();

  it('stores every document, then skips every unchanged file, and counts them', async () => {
    const first = await runPipeline([join(dir, 'in')], db, { jobs: 0 });
    expect(first).toMatchObject({ files: 12, documents: 12, skipped: 0, replaced: 0, errors: [] });
    const again = await runPipeline([join(dir, 'in')], db, { jobs: 0 });
    expect(again).toMatchObject({ files: 12, documents: 0, skipped: 12, errors: [] });
    expect(count(db, 'SELECT count(*) n FROM documents')).toBe(12);
  });

  it('re-processes everything with force, replacing rather than duplicating', async () => {
    const forced = await runPipeline([join(dir, 'in')], db, { jobs: 0, force: true });
    expect(forced).toMatchObject({ documents: 12, skipped: 0, replaced: 12 });
    expect(count(db, 'SELECT count(*) n FROM documents')).toBe(12);
  });

  it('processes only the new and the edited files of a folder', async () => {
    writeFileSync(files[0], `${stripMarks(generateCorpus(1, 99)[0].text)}\n`);
    writePlans(join(dir, 'in', 'more'), 2, 77);
    const r = await runPipeline([join(dir, 'in')], db, { jobs: 0 });
    expect(r).toMatchObject({ files: 14, documents: 3, skipped: 11, replaced: 1 });
    expect(count(db, 'SELECT count(*) n FROM documents')).toBe(14);
  });

  it('after an upgrade re-does only the stages whose version changed', async () => {
    const newExtract: PipelineVersion = { ...version, stages: { ...version.stages, extract: 'upgraded-extract' } };
    const before = count(db, "SELECT count(*) n FROM lines WHERE text <> raw");
    const r = await runPipeline([join(dir, 'in')], db, { jobs: 0, version: newExtract });
    expect(r).toMatchObject({ documents: 14, skipped: 0, reprocessed: { repair: 0, extract: 14 } });
    expect(count(db, "SELECT count(*) n FROM documents WHERE extract_version = 'upgraded-extract'")).toBe(14);
    // The repaired text was taken from the store, not re-made: the same lines, repaired the same way.
    expect(count(db, "SELECT count(*) n FROM lines WHERE text <> raw")).toBe(before);

    const newRepair: PipelineVersion = { ...newExtract, stages: { ...newExtract.stages, repair: 'upgraded-repair' } };
    const r2 = await runPipeline([join(dir, 'in')], db, { jobs: 0, version: newRepair });
    expect(r2).toMatchObject({ documents: 14, reprocessed: { repair: 14, extract: 0 } });
    expect(count(db, "SELECT count(*) n FROM lines WHERE text <> raw")).toBe(before);
    const r3 = await runPipeline([join(dir, 'in')], db, { jobs: 0, version: newRepair });
    expect(r3).toMatchObject({ documents: 0, skipped: 14 });
  });
});

describe('worker threads', () => {
  it('repair in worker threads gives the same text and records as the one-batch repair', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-workers-'));
    const files = writePlans(join(dir, 'in'), 9, 11);
    const db = join(dir, 'plans.sqlite');
    const r = await runPipeline([join(dir, 'in')], db, { jobs: 2 });
    expect(r).toMatchObject({ documents: 9, errors: [] });

    // What Repairer.repairBatch makes of the same files, in one batch (clean ones adapt the others).
    const docs = await Promise.all(files.map((f) => ingestFile(f)));
    const batch = createRepairer().repairBatch(docs);
    const conn = new Database(db, { readonly: true });
    const stored = conn.prepare('SELECT text FROM lines l JOIN documents d ON d.id = l.document_id WHERE d.source_path = ? ORDER BY line_no');
    docs.forEach((d, i) => {
      const lines = (stored.all(d.sourcePath) as { text: string }[]).map((x) => x.text);
      expect(lines).toEqual(batch[i].lines.map((l) => l.text));
    });
    expect(batch.some((b, i) => !b.wasClean && b.lines.some((l) => l.text !== l.raw) && docs[i])).toBe(true);
    // Every stored document has its similarity features.
    expect((conn.prepare('SELECT count(*) n FROM document_features').get() as { n: number }).n).toBe(9);
    conn.close();
  });
});
