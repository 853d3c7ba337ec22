/**
 * The writer's cost per document (issue 14): bench plans processed once in this thread, then saved
 * into fresh stores again and again, timing only the saves (CPU of this thread: the store runs in
 * the main thread of a pipeline).
 *
 *   node --import tsx scripts/bench-store-write.ts [plans] [count] [rounds]
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestWith } from '../src/ingest/index.ts';
import { runTask, threadModels, type TaskResult } from '../src/pipeline/stages.ts';
import { openStore, type SaveInput } from '../src/store/index.ts';
import { benchPlans } from './bench-batch.ts';

const dir = process.argv[2] && process.argv[2] !== '-' ? process.argv[2] : benchPlans(1000);
const count = Number(process.argv[3] ?? 60);
const rounds = Number(process.argv[4] ?? 5);
const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().slice(0, count);
const models = threadModels();
const docs: SaveInput[] = [];
for (const f of files) {
  const ingested = await ingestWith(join(dir, f), {});
  let r: TaskResult = runTask({ kind: 'classify', ingested }, models);
  if (r.kind === 'damaged') r = runTask({ kind: 'repair', ingested, adaptation: null, textKind: r.textKind }, models);
  if (r.kind === 'processed') docs.push(r.document);
}
const perDoc: number[] = [];
let bytes = 0;
for (let k = 0; k < rounds; k++) {
  const tmp = mkdtempSync(join(tmpdir(), 'vnplan-store-write-'));
  const store = openStore(join(tmp, 'plans.sqlite'));
  const c0 = process.cpuUsage();
  for (const d of docs) store.saveDocument(d);
  const c = process.cpuUsage(c0);
  store.close();
  bytes = statSync(join(tmp, 'plans.sqlite')).size;
  rmSync(tmp, { recursive: true, force: true });
  perDoc.push((c.user + c.system) / 1000 / docs.length);
}
perDoc.sort((a, b) => a - b);
console.log(JSON.stringify({ documents: docs.length, cpuMsPerDocument: perDoc.map((x) => +x.toFixed(2)), median: +perDoc[perDoc.length >> 1]!.toFixed(2), storeMb: +(bytes / 1e6).toFixed(1) }));
