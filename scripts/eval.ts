/**
 * `npm run eval -- --gold ../shared/gold`: runs the pipeline over the sample corpus and prints
 * the scorer's figures (text repair and structured extraction), each document alone and the
 * corpus as one batch; the seeds' scans through vnplan's own OCR path; then the real development
 * set (gold/real) from clean, diacritic-stripped and English-model OCR'd text, from vnplan's own OCR
 * of its scans (eval/scans) and from the text those scans print, per document, per half and overall;
 * fails when a figure drops below eval/floors.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IngestedDocument, RepairedDocument } from '../schemas/index.ts';
import { createIngestor } from '../src/ingest/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { processIngested, analyseRepaired } from '../src/pipeline/batch.ts';
import { halfOf, realIds, splitReal } from './real-set.ts';
import { evalScans, readScanPrinted, scanIds, scanInputs } from './eval-scans.ts';

type Figures = Record<string, number>;

const { values: args } = parseArgs({
  options: {
    gold: { type: 'string', default: '../shared/gold' },
    corpus: { type: 'string', default: 'corpus' },
    out: { type: 'string', default: 'output/eval' },
    floors: { type: 'string', default: 'eval/floors.json' },
    scorer: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const gold = resolve(args.gold!);
const scorer = args.scorer ?? join(dirname(gold), 'tools', 'score.py');
const out = resolve(args.out!);

function score(mode: 'text' | 'struct', goldPath: string, hypPath: string): any {
  return JSON.parse(execFileSync('python3', [scorer, mode, goldPath, hypPath], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** An empty folder: outputs of an earlier run must not be scored again. */
function freshDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

function writeDocs(dir: string, docs: RepairedDocument[], keep: Set<string>): void {
  freshDir(dir);
  for (const d of docs) if (keep.has(d.docId)) writeFileSync(join(dir, `${d.docId}.txt`), d.lines.map((l) => l.text).join('\n') + '\n');
}

/** Text scores of repaired docs against the gold lines; keys are doc ids plus ALL. */
function textFigures(label: string, docs: RepairedDocument[], goldDir: string, keep: Set<string>): Record<string, any> {
  const dir = join(out, label);
  writeDocs(dir, docs, keep);
  return score('text', goldDir, dir);
}

async function ingestDir(files: string[]): Promise<IngestedDocument[]> {
  const ingestor = createIngestor();
  try {
    const docs: IngestedDocument[] = [];
    for (const f of files) docs.push(await ingestor.ingest(f));
    return docs;
  } finally {
    await ingestor.close();
  }
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

const FIELDS = ['sections', 'tasks', 'targets', 'references', 'responsibilities', 'deadlines', 'recipients'];

/** score.py struct over some of the real set's gold records (a folder of links to them). */
function scoreReal(realDir: string, hypDir: string, ids: string[], label: string): any {
  const goldDir = join(out, `real-gold-${label}`);
  freshDir(goldDir);
  for (const id of ids) symlinkSync(join(realDir, 'structured', `${id}.json`), join(goldDir, `${id}.json`));
  return score('struct', goldDir, hypDir);
}

/** The real set through the whole pipeline from each input (clean, stripped, English-model OCR, vnplan's own OCR of the scans, the text the scans print); every field per document and per half. */
async function realSetFigures(realDir: string, repairer: ReturnType<typeof createRepairer>): Promise<{ figures: Figures; report: Record<string, any> }> {
  const ids = realIds(realDir);
  const halves = splitReal(ids);
  const figures: Figures = {};
  const report: Record<string, any> = {};
  const strippedDir = join(out, 'real-stripped-input');
  freshDir(strippedDir);
  for (const id of ids) execFileSync('python3', [scorer, 'strip', join(realDir, 'text', `${id}.txt`), join(strippedDir, `${id}.txt`)]);
  // Each input as ingest gives it: text files read by the ingestor; the eval scans (vnplan's own OCR
  // of the gold texts typeset and scanned, eval/scans) laid out by ingest's layout step, as a
  // scanned PDF's pages are.
  const fromFiles = (dir: string, hint: string) => async (): Promise<IngestedDocument[] | string> => {
    const files = ids.map((id) => join(dir, `${id}.txt`));
    const missing = files.filter((f) => !existsSync(f));
    return missing.length ? `${missing.length} input(s) missing (${missing[0]}); ${hint}` : ingestDir(files);
  };
  const fromScans = async (): Promise<IngestedDocument[] | string> => {
    const have = new Set(scanIds());
    const missing = ids.filter((id) => !have.has(id));
    return missing.length ? `${missing.length} scan(s) missing (${missing[0]}); scripts/make-scans.ts --eval makes them (eval/scans/README.md)` : scanInputs(ids);
  };
  // The text degrade's typesetter printed on those scans (kept in each record): what no reading of
  // the page can exceed, since the typesetter drops or moves lines it takes for the letterhead.
  const printedDir = join(out, 'real-printed-input');
  freshDir(printedDir);
  for (const id of ids.filter((id) => scanIds().includes(id))) {
    const printed = readScanPrinted(id);
    if (printed !== undefined) writeFileSync(join(printedDir, `${id}.txt`), printed);
  }
  const inputs: [string, () => Promise<IngestedDocument[] | string>][] = [
    ['clean', fromFiles(join(realDir, 'text'), '')],
    ['stripped', fromFiles(strippedDir, '')],
    ['ocr', fromFiles(resolve('eval/real-ocr'), 'make them with scripts/make-real-inputs.sh')],
    ['scan', fromScans],
    ['printed', fromFiles(printedDir, 'the eval scans keep the printed text (eval/scans/README.md)')],
  ];
  for (const [input, load] of inputs) {
    const docs = await load();
    if (typeof docs === 'string') {
      console.log(`real set, ${input}: ${docs}`);
      continue;
    }
    const batch = processIngested(docs, repairer);
    for (const e of batch.errors) console.error(`error: ${e.message}`);
    const hypDir = join(out, `real-${input}`);
    freshDir(hypDir);
    for (const d of batch.documents) writeFileSync(join(hypDir, `${d.ingested.docId}.json`), JSON.stringify(d.extraction.record, null, 1));
    const all = scoreReal(realDir, hypDir, ids, 'all');
    const byHalf = { dev: scoreReal(realDir, hypDir, halves.dev, 'dev'), heldout: scoreReal(realDir, hypDir, halves.heldout, 'heldout') };
    report[input] = { all, ...byHalf };
    const row = (name: string, half: string, r: any, meta: number) =>
      [name, half, r.overall.toFixed(3), meta.toFixed(3), ...FIELDS.map((f) => r[f].f1.toFixed(3))].map((x) => String(x).padEnd(10)).join('');
    const what =
      input === 'scan' ? 'vnplan\'s own OCR of the texts typeset and scanned (eval/scans)' :
      input === 'printed' ? 'the text degrade\'s typesetter printed on those scans (read as text: the ceiling of the scan input)' : `${input} text`;
    console.log(`Real development set (${realDir}), ${what} through the whole pipeline: F1 per field`);
    console.log(['document', 'half', 'overall', 'meta', ...FIELDS].map((x) => x.slice(0, 9).padEnd(10)).join(''));
    for (const id of ids) {
      const r = all[`${id}.json`];
      console.log(row(id, halfOf(ids, id), r, r.meta.acc));
    }
    for (const [half, r] of [['dev', byHalf.dev.ALL], ['heldout', byHalf.heldout.ALL], ['all', all.ALL]] as [string, any][]) {
      console.log(row('ALL', half, r, r.meta_acc));
      if (half !== 'all') figures[`real.${input}.${half}.overall`] = r.overall;
      // vnplan's own OCR path: every field per half too (its floors keep each half's fields)
      if (half !== 'all' && input === 'scan') {
        figures[`real.${input}.${half}.meta_acc`] = r.meta_acc;
        for (const f of FIELDS) figures[`real.${input}.${half}.${f}_f1`] = r[f].f1;
      }
    }
    console.log('');
    figures[`real.${input}.overall`] = all.ALL.overall;
    figures[`real.${input}.meta_acc`] = all.ALL.meta_acc;
    for (const f of FIELDS) figures[`real.${input}.${f}_f1`] = all.ALL[f].f1;
  }
  return { figures, report };
}

async function main(): Promise<number> {
  mkdirSync(out, { recursive: true });
  const corpusFiles = readdirSync(args.corpus!).filter((f) => !f.startsWith('.')).sort().map((f) => join(args.corpus!, f));
  const corpus = await ingestDir(corpusFiles);
  const goldTextDir = join(gold, 'text');
  const withGoldText = new Set(readdirSync(goldTextDir).filter((f) => f.endsWith('.txt')).map((f) => basename(f, '.txt')));
  const clean = corpus.filter((d) => !withGoldText.has(d.docId));
  const damaged = corpus.filter((d) => withGoldText.has(d.docId));
  const repairer = createRepairer();
  const figures: Figures = {};
  const report: Record<string, any> = {};

  // 1. Real OCR'd seeds, each alone and the corpus as one batch.
  const t0 = Date.now();
  const ocrAlone = damaged.map((d) => repairer.repairDocument(d));
  const ocrBatch = repairer.repairBatch(corpus);
  report.ocr_alone = textFigures('text-ocr-alone', ocrAlone, goldTextDir, withGoldText);
  report.ocr_batch = textFigures('text-ocr-batch', ocrBatch, goldTextDir, withGoldText);
  figures['text.ocr.alone'] = report.ocr_alone.ALL.syllable_acc;
  figures['text.ocr.batch'] = report.ocr_batch.ALL.syllable_acc;

  // 2. The gold texts with every diacritic stripped (the diacritics-only channel).
  const strippedDir = join(out, 'stripped-input');
  freshDir(strippedDir);
  for (const id of [...withGoldText].sort()) {
    execFileSync('python3', [scorer, 'strip', join(goldTextDir, `${id}.txt`), join(strippedDir, `${id}.txt`)]);
  }
  const stripped = await ingestDir([...withGoldText].sort().map((id) => join(strippedDir, `${id}.txt`)));
  report.stripped_alone = textFigures('text-stripped-alone', stripped.map((d) => repairer.repairDocument(d)), goldTextDir, withGoldText);
  report.stripped_batch = textFigures('text-stripped-batch', repairer.repairBatch([...stripped, ...clean]), goldTextDir, withGoldText);
  figures['text.stripped.alone'] = report.stripped_alone.ALL.syllable_acc;
  figures['text.stripped.batch'] = report.stripped_batch.ALL.syllable_acc;

  // 3. Clean documents must come out unchanged: score the repair against the input itself.
  const cleanDir = join(out, 'clean-input');
  freshDir(cleanDir);
  for (const d of clean) writeFileSync(join(cleanDir, `${d.docId}.txt`), d.pages.flatMap((p) => p.lines).join('\n') + '\n');
  const cleanIds = new Set(clean.map((d) => d.docId));
  report.clean_alone = textFigures('text-clean-alone', clean.map((d) => repairer.repairDocument(d)), cleanDir, cleanIds);
  figures['text.clean.unchanged'] = report.clean_alone.ALL.syllable_acc;
  const textSeconds = (Date.now() - t0) / 1000;

  // 3b. What vnplan's own OCR path produces (scanned pages, real scans): raw and repaired.
  const scans = evalScans({ gold, out, scorer, repairer });
  Object.assign(figures, scans.figures);
  report.scans = scans.report;

  // 4. Structured extraction through the whole pipeline from the raw files, as `vnplan run` does.
  const structDir = join(out, 'struct-batch');
  freshDir(structDir);
  const batch = processIngested(corpus, repairer);
  for (const e of batch.errors) console.error(`error: ${e.message}`);
  for (const d of batch.documents) writeFileSync(join(structDir, `${d.ingested.docId}.json`), JSON.stringify(d.extraction.record, null, 1));
  report.struct = score('struct', join(gold, 'structured'), structDir);
  const structAloneDir = join(out, 'struct-alone');
  freshDir(structAloneDir);
  for (const d of corpus) {
    const x = analyseRepaired(d, repairer.repairDocument(d)).extraction;
    writeFileSync(join(structAloneDir, `${d.docId}.json`), JSON.stringify(x.record, null, 1));
  }
  report.struct_alone = score('struct', join(gold, 'structured'), structAloneDir);
  const all = report.struct.ALL;
  figures['struct.overall'] = all.overall;
  figures['struct.meta_acc'] = all.meta_acc;
  for (const k of ['sections', 'tasks', 'targets', 'references', 'responsibilities', 'deadlines', 'recipients']) figures[`struct.${k}_f1`] = all[k].f1;
  figures['struct.alone.overall'] = report.struct_alone.ALL.overall;

  // 4b. The seeds through vnplan's own OCR path: their scans (eval/scans) laid out as ingest does,
  // repaired as one batch, segmented and extracted.
  const seedScans = scanIds().filter((id) => existsSync(join(gold, 'structured', `${id}.json`)));
  if (seedScans.length > 0) {
    const structScanDir = join(out, 'struct-scan');
    freshDir(structScanDir);
    const scanned = processIngested(scanInputs(seedScans), repairer);
    for (const e of scanned.errors) console.error(`error: ${e.message}`);
    for (const d of scanned.documents) writeFileSync(join(structScanDir, `${d.ingested.docId}.json`), JSON.stringify(d.extraction.record, null, 1));
    report.struct_scan = score('struct', join(gold, 'structured'), structScanDir);
    figures['struct.scan.overall'] = report.struct_scan.ALL.overall;
    figures['struct.scan.meta_acc'] = report.struct_scan.ALL.meta_acc;
    for (const k of ['sections', 'tasks', 'targets', 'references', 'responsibilities', 'deadlines', 'recipients']) figures[`struct.scan.${k}_f1`] = report.struct_scan.ALL[k].f1;
  }

  // Print.
  const docIds = [...withGoldText].sort();
  console.log('Text repair: syllable accuracy (CER) per document, gold in ' + goldTextDir);
  console.log(['document', 'OCR alone', 'OCR batch', 'stripped alone', 'stripped batch'].map((s) => s.padEnd(24)).join(''));
  for (const id of [...docIds, 'ALL']) {
    const key = id === 'ALL' ? 'ALL' : `${id}.txt`;
    const cell = (r: any) => (r[key] ? `${pct(r[key].syllable_acc)} (${pct(r[key].cer)})` : '-');
    console.log([id, cell(report.ocr_alone), cell(report.ocr_batch), cell(report.stripped_alone), cell(report.stripped_batch)].map((s) => s.padEnd(24)).join(''));
  }
  for (const d of clean) console.log(`clean ${d.docId}: ${pct(report.clean_alone[`${d.docId}.txt`].syllable_acc)} of syllables unchanged`);
  console.log(`(text repair over all inputs took ${textSeconds.toFixed(1)} s)\n`);
  scans.print();
  console.log('Structured extraction (whole pipeline from the raw files, batch): F1 per field');
  const fields = ['sections', 'tasks', 'targets', 'references', 'responsibilities', 'deadlines', 'recipients'];
  console.log(['document', 'overall', 'meta', ...fields].map((s) => s.slice(0, 11).padEnd(12)).join(''));
  for (const [name, r] of Object.entries<any>(report.struct)) {
    if (name === 'ALL') continue;
    console.log([name.slice(0, 11), r.overall.toFixed(3), r.meta.acc.toFixed(3), ...fields.map((f) => r[f].f1.toFixed(3))].map((s) => String(s).padEnd(12)).join(''));
  }
  console.log(['ALL', all.overall.toFixed(3), all.meta_acc.toFixed(3), ...fields.map((f) => all[f].f1.toFixed(3))].map((s) => String(s).padEnd(12)).join(''));
  console.log(`(each document alone: overall ${report.struct_alone.ALL.overall.toFixed(3)})\n`);
  if (report.struct_scan) {
    console.log('Structured extraction from the seeds\' scans (eval/scans: typeset, scanned, vnplan\'s own OCR → layout → repair as one batch → segment → extract): F1 per field');
    console.log(['document', 'overall', 'meta', ...fields].map((s) => s.slice(0, 11).padEnd(12)).join(''));
    for (const [name, r] of Object.entries<any>(report.struct_scan)) {
      const meta = name === 'ALL' ? r.meta_acc : r.meta.acc;
      console.log([name.slice(0, 11), r.overall.toFixed(3), meta.toFixed(3), ...fields.map((f) => r[f].f1.toFixed(3))].map((s) => String(s).padEnd(12)).join(''));
    }
    console.log('');
  }

  // 5. The real development set (gold/real): clean text, the same with every diacritic stripped,
  // and the committed OCR'd inputs (eval/real-ocr, made once by scripts/make-real-inputs.sh), each
  // through the whole pipeline as one batch; per document, per half (scripts/real-set.ts) and overall.
  const realDir = join(gold, 'real');
  if (existsSync(join(realDir, 'structured'))) {
    const r0 = Date.now();
    const real = await realSetFigures(realDir, repairer);
    Object.assign(figures, real.figures);
    report.real = real.report;
    console.log(`(the real set, all inputs, took ${((Date.now() - r0) / 1000).toFixed(1)} s)\n`);
  } else console.log(`no real development set at ${realDir}: skipped\n`);

  writeFileSync(join(out, 'report.json'), JSON.stringify({ figures, report }, null, 1));
  if (args.json) console.log(JSON.stringify(figures, null, 1));

  // Floors: a figure below its floor fails the run.
  let failed = 0;
  if (existsSync(args.floors!)) {
    const floors: Figures = JSON.parse(readFileSync(args.floors!, 'utf8'));
    for (const [k, floor] of Object.entries(floors)) {
      const v = figures[k];
      const ok = v !== undefined && v + 1e-9 >= floor;
      if (!ok) failed++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${k.padEnd(28)} ${v === undefined ? 'missing' : v.toFixed(4)}  floor ${floor.toFixed(4)}`);
    }
  }
  console.log(failed ? `eval: ${failed} figure(s) below their floor` : 'eval: all figures at or above their floors');
  return failed ? 1 : 0;
}

process.exitCode = await main();
