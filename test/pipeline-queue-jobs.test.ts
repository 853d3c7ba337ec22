/**
 * The queue workers' side of a distributed run without Redis (that is npm run test:distributed):
 * a job does the work a local run does for its file, with the same results and the same error
 * messages; the wire format keeps records exactly; job ids and shared paths.
 */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile, ingestWith } from '../src/ingest/index.ts';
import { processJob, type JobContext } from '../src/pipeline/distributed/process-job.ts';
import {
  decodeRecord,
  decodeResult,
  encodeRecord,
  encodeResult,
  jobIdFor,
  mapSharedPath,
  packAdaptation,
  stageOfFailure,
  unpackAdaptation,
  WorkerFailure,
  type JobData,
} from '../src/pipeline/distributed/protocol.ts';
import { packTexts, runTask, threadModels, cleanText } from '../src/pipeline/stages.ts';
import { readPipelineVersion, versionStamp } from '../src/pipeline/version.ts';
import { renderPagePng, PLAN_LINES } from './fixtures/ingest/build.ts';
import { writePlans } from './helpers/plans.ts';

const stamp = versionStamp(readPipelineVersion());
const models = threadModels();

function context(over: Partial<JobContext> = {}): JobContext {
  return {
    runTask: async (task) => runTask(task, models),
    ocr: () => {
      throw new Error('no OCR in these tests');
    },
    adaptation: async () => {
      throw new Error('no adaptation given');
    },
    localPath: (location) => location,
    readFile: (path) => readFile(path),
    ...over,
  };
}

/** Equal to the last field, absent ones and array types included. */
const same = (a: unknown, b: unknown) => expect(a).toStrictEqual(b);

describe('a queue job does what a local run does for its file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-jobs-'));
  const [clean, stripped] = writePlans(dir, 2, 83); // the first clean, the second diacritic-stripped
  const scanJob = (path: string, file: JobData['file']): JobData => ({ kind: 'scan', version: stamp, sourcePath: path, contentHash: 'h', file });

  it('reads a clean document inside the job and processes it as the first pass does', async () => {
    const r = await processJob(scanJob(clean, { bytes: readFileSync(clean).toString('base64') }), context());
    expect(r.kind).toBe('processed');
    same(decodeResult(encodeResult(r)), runTask({ kind: 'classify', ingested: await ingestWith(clean, {}) }, models));
  });

  it('reads a damaged one from shared storage, classifies it, then repairs it with the adapted model as the second pass does', async () => {
    const first = await processJob(scanJob(stripped, { location: stripped }), context());
    expect(first).toEqual({ kind: 'damaged', textKind: 'stripped' });

    const texts = [cleanText(await ingestWith(clean, {}))];
    const { sha, blob } = packAdaptation(texts);
    const ctx = context({ adaptation: async () => ({ id: 901, texts: packTexts(unpackAdaptation(blob)) }) });
    const job: JobData = { kind: 'repair', version: stamp, sourcePath: stripped, contentHash: 'h', file: { location: stripped }, textKind: 'stripped', adaptation: { key: 'k', sha, texts: 1, chars: texts[0].length } };
    const r = await processJob(job, ctx);
    expect(r.kind).toBe('processed');
    const local = runTask({ kind: 'repair', ingested: await ingestWith(stripped, {}), adaptation: { id: 902, texts: packTexts(texts) }, textKind: 'stripped' }, models);
    same(r, local);
    // The adaptation changed the repair: without it the text is not the same.
    const unadapted = runTask({ kind: 'repair', ingested: await ingestWith(stripped, {}), adaptation: null, textKind: 'stripped' }, models);
    expect(r.kind === 'processed' && unadapted.kind === 'processed' && r.document.repaired.lines.some((l, i) => l.text !== unadapted.document.repaired.lines[i].text)).toBe(true);
  });

  it('re-extracts and re-classifies stored documents carried inside the job', async () => {
    const ingested = await ingestFile(stripped);
    const repaired = models.repairer().repairDocument(ingested);
    const r = await processJob({ kind: 'extract', version: stamp, sourcePath: stripped, contentHash: 'h', payload: encodeRecord({ ingested, repaired }) }, context());
    same(r, runTask({ kind: 'extract', ingested, repaired }, models));
  });

  it('says a scan needs OCR, and names a bad file the way a local run does', async () => {
    const png = join(dir, 'page.png');
    writeFileSync(png, renderPagePng(PLAN_LINES.slice(0, 3), 100));
    expect(await processJob(scanJob(png, { location: png }), context())).toEqual({ kind: 'needs-ocr' });

    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const r = await processJob(scanJob(empty, { bytes: '' }), context());
    const local = await ingestWith(empty, {}).catch((e: Error) => e.message);
    expect(r).toEqual({ kind: 'failed', error: { sourcePath: empty, stage: 'ingest', message: local } });
    expect(local).toBe(`${empty}: the file is empty (0 bytes)`);
  });

  it("throws (so BullMQ retries it elsewhere) when the worker cannot do the work: a file it cannot read, a thread that died", async () => {
    const job = scanJob(join(dir, 'gone.txt'), { location: join(dir, 'gone.txt') });
    const mapped = context({ localPath: (l) => mapSharedPath(l, [[dir, '/mnt/elsewhere']]) });
    const e = await processJob(job, mapped).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WorkerFailure);
    expect((e as Error).message).toBe(`[ingest] ${join(dir, 'gone.txt')}: cannot read /mnt/elsewhere/gone.txt on this worker (ENOENT)`);
    expect(stageOfFailure((e as Error).message, 'repair')).toBe('ingest');

    const dying = context({ runTask: async () => Promise.reject(new Error('worker thread exited with code 134')) });
    const d = await processJob(scanJob(clean, { location: clean }), dying).catch((x: unknown) => x);
    expect((d as Error).message).toBe(`[repair] ${clean}: worker thread exited with code 134`);
  });
});

describe('what travels through Redis', () => {
  it('keeps records exactly: typed arrays, absent fields, nested objects', () => {
    const record = { a: new Uint32Array([1, 2, 0xffffffff]), b: undefined, c: [{ d: 'Kế hoạch', e: null }], f: new Uint16Array([7]) };
    const back = decodeRecord<typeof record>(encodeRecord(record));
    expect(back.a).toBeInstanceOf(Uint32Array);
    expect([...back.a]).toEqual([1, 2, 0xffffffff]);
    expect('b' in back).toBe(true);
    same(back, record);
    expect(unpackAdaptation(packAdaptation(['một', 'hai\nba']).blob)).toEqual(['một', 'hai\nba']);
  });

  it('gives the same work the same job id, and other work another', () => {
    const base: JobData = { kind: 'repair', version: stamp, sourcePath: 'a/b.txt', contentHash: 'x', file: { location: '/s/a/b.txt' }, adaptation: { key: 'k', sha: 's1', texts: 1, chars: 3 } };
    const id = jobIdFor(base);
    expect(id).toMatch(/^[0-9a-f]{40}$/); // BullMQ ids must not contain ':'
    expect(jobIdFor({ ...base, file: { bytes: 'AAAA' } })).not.toBe(jobIdFor({ ...base, file: { bytes: 'BBBB' }, contentHash: 'y' }));
    expect(jobIdFor({ ...base })).toBe(id);
    expect(jobIdFor({ ...base, adaptation: { ...base.adaptation!, sha: 's2' } })).not.toBe(id);
    expect(jobIdFor({ ...base, sourcePath: 'a/c.txt' })).not.toBe(id);
    expect(jobIdFor({ ...base, kind: 'scan' })).not.toBe(id);
  });

  it('maps shared storage mounted elsewhere, folder by folder', () => {
    const maps: [string, string][] = [['/srv/scans/', '/mnt/scans'], ['/data', '/d']];
    expect(mapSharedPath('/srv/scans/a/b.pdf', maps)).toBe('/mnt/scans/a/b.pdf');
    expect(mapSharedPath('/data/x.txt', maps)).toBe('/d/x.txt');
    expect(mapSharedPath('/database/x.txt', maps)).toBe('/database/x.txt');
    expect(mapSharedPath('/other/x.txt', maps)).toBe('/other/x.txt');
  });
});
