/**
 * Dev loop for segment + extract: feeds already-repaired text (gold line transcripts and the clean
 * seed) through an identity RepairedDocument, writes one JSON per document and scores it.
 *   node --import tsx scripts/dev-struct-score.ts [--raw] [--out DIR]
 * --raw reads the raw seeds as they are; --repair runs them through ingest + the repair stage
 * first (the path the lead's eval measures).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RepairedDocument } from '../schemas/index.ts';
import { extractRecord } from '../src/extract/index.ts';
import { segmentDocument } from '../src/segment/index.ts';

const SHARED = process.env.VNPLAN_SHARED ?? '/work/shared';
const args = process.argv.slice(2);
const raw = args.includes('--raw') || args.includes('--repair');
const repair = args.includes('--repair');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : '/tmp/vnplan-struct';

export function identityRepaired(docId: string, text: string): RepairedDocument {
  const lines = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return { docId, wasClean: true, lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })) };
}

mkdirSync(outDir, { recursive: true });
const seeds = readdirSync(join(SHARED, 'seeds')).filter((f) => f.endsWith('.txt'));
let repaired: RepairedDocument[] = [];
if (repair) {
  const { ingestFile } = await import('../src/ingest/index.ts');
  const { createRepairer } = await import('../src/repair/index.ts');
  const docs = [];
  for (const f of seeds) docs.push(await ingestFile(join(SHARED, 'seeds', f)));
  repaired = createRepairer().repairBatch(docs);
  for (const r of repaired) writeFileSync(join(outDir, `${r.docId}.txt`), r.lines.map((l) => l.text).join('\n'));
}
for (const f of seeds) {
  const id = basename(f, '.txt');
  const goldText = join(SHARED, 'gold/text', f);
  let path = join(SHARED, 'seeds', f);
  if (!raw) {
    try {
      readFileSync(goldText);
      path = goldText;
    } catch {
      /* clean seed: no line transcript */
    }
  }
  const doc = repaired.find((r) => r.docId === id) ?? identityRepaired(id, readFileSync(path, 'utf8'));
  const ex = extractRecord(segmentDocument(doc));
  writeFileSync(join(outDir, `${id}.json`), JSON.stringify(ex.record, null, 2));
}
const report = JSON.parse(execFileSync('python3', [join(SHARED, 'tools/score.py'), 'struct', join(SHARED, 'gold/structured'), outDir], { encoding: 'utf8' }));
const fields = ['sections', 'tasks', 'targets', 'references', 'responsibilities', 'deadlines', 'recipients'];
for (const [name, r] of Object.entries(report) as [string, any][]) {
  if (!r || typeof r !== 'object') continue;
  const row = fields.map((k) => `${k.slice(0, 5)}=${r[k]?.f1 ?? '-'}`).join(' ');
  console.log(`${name.padEnd(26)} overall=${r.overall ?? '-'} meta=${r.meta?.acc ?? '-'} ${row}`);
}
