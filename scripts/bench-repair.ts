/**
 * Repair-stage speed, memory and accuracy on the bench's own scanned pages (scripts/bench-pages.ts:
 * documents the language model holds out, typeset and scanned in-process, read by vnplan's OCR with
 * the Vietnamese and with the English model), so it runs from a fresh clone.
 *
 * Throughput protocol (a batch of new documents, the code already compiled):
 *  1. compile the code: three passes of throwaway repairers over the first half of the pages;
 *  2. five passes over the other half, each by a fresh repairer (empty candidate lists and transition
 *     memos: every form and word pair is new to it);
 *  3. report the median pass as CPU time of the one thread that repairs (the headline figure), beside
 *     wall time and the CPU time of the whole process (V8's compiler and GC threads included).
 *     BENCH_VERBOSE=1 prints every pass.
 * Inputs: English-model OCR text ("ocr"), the printed text with every mark stripped ("stripped"), and
 * the Vietnamese-model OCR as ingest gives it, with the OCR's evidence ("ocr-vie").
 * Accuracy: raw OCR and repaired syllable accuracy (../shared/tools/score.py) on all the pages.
 *   node --import tsx scripts/bench-repair.ts
 */
import { peakRssKb } from './peak-rss.ts';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestedDocument } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/repair/channel/text.ts';
import { DEFAULT_VIE_CHANNEL_PATH, loadChannelData } from '../src/repair/channel/model.ts';
import { loadLanguageModel } from '../src/repair/language-model/index.ts';
import { benchPages, type BenchPage } from './bench-pages.ts';

function textDoc(docId: string, text: string): IngestedDocument {
  const lines = text.split('\n');
  const pages = [];
  for (let i = 0; i < lines.length; i += 50) pages.push({ pageNumber: pages.length + 1, lines: lines.slice(i, i + 50), ocrConfidence: null });
  return { docId, sourcePath: `${docId}.txt`, sourceKind: 'text', contentHash: '0'.repeat(64), encoding: 'utf-8', warnings: [], pages };
}

const syllables = (t: string) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * CPU time (ms) of the calling thread, the one that repairs: Linux's per-thread scheduler statistics.
 * Unlike wall time it does not count time the host gave to other jobs; unlike process CPU time it
 * leaves out V8's compiler and GC helper threads. Elsewhere: the process's CPU time.
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

const PASSES = 5;
type Kind = 'ocr' | 'stripped' | 'ocr-vie';

/** The repair input of a page for a kind, and its syllable count. */
function input(p: BenchPage, kind: Kind): { doc: IngestedDocument; syllables: number } {
  if (kind === 'ocr-vie') return { doc: p.vie, syllables: syllables(p.vie.pages.flatMap((x) => x.lines).join('\n')) };
  const text = kind === 'ocr' ? p.eng : stripMarks(p.printed);
  return { doc: textDoc(p.id, text), syllables: syllables(text) };
}

function scoreDir(scorer: string, gold: Record<string, string>, hyp: Record<string, string>): number {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-bench-score-'));
  try {
    for (const d of ['gold', 'hyp']) mkdirSync(join(dir, d));
    for (const [id, t] of Object.entries(gold)) writeFileSync(join(dir, 'gold', `${id}.txt`), t);
    for (const [id, t] of Object.entries(hyp)) writeFileSync(join(dir, 'hyp', `${id}.txt`), t);
    return JSON.parse(execFileSync('python3', [scorer, 'text', join(dir, 'gold'), join(dir, 'hyp')], { encoding: 'utf8', maxBuffer: 64 << 20 })).ALL.syllable_acc;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchRepair(): Promise<Record<string, number | string>> {
  const { pages, figures: pageFigures } = await benchPages();
  const warm = pages.slice(0, Math.floor(pages.length / 2));
  const measured = pages.slice(Math.floor(pages.length / 2));
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = cpu();
  const lm = loadLanguageModel();
  const channel = loadChannelData();
  const vieChannel = existsSync(DEFAULT_VIE_CHANNEL_PATH) ? loadChannelData(DEFAULT_VIE_CHANNEL_PATH) : undefined;
  const fresh = (kind?: Kind) => createRepairer({ languageModel: lm, channel, ...(vieChannel ? { vieChannel } : {}), ...(kind && kind !== 'ocr-vie' ? { kind } : {}) });
  const first = fresh();
  first.repairDocument(textDoc('warm', 'khoi dong'));
  const t1 = cpu();
  first.repairDocument(textDoc('cold', measured[0].eng));
  const t2 = cpu();
  const figures: Record<string, number | string> = {
    ...pageFigures,
    'repair.load_ms': Math.round(t1 - t0),
    'repair.ocr_first_page_cold_syllables_per_s': Math.round(syllables(measured[0].eng) / ((t2 - t1) / 1000)),
    'repair.pages': `${pages.length} (${warm.length} to compile the code, ${measured.length} measured)`,
  };
  const pass = (kind: Kind, set: BenchPage[], repairer = fresh(kind)) => {
    repairer.repairDocument(textDoc('start', 'khoi dong'));
    const inputs = set.map((p) => input(p, kind));
    const n = inputs.reduce((k, x) => k + x.syllables, 0);
    const c = cpu(), th = threadCpuMs(), w = performance.now();
    for (const x of inputs) repairer.repairDocument(x.doc);
    const rate = (ms: number) => Math.round(n / (ms / 1000));
    return { thread: rate(threadCpuMs() - th), wall: rate(performance.now() - w), cpu: rate(cpu() - c), repairer, syllables: n };
  };
  for (const kind of ['ocr', 'stripped', 'ocr-vie'] as const) {
    if (kind === 'ocr-vie' && !vieChannel) continue;
    for (let k = 0; k < 3; k++) pass(kind, warm);
    const runs = Array.from({ length: PASSES }, () => pass(kind, measured));
    if (process.env.BENCH_VERBOSE) console.error(kind, runs.map((r) => `${r.thread}/${r.wall}/${r.cpu}`).join(' '));
    const name = kind === 'ocr' ? 'ocr_eng' : kind === 'ocr-vie' ? 'ocr_vie' : 'stripped';
    figures[`repair.${name}_syllables`] = runs[0].syllables;
    figures[`repair.${name}_syllables_per_s`] = median(runs.map((r) => r.thread));
    figures[`repair.${name}_syllables_per_wall_s`] = median(runs.map((r) => r.wall));
    figures[`repair.${name}_syllables_per_process_cpu_s`] = median(runs.map((r) => r.cpu));
    // the same pages again through the same repairer: candidate lists and transitions memoised
    figures[`repair.${name}_cached_syllables_per_s`] = pass(kind, measured, runs[0]!.repairer).thread;
  }
  // accuracy on every page: the raw OCR and the repair, each document alone
  const scorer = resolve(process.env.VNPLAN_SHARED ?? resolve(import.meta.dirname, '../../shared'), 'tools/score.py');
  if (existsSync(scorer)) {
    const gold = Object.fromEntries(pages.map((p) => [p.id, p.printed]));
    const r = fresh();
    const textOf = (d: IngestedDocument) => d.pages.flatMap((p) => p.lines).join('\n');
    if (process.env.BENCH_DUMP) {
      // the pages' reference, raw and repaired text, to look at
      const d = process.env.BENCH_DUMP;
      for (const x of ['gold', 'raw', 'repaired', 'eng']) mkdirSync(join(d, x), { recursive: true });
      for (const p of pages) {
        writeFileSync(join(d, 'gold', `${p.id}.txt`), p.printed);
        writeFileSync(join(d, 'raw', `${p.id}.txt`), textOf(p.vie));
        writeFileSync(join(d, 'repaired', `${p.id}.txt`), r.repairDocument(p.vie).lines.map((l) => l.text).join('\n'));
        writeFileSync(join(d, 'eng', `${p.id}.txt`), p.eng);
      }
    }
    figures['scan.vie_raw_syllable_acc'] = scoreDir(scorer, gold, Object.fromEntries(pages.map((p) => [p.id, textOf(p.vie)])));
    figures['scan.vie_repaired_syllable_acc'] = scoreDir(scorer, gold, Object.fromEntries(pages.map((p) => [p.id, r.repairDocument(p.vie).lines.map((l) => l.text).join('\n')])));
    figures['scan.eng_raw_syllable_acc'] = scoreDir(scorer, gold, Object.fromEntries(pages.map((p) => [p.id, p.eng])));
    figures['scan.eng_repaired_syllable_acc'] = scoreDir(scorer, gold, Object.fromEntries(pages.map((p) => [p.id, r.repairDocument(textDoc(p.id, p.eng)).lines.map((l) => l.text).join('\n')])));
  }
  figures['repair.batch_process_peak_rss_mb'] = batchProcessPeakRss(pages.map((p) => p.eng));
  // this process held a dozen repairers in turn: an upper bound, not what a run needs
  figures['repair.bench_process_peak_rss_mb'] = Math.round(peakRssKb() / 1024);
  return figures;
}

/**
 * Peak RSS of a separate process that loads the models and repairs the pages as one batch, as
 * `vnplan repair <folder> --out <dir>` does (one repairer, adaptation included).
 */
export function batchProcessPeakRss(pages: string[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-rss-'));
  try {
    pages.forEach((t, i) => writeFileSync(join(dir, `${String(i).padStart(5, '0')}.txt`), t));
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss-child', dir], { encoding: 'utf8' });
    const mb = Number(/rss_mb (\d+)/.exec(r.stdout ?? '')?.[1]);
    if (!Number.isFinite(mb)) throw new Error(`RSS probe failed: ${r.stderr}`);
    return mb;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rssChild(dir: string): Promise<void> {
  const { readdirSync } = await import('node:fs');
  const docs = readdirSync(dir).sort().map((f) => textDoc(f, readFileSync(join(dir, f), 'utf8')));
  createRepairer().repairBatch(docs);
  const kb = peakRssKb();
  console.log(`rss_mb ${Math.round(kb / 1024)}`);
}

if (process.argv[2] === '--rss-child') {
  await rssChild(process.argv[3]!);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchRepair())) console.log(`${k.padEnd(48)} ${v}`);
}
