/**
 * Repair-stage speed and memory: model load time, syllables/s on one thread, and peak RSS.
 *
 * Throughput is measured on text the repairer has never seen: synthetic OCR pages made from clean
 * corpus text by tools/degrade and NOT used to build the channel (REPAIR_BENCH_UNSEEN, default
 * /work/scratch/pairs-bench; make them with
 * `src/repair/channel/make-training-pairs.sh /work/scratch/pairs-bench 60 1 1001`).
 * Protocol (a batch of new documents, the code already compiled):
 *  1. compile the code: three passes of throwaway repairers over OTHER unseen pages
 *     (REPAIR_BENCH_WARM, default /work/scratch/pairs-warm, made with
 *     `make-training-pairs.sh /work/scratch/pairs-warm 60 2 2001`; else the channel's training
 *     pages /work/scratch/pairs; else the committed fixture page);
 *  2. five passes over the measured pages, each by a fresh repairer (empty candidate lists and
 *     transition caches: every form and word pair is new to it);
 *  3. report the median pass, as CPU time of the one thread that repairs (the headline figure), as
 *     wall time, and as CPU time of the whole process (V8's compiler and GC threads included).
 *     BENCH_VERBOSE=1 prints every pass.
 * Without the unseen pages the committed fixture page (also never used in training) stands in, and
 * the figures say so.
 *   node --import tsx scripts/bench-repair.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestedDocument } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/repair/channel/text.ts';
import { loadChannelData } from '../src/repair/channel/model.ts';
import { loadLanguageModel } from '../src/repair/language-model/index.ts';
import { readPairs } from '../src/repair/channel/build-channel.ts';

const FIXTURE = join(import.meta.dirname, '../test/fixtures/repair');

function doc(docId: string, text: string): IngestedDocument {
  const lines = text.split('\n');
  const pages = [];
  for (let i = 0; i < lines.length; i += 50) pages.push({ pageNumber: pages.length + 1, lines: lines.slice(i, i + 50) });
  return { docId, pages } as unknown as IngestedDocument;
}

/** OCR pages (and their clean text) of a tools/degrade pair folder, when this machine has it. */
function pairPages(dir: string, max: number): { ocr: string; clean: string }[] {
  try {
    return readPairs(dir, 'all').slice(0, max);
  } catch {
    return [];
  }
}

const syllables = (t: string) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * CPU time (ms) of the calling thread, the one that repairs: Linux's per-thread scheduler statistics
 * (nanoseconds on the CPU). Unlike wall time it does not count time the host gave to other jobs; unlike
 * process CPU time it leaves out V8's compiler and GC helper threads, which run beside the repair.
 * Elsewhere: the process's CPU time.
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

/** Fresh passes measured per figure; the median is reported. */
const PASSES = 5;

export async function benchRepair(): Promise<Record<string, number | string>> {
  const fixture = { ocr: readFileSync(join(FIXTURE, 'ocr-sample.ocr.txt'), 'utf8'), clean: readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8') };
  const unseenFound = pairPages(process.env.REPAIR_BENCH_UNSEEN ?? '/work/scratch/pairs-bench', 200);
  const unseen = unseenFound.length > 0 ? unseenFound : [fixture];
  const warmDirs = process.env.REPAIR_BENCH_WARM ? [process.env.REPAIR_BENCH_WARM] : ['/work/scratch/pairs-warm', '/work/scratch/pairs'];
  const warmFound = warmDirs.map((d) => pairPages(d, 60)).find((p) => p.length > 0) ?? [];
  const warm = warmFound.length > 0 ? warmFound : [fixture];

  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = cpu();
  const lm = loadLanguageModel();
  const channel = loadChannelData();
  const first = createRepairer({ languageModel: lm, channel });
  first.repairDocument(doc('warm', 'khoi dong')); // builds the channel's search structures
  const t1 = cpu();
  // the first OCR page of a process: code not yet compiled
  first.repairDocument(doc('cold', unseen[0].ocr));
  const t2 = cpu();

  type Kind = 'ocr' | 'stripped';
  const textOf = (p: { ocr: string; clean: string }, kind: Kind) => (kind === 'ocr' ? p.ocr : stripMarks(p.clean));
  const pass = (kind: Kind, pages: { ocr: string; clean: string }[], repairer = createRepairer({ languageModel: lm, channel, kind })) => {
    repairer.repairDocument(doc('start', 'khoi dong'));
    const texts = pages.map((p) => textOf(p, kind));
    const n = texts.reduce((k, t) => k + syllables(t), 0);
    const c = cpu(), th = threadCpuMs(), w = performance.now();
    texts.forEach((t, i) => repairer.repairDocument(doc(`p${i}`, t)));
    const rate = (ms: number) => Math.round(n / (ms / 1000));
    return { thread: rate(threadCpuMs() - th), wall: rate(performance.now() - w), cpu: rate(cpu() - c), repairer };
  };
  const figures: Record<string, number | string> = {
    'repair.load_ms': Math.round(t1 - t0),
    'repair.ocr_first_page_cold_syllables_per_s': Math.round(syllables(unseen[0].ocr) / ((t2 - t1) / 1000)),
    'repair.unseen_pages': unseenFound.length > 0 ? `${unseen.length} pages, ${unseen.reduce((n, p) => n + syllables(p.ocr), 0)} OCR syllables` : 'fixture page only',
    'repair.warm_up_pages': warmFound.length > 0 ? `${warm.length} other pages` : 'fixture page only',
  };
  for (const kind of ['ocr', 'stripped'] as const) {
    for (let k = 0; k < 3; k++) pass(kind, warm);
    const runs = Array.from({ length: PASSES }, () => pass(kind, unseen));
    // per pass: repairing thread's CPU / wall / whole process's CPU
    if (process.env.BENCH_VERBOSE) console.error(kind, runs.map((r) => `${r.thread}/${r.wall}/${r.cpu}`).join(' '));
    figures[`repair.${kind}_unseen_syllables_per_s`] = median(runs.map((r) => r.thread));
    figures[`repair.${kind}_unseen_syllables_per_wall_s`] = median(runs.map((r) => r.wall));
    figures[`repair.${kind}_unseen_syllables_per_process_cpu_s`] = median(runs.map((r) => r.cpu));
    // the same pages again through the same repairer: candidate lists and transitions cached
    figures[`repair.${kind}_cached_syllables_per_s`] = pass(kind, unseen, runs[0]!.repairer).thread;
  }
  figures['repair.batch_process_peak_rss_mb'] = batchProcessPeakRss(unseen.map((p) => p.ocr));
  // this process held a dozen repairers in turn: an upper bound, not what a run needs
  figures['repair.bench_process_peak_rss_mb'] = Math.round(process.resourceUsage().maxRSS / 1024);
  return figures;
}

/**
 * Peak RSS of a separate process that loads the models and repairs the pages as one batch, as
 * `vnplan repair <folder> --out <dir>` does (one repairer, adaptation included).
 */
function batchProcessPeakRss(pages: string[]): number {
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
  const docs = readdirSync(dir).sort().map((f) => doc(f, readFileSync(join(dir, f), 'utf8')));
  createRepairer().repairBatch(docs);
  console.log(`rss_mb ${Math.round(process.resourceUsage().maxRSS / 1024)}`);
}

if (process.argv[2] === '--rss-child') {
  await rssChild(process.argv[3]!);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchRepair())) console.log(`${k.padEnd(44)} ${v}`);
}
