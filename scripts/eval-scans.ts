/**
 * The scanned-page part of `npm run eval`: what vnplan's own OCR path produces and what the repair
 * makes of it, raw and repaired side by side, per document.
 *
 *  1. eval/scans/*.ocr.json.gz: the gold texts (the seeds' gold, the clean seed 003, the 17 real plans)
 *     typeset, degraded as a poor office scan and read by vnplan's OCR (tesseract.js, Vietnamese model),
 *     made once by scripts/make-scans.ts (eval/scans/README.md). Inputs, not training data: laid out
 *     by ingest's layout step, repaired, scored against the gold text.
 *  2. eval/scans-typeset/*.ocr.json.gz: the 17 real plans typeset and scanned by scripts/scan-render.ts,
 *     whose typesetter prints every line (degrade's moves and drops some of the first lines, so
 *     the figure against the gold of 1. is capped below 100 %), read as ingest reads an image:
 *     raw and repaired against the gold per document, per half of scripts/real-set.ts and overall.
 *  3. eval/real-scans/: pages of the real scans in ../shared/data/real-scans read by the ingest
 *     (*.ocr.json.gz) and transcribed by hand (*.txt; eval/real-scans/README.md says how).
 *
 * Run alone: node --import tsx scripts/eval-scans.ts [--gold ../shared/gold]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IngestedDocument } from '../schemas/index.ts';
import type { Repairer } from '../src/repair/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { layOut, readOcrFile, scanDocument } from '../src/repair/channel/scan-pairs.ts';
import { splitReal } from './real-set.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const SCANS_DIR = join(ROOT, 'eval/scans');
export const TYPESET_SCANS_DIR = join(ROOT, 'eval/scans-typeset');
export const REAL_SCANS_DIR = join(ROOT, 'eval/real-scans');

/** Ids of the OCR records in an eval folder (by default eval/scans: seeds' gold, the clean seed, the real plans), sorted. */
export function scanIds(dir = SCANS_DIR): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ocr.json.gz')).map((f) => f.slice(0, -'.ocr.json.gz'.length)).sort() : [];
}

/**
 * Eval scans as the documents ingest makes of a scanned page: tesseract's records laid out by
 * ingest's own layout step (letterhead columns, specks, each token's evidence), no OCR run.
 */
export function scanInputs(ids: readonly string[]): IngestedDocument[] {
  return ids.map((id) => scanDocument({ id, pages: layOut(readOcrFile(join(SCANS_DIR, `${id}.ocr.json.gz`)).pages) }));
}

/** The text degrade's typesetter printed on an eval scan. */
export function readScanPrinted(id: string): string | undefined {
  return readOcrFile(join(SCANS_DIR, `${id}.ocr.json.gz`)).printed;
}

type Score = { syllables: number; syllable_acc: number; cer: number };

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

/** Syllable accuracy of some documents pooled (weighted by their syllables), from score.py's per-file scores. */
function pooled(r: Record<string, Score>, ids: readonly string[]): number {
  let n = 0, ok = 0;
  for (const id of ids) { n += r[`${id}.txt`].syllables; ok += r[`${id}.txt`].syllable_acc * r[`${id}.txt`].syllables; }
  return n ? ok / n : 0;
}

/** The gold text of an eval scan: the seeds' gold, the clean seed itself, or a real plan. */
function goldPathOf(gold: string, id: string): string | null {
  for (const p of [join(gold, 'text', `${id}.txt`), join(gold, 'real', 'text', `${id}.txt`), join(dirname(gold), 'seeds', `${id}.txt`)]) {
    if (existsSync(p)) return p;
  }
  return null;
}

interface Set {
  ids: string[];
  goldDir: string;
  raw: Record<string, Score>;
  repaired: Record<string, Score>;
  /** tesseract's own text of the page, where the input keeps it. */
  tesseract?: Record<string, Score>;
  /** Raw and repaired against the text as printed, and the printed text against the gold. */
  printed?: { raw: Record<string, Score>; repaired: Record<string, Score>; ceiling: Record<string, Score> };
  seconds: number;
}

/** Repairs the documents alone, writes raw and repaired text beside a copy of their gold, scores both. */
function scoreSet(label: string, docs: { id: string; pages: ReturnType<typeof layOut>; gold: string; tesseract?: string; printed?: string }[], repairer: Repairer, out: string, scorer: string): Set {
  const dir = join(out, label);
  rmSync(dir, { recursive: true, force: true });
  for (const d of ['gold', 'raw', 'repaired', 'tesseract', 'printed']) mkdirSync(join(dir, d), { recursive: true });
  const t0 = performance.now();
  for (const d of docs) {
    const doc = scanDocument(d);
    const repaired = repairer.repairDocument(doc);
    execFileSync('cp', [d.gold, join(dir, 'gold', `${d.id}.txt`)]);
    writeFileSync(join(dir, 'raw', `${d.id}.txt`), doc.pages.flatMap((p) => p.lines).join('\n') + '\n');
    writeFileSync(join(dir, 'repaired', `${d.id}.txt`), repaired.lines.map((l) => l.text).join('\n') + '\n');
    if (d.tesseract !== undefined) writeFileSync(join(dir, 'tesseract', `${d.id}.txt`), d.tesseract);
    if (d.printed !== undefined) writeFileSync(join(dir, 'printed', `${d.id}.txt`), d.printed);
  }
  const seconds = (performance.now() - t0) / 1000;
  const score = (d: string, ref = 'gold') => JSON.parse(execFileSync('python3', [scorer, 'text', join(dir, ref), join(dir, d)], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const withTesseract = docs.every((d) => d.tesseract !== undefined);
  const withPrinted = docs.every((d) => d.printed !== undefined);
  return {
    ids: docs.map((d) => d.id),
    goldDir: join(dir, 'gold'),
    raw: score('raw'),
    repaired: score('repaired'),
    ...(withTesseract ? { tesseract: score('tesseract') } : {}),
    ...(withPrinted ? { printed: { raw: score('raw', 'printed'), repaired: score('repaired', 'printed'), ceiling: score('printed') } } : {}),
    seconds,
  };
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)}`;

function printSet(title: string, s: Set, halfOf?: (id: string) => string): void {
  console.log(title);
  const t = s.tesseract;
  const pr = s.printed;
  const head = ['document', ...(halfOf ? ['half'] : []), 'syllables', ...(t ? ['tesseract'] : []), 'raw OCR', 'repaired', 'gain', ...(t ? ['over tess.'] : []), ...(pr ? ['printed', 'raw/printed', 'rep/printed'] : [])];
  console.log(head.map((x, i) => (i === 0 ? x.padEnd(26) : x.padStart(12))).join(''));
  for (const id of [...s.ids, 'ALL']) {
    const key = id === 'ALL' ? 'ALL' : `${id}.txt`;
    const r = s.raw[key], f = s.repaired[key];
    if (!r || !f) continue;
    const cells = [
      ...(halfOf ? [id === 'ALL' ? '' : halfOf(id)] : []),
      String(r.syllables),
      ...(t ? [pct(t[key].syllable_acc)] : []),
      pct(r.syllable_acc),
      pct(f.syllable_acc),
      signed(f.syllable_acc - r.syllable_acc),
      ...(t ? [signed(f.syllable_acc - t[key].syllable_acc)] : []),
      ...(pr ? [pct(pr.ceiling[key].syllable_acc), pct(pr.raw[key].syllable_acc), pct(pr.repaired[key].syllable_acc)] : []),
    ];
    console.log([id.padEnd(26), ...cells.map((c) => c.padStart(12))].join(''));
  }
  console.log(`(repair took ${s.seconds.toFixed(1)} s)\n`);
}

export interface ScanEval {
  figures: Record<string, number>;
  report: Record<string, unknown>;
  print(): void;
}

export function evalScans(opts: { gold: string; out: string; scorer: string; repairer?: Repairer }): ScanEval {
  const repairer = opts.repairer ?? createRepairer();
  const figures: Record<string, number> = {};
  const report: Record<string, unknown> = {};
  const printers: (() => void)[] = [];

  const scans = scanIds().flatMap((id) => {
    const gold = goldPathOf(opts.gold, id);
    if (!gold) return [];
    const file = readOcrFile(join(SCANS_DIR, `${id}.ocr.json.gz`));
    return [{ id, gold, pages: layOut(file.pages), printed: file.printed }];
  });
  if (scans.length > 0) {
    const s = scoreSet('scans', scans, repairer, opts.out, opts.scorer);
    report.scans = { raw: s.raw, repaired: s.repaired };
    figures['text.scan.raw'] = s.raw.ALL.syllable_acc;
    figures['text.scan.repaired'] = s.repaired.ALL.syllable_acc;
    if (s.printed) {
      figures['text.scan.printed_vs_gold'] = s.printed.ceiling.ALL.syllable_acc;
      figures['text.scan.raw_vs_printed'] = s.printed.raw.ALL.syllable_acc;
      figures['text.scan.repaired_vs_printed'] = s.printed.repaired.ALL.syllable_acc;
    }
    const part = (pred: (id: string) => boolean, raw = s.raw, repaired = s.repaired) => {
      const ids = s.ids.filter(pred);
      return { raw: pooled(raw, ids), repaired: pooled(repaired, ids) };
    };
    const seeds = part((id) => /^\d{3}_/.test(id));
    const real = part((id) => /^p\d{3}$/.test(id));
    // the layout and repair rules were looked at on the first half of the real plans only
    const firstHalf = part((id) => /^p\d{3}$/.test(id) && id <= 'p015');
    const secondHalf = part((id) => /^p\d{3}$/.test(id) && id > 'p015');
    figures['text.scan.real_first_half.repaired'] = firstHalf.repaired;
    figures['text.scan.real_second_half.repaired'] = secondHalf.repaired;
    const vsPrinted = (pred: (id: string) => boolean) => (s.printed ? part(pred, s.printed.raw, s.printed.repaired) : null);
    const firstPrinted = vsPrinted((id) => /^p\d{3}$/.test(id) && id <= 'p015');
    const secondPrinted = vsPrinted((id) => /^p\d{3}$/.test(id) && id > 'p015');
    figures['text.scan.seeds.repaired'] = seeds.repaired;
    figures['text.scan.real.repaired'] = real.repaired;
    printers.push(() => {
      printSet('Scanned pages (typeset → scan noise → vnplan OCR, tesseract.js vie; eval/scans): syllable accuracy per document, against the gold', s);
      console.log(`seeds (000–004): raw ${pct(seeds.raw)} → repaired ${pct(seeds.repaired)}; real plans: raw ${pct(real.raw)} → repaired ${pct(real.repaired)}` +
        ` (p001–p015, looked at while developing: ${pct(firstHalf.raw)} → ${pct(firstHalf.repaired)}; p016–p033: ${pct(secondHalf.raw)} → ${pct(secondHalf.repaired)})`);
      if (firstPrinted && secondPrinted) console.log(`against the printed text, real plans p001–p015: ${pct(firstPrinted.raw)} → ${pct(firstPrinted.repaired)}; p016–p033: ${pct(secondPrinted.raw)} → ${pct(secondPrinted.repaired)}`);
      console.log('(printed: the text degrade\'s typesetter put on the page, against the gold: it drops or moves lines it takes for the letterhead,');
      console.log(' so no reading of the page can score above it against the gold; raw/printed, rep/printed: scored against the printed text)\n');
    });
  }

  // The real plans scanned by a typesetter that prints every line: the issue's figure against the gold.
  const typeset = scanIds(TYPESET_SCANS_DIR).flatMap((id) => {
    const gold = join(opts.gold, 'real', 'text', `${id}.txt`);
    if (!existsSync(gold)) return [];
    const file = readOcrFile(join(TYPESET_SCANS_DIR, `${id}.ocr.json.gz`));
    return [{ id, gold, pages: layOut(file.pages), printed: file.printed }];
  });
  if (typeset.length > 0) {
    const s = scoreSet('scans-typeset', typeset, repairer, opts.out, opts.scorer);
    report.scansTypeset = { raw: s.raw, repaired: s.repaired };
    const halves = splitReal(s.ids);
    const half = (id: string) => (halves.dev.includes(id) ? 'A' : 'B');
    const base = 'text.scan.real.gold_typeset';
    for (const [name, ids] of [['', s.ids], ['.A', halves.dev], ['.B', halves.heldout]] as const) {
      figures[`${base}${name}.raw`] = pooled(s.raw, ids);
      figures[`${base}${name}.repaired`] = pooled(s.repaired, ids);
    }
    if (s.printed) {
      figures[`${base}.printed_vs_gold`] = s.printed.ceiling.ALL.syllable_acc;
      figures[`${base}.repaired_vs_printed`] = s.printed.repaired.ALL.syllable_acc;
    }
    printers.push(() => {
      printSet('The real plans scanned by scripts/scan-render.ts (eval/scans-typeset: every line printed; poor scan, 100–115 dpi → vnplan OCR as ingest reads an image): syllable accuracy against the gold', s, half);
      const f = (k: string) => pct(figures[`${base}${k}`]);
      console.log(`real plans against the gold: raw ${f('.raw')} → repaired ${f('.repaired')}; half A (dev) ${f('.A.raw')} → ${f('.A.repaired')}; half B (held out) ${f('.B.raw')} → ${f('.B.repaired')}`);
      if (s.printed) console.log(`(printed: this typesetter's text against the gold, ${f('.printed_vs_gold')}; repaired against the printed text ${f('.repaired_vs_printed')})`);
      console.log('');
    });
  }

  const pageIds = scanIds(REAL_SCANS_DIR);
  const real = pageIds.filter((id) => existsSync(join(REAL_SCANS_DIR, `${id}.txt`))).map((id) => {
    const file = readOcrFile(join(REAL_SCANS_DIR, `${id}.ocr.json.gz`));
    return { id, gold: join(REAL_SCANS_DIR, `${id}.txt`), pages: layOut(file.pages), tesseract: file.tesseract };
  });
  if (real.length > 0) {
    const s = scoreSet('real-scans', real, repairer, opts.out, opts.scorer);
    report.realScans = { raw: s.raw, repaired: s.repaired };
    figures['text.realscan.raw'] = s.raw.ALL.syllable_acc;
    figures['text.realscan.repaired'] = s.repaired.ALL.syllable_acc;
    figures['text.realscan.gain'] = s.repaired.ALL.syllable_acc - s.raw.ALL.syllable_acc;
    if (s.tesseract) {
      figures['text.realscan.tesseract'] = s.tesseract.ALL.syllable_acc;
      figures['text.realscan.gain_over_tesseract'] = s.repaired.ALL.syllable_acc - s.tesseract.ALL.syllable_acc;
    }
    printers.push(() => {
      printSet('Real scans, hand-transcribed pages (eval/real-scans): syllable accuracy per page', s);
      console.log('(tesseract: tesseract.js alone on the page image; raw OCR: what vnplan\'s ingest gives (colour ink whitened, skew, layout, handwritten fields); repaired: after the repair)\n');
    });
  }
  return { figures, report, print: () => printers.forEach((p) => p()) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { gold: { type: 'string', default: '../shared/gold' }, out: { type: 'string', default: 'output/eval' }, scorer: { type: 'string' } } });
  const gold = resolve(values.gold!);
  const r = evalScans({ gold, out: resolve(values.out!), scorer: values.scorer ?? join(dirname(gold), 'tools', 'score.py') });
  r.print();
  console.log(JSON.stringify(r.figures, null, 1));
}
