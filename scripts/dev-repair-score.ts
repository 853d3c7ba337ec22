/**
 * Dev loop for the repair stage: repairs the OCR'd seeds, the diacritic-stripped gold, the clean seed
 * 003, and (with --dev-pairs DIR) held-out synthetic OCR pages, each alone and as one batch, and prints
 * score.py figures. Outputs go to --out (default /work/scratch/dev-out).
 *   node --import tsx scripts/dev-repair-score.ts [--shared /work/shared] [--dev-pairs /work/scratch/pairs]
 * With --scan-pairs DIR (pairs made by scripts/make-scans.ts for the Vietnamese-model channel): the
 * held-out pairs (ids ×10), raw OCR and repaired, each alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRepairer } from '../src/repair/index.ts';
import type { IngestedDocument } from '../schemas/index.ts';
import { readPairs } from '../src/repair/channel/build-channel.ts';
import { readScanPairs, scanDocument } from '../src/repair/channel/scan-pairs.ts';
import { buildSimpleLanguageModel } from '../src/repair/decoder/simple-lm.ts';

const { values } = parseArgs({
  options: {
    shared: { type: 'string', default: '/work/shared' },
    out: { type: 'string', default: '/work/scratch/dev-out' },
    'dev-pairs': { type: 'string' },
    /** A folder of pairs never used in training (make-training-pairs.sh with another first seed): all of them, alone and as one batch. */
    'unseen-pairs': { type: 'string' },
    'scan-pairs': { type: 'string' },
    'dev-only': { type: 'boolean', default: false },
    'dev-max': { type: 'string', default: '200', description: 'only dev pairs numbered up to this (a fixed set)' },
    'no-batch': { type: 'boolean', default: false },
    lmweight: { type: 'string' },
    unk: { type: 'string' },
    'simple-lm': { type: 'string', description: 'comma-separated corpus files for an interim in-memory LM' },
  },
});
const shared = values.shared!;
const out = values.out!;
const score = join(shared, 'tools/score.py');

function doc(docId: string, text: string): IngestedDocument {
  return { docId, pages: [{ pageNumber: 1, lines: text.split('\n') }] } as unknown as IngestedDocument;
}

function runScore(gold: string, hyp: string): { syllable_acc: number; caseless_acc: number; cer: number } {
  const r = JSON.parse(execFileSync('python3', [score, 'text', gold, hyp], { encoding: 'utf8' }));
  return r.ALL;
}

function write(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const simple = values['simple-lm'];
const repairer = createRepairer({
  decoder: {
    ...(values.lmweight ? { lmWeight: Number(values.lmweight) } : {}),
    ...(values.unk ? { unkPenalty: Number(values.unk) } : {}),
  },
  ...(simple ? { languageModel: () => buildSimpleLanguageModel(simple.split(',').map((f) => readFileSync(f, 'utf8'))) } : {}),
});
const t0 = Date.now();
const goldDir = join(shared, 'gold/text');
const names = readdirSync(goldDir).filter((f) => f.endsWith('.txt')).sort();
const textOf = (d: ReturnType<typeof repairer.repairDocument>) => d.lines.map((l) => l.text).join('\n');

function report(label: string, pairs: { name: string; gold: string; hyp: string }[]) {
  const dir = join(out, label);
  const goldSub = join(out, label + '-gold');
  rmSync(dir, { recursive: true, force: true });
  rmSync(goldSub, { recursive: true, force: true });
  for (const p of pairs) {
    write(dir, p.name, p.hyp);
    write(goldSub, p.name, p.gold);
  }
  const all = runScore(goldSub, dir);
  console.log(`${label.padEnd(22)} syllable_acc ${all.syllable_acc}  caseless ${all.caseless_acc}  cer ${all.cer}`);
}

if (values['dev-pairs']) {
  const dev = readPairs(values['dev-pairs'], 'dev').filter((p) => Number(p.id) <= Number(values['dev-max']));
  const docs = dev.map((p) => doc(p.id, p.ocr));
  report('dev-pairs-raw', dev.map((p) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: p.ocr })));
  report('dev-pairs-alone', dev.map((p, i) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: textOf(repairer.repairDocument(docs[i])) })));
}
if (values['scan-pairs']) {
  const pairs = readScanPairs(values['scan-pairs'], 'dev');
  const docs = pairs.map(scanDocument);
  report('scan-pairs-raw', pairs.map((p, i) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: docs[i].pages.flatMap((x) => x.lines).join('\n') })));
  report('scan-pairs-alone', pairs.map((p, i) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: textOf(repairer.repairDocument(docs[i])) })));
}
if (values['unseen-pairs']) {
  const pairs = readPairs(values['unseen-pairs'], 'all');
  const docs = pairs.map((p) => doc(p.id, p.ocr));
  report('unseen-pairs-raw', pairs.map((p) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: p.ocr })));
  report('unseen-pairs-alone', pairs.map((p, i) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: textOf(repairer.repairDocument(docs[i])) })));
  const batch = repairer.repairBatch(docs);
  report('unseen-pairs-batch', pairs.map((p, i) => ({ name: `${p.id}.txt`, gold: p.clean, hyp: textOf(batch[i]) })));
}
if (!values['dev-only']) {
  const seedDir = join(shared, 'seeds');
  const ocrDocs = names.map((n) => doc(n, readFileSync(join(seedDir, n), 'utf8')));
  const golds = names.map((n) => readFileSync(join(goldDir, n), 'utf8'));
  const strip = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
  const strippedDocs = names.map((n, i) => doc(n, strip(golds[i])));
  const clean003 = readdirSync(seedDir).find((f) => f.startsWith('003'))!;
  const cleanText = readFileSync(join(seedDir, clean003), 'utf8');
  const cleanDoc = doc(clean003, cleanText);

  report('ocr-alone', names.map((n, i) => ({ name: n, gold: golds[i], hyp: textOf(repairer.repairDocument(ocrDocs[i])) })));
  report('stripped-alone', names.map((n, i) => ({ name: n, gold: golds[i], hyp: textOf(repairer.repairDocument(strippedDocs[i])) })));
  report('clean-003-alone', [{ name: clean003, gold: cleanText, hyp: textOf(repairer.repairDocument(cleanDoc)) }]);
  if (!values['no-batch']) {
    const batch = repairer.repairBatch([...ocrDocs, ...strippedDocs, cleanDoc]);
    report('ocr-batch', names.map((n, i) => ({ name: n, gold: golds[i], hyp: textOf(batch[i]) })));
    report('stripped-batch', names.map((n, i) => ({ name: n, gold: golds[i], hyp: textOf(batch[names.length + i]) })));
    report('clean-003-batch', [{ name: clean003, gold: cleanText, hyp: textOf(batch[batch.length - 1]) }]);
  }
}
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
