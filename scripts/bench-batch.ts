/**
 * Batch benchmark (issue 14): the streaming pipeline on real-sized plans, end to end.
 *
 *   node --import tsx scripts/bench-batch.ts [--docs 1000] [--large 10000] [--jobs 2]
 *
 * The plans are made here, from ../shared/gold/real/text (17 real provincial plans) and the five
 * seeds (the gold texts of the four OCR'd seeds and the clean seed 003): each plan is one of these
 * texts, extended with the next ones until it holds about 4,700 syllables as a real provincial plan
 * does, made unique (its numbers redrawn, a few of its lines dropped), then written in one of three
 * forms: clean, diacritic-stripped (every tone and vowel mark removed, đ → d: what
 * `../shared/tools/score.py strip` does), or OCR-like. The OCR-like form is drawn character by
 * character from the repair stage's learned OCR channel (src/repair/channel/ocr-channel.json, learned
 * from ../shared/tools/degrade output on other text), since the degrade tool needs apt packages and
 * a minute per page; a quarter of the OCR-like plans instead start from the real OCR of seeds 000,
 * 001, 002 and 004. Nothing is needed but the repository and ../shared: the plans are cached under
 * output/bench/ (gitignored) and rebuilt when absent.
 *
 * Each measurement runs in a child process (scripts/bench-batch-run.ts), under the Node flags and
 * environment `vnplan run` starts node with (src/runtime/relaunch.mjs), so its peak RSS is the pipeline's own,
 * worker threads included.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CHANNEL_PATH } from '../src/repair/channel/model.ts';
import { RUN_ENV, RUN_FLAGS } from '../src/runtime/relaunch.mjs';
import { stripMarks } from '../src/vietnamese/marks.ts';
import { mulberry32 } from '../test/helpers/random.ts';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared');
const CACHE = join(ROOT, 'output', 'bench');
/** Bump when the way plans are made changes: cached folders of another version are rebuilt. */
const PLANS_VERSION = 3;
const TARGET_SYLLABLES = 4700;

type Figures = Record<string, number | string>;


interface Sources {
  /** Clean texts: the real plans and the seeds' gold (or clean) texts. */
  clean: string[];
  /** Real OCR output of the OCR'd seeds. */
  realOcr: string[];
}

function readSources(): Sources {
  const realDir = join(SHARED, 'gold', 'real', 'text');
  const goldDir = join(SHARED, 'gold', 'text');
  const seedDir = join(SHARED, 'seeds');
  const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
  const real = readdirSync(realDir).filter((f) => f.endsWith('.txt')).sort().map((f) => read(realDir, f));
  const gold = readdirSync(goldDir).filter((f) => f.endsWith('.txt')).sort().map((f) => read(goldDir, f));
  const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
  const goldNames = new Set(readdirSync(goldDir));
  const cleanSeeds = seeds.filter((f) => !goldNames.has(f)).map((f) => read(seedDir, f));
  const realOcr = seeds.filter((f) => goldNames.has(f)).map((f) => read(seedDir, f));
  return { clean: [...real, ...gold, ...cleanSeeds], realOcr };
}

/** The learned OCR channel as a sampler: P(printed chunk | true character). */
function ocrSampler(): (text: string, rnd: () => number) => string {
  const channel = JSON.parse(readFileSync(DEFAULT_CHANNEL_PATH, 'utf8')) as { chars: Record<string, { chunks: Record<string, number> }> };
  const table = new Map<string, { chunks: string[]; cdf: number[] }>();
  for (const [c, { chunks }] of Object.entries(channel.chars)) {
    // The channel's floor values (≤ 10^-3) are smoothing for unseen outputs, not observed confusions.
    const seen = Object.entries(chunks).filter(([, lp]) => lp > -3);
    const total = seen.reduce((n, [, lp]) => n + 10 ** lp, 0);
    let acc = 0;
    table.set(c, { chunks: seen.map(([k]) => k), cdf: seen.map(([, lp]) => (acc += 10 ** lp / total)) });
  }
  return (text, rnd) => {
    let out = '';
    for (const ch of text) {
      const lower = ch.toLowerCase();
      const t = table.get(lower);
      if (!t) {
        out += ch;
        continue;
      }
      const x = rnd();
      let k = 0;
      while (k < t.cdf.length - 1 && t.cdf[k]! < x) k++;
      const chunk = t.chunks[k]!;
      out += ch !== lower ? chunk.toUpperCase() : chunk;
    }
    return out;
  };
}

const syllableCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** Plan i: sources from (i mod n) on until ~4,700 syllables, numbers redrawn, 3 % of lines dropped, in one of three forms. */
export function makePlan(i: number, sources: Sources, ocr: (t: string, r: () => number) => string): { name: string; text: string } {
  const rnd = mulberry32(0x14 * 100_003 + i);
  const form = (['clean', 'stripped', 'ocr'] as const)[i % 3]!;
  const target = Math.round(TARGET_SYLLABLES * (0.75 + 0.5 * rnd()));
  const useRealOcr = form === 'ocr' && i % 4 === 2 && sources.realOcr.length > 0;
  const pool = useRealOcr ? sources.realOcr : sources.clean;
  const parts: string[] = [];
  let n = 0;
  for (let k = 0; n < target && k < pool.length * 4; k++) {
    const text = pool[(Math.floor(i / 3) + k) % pool.length]!;
    parts.push(text);
    n += syllableCount(text);
  }
  let lines = parts.join('\n').split('\n').filter(() => rnd() > 0.03);
  let kept = 0;
  const cut = lines.findIndex((l) => (kept += syllableCount(l)) >= target);
  if (cut >= 0) lines = lines.slice(0, cut + 1);
  // Redraw every number (dates, figures, document numbers): the content hash is unique and the text stays plausible.
  const redraw = (d: string): string => {
    if (d.length <= 2) return String(1 + Math.floor(rnd() * 28)).padStart(d.length, '0');
    if (d.length === 4 && /^(19|20)/.test(d)) return String(2020 + Math.floor(rnd() * 11));
    return String(Math.floor(rnd() * 10 ** d.length)).padStart(d.length, '0');
  };
  lines = lines.map((l) => l.replace(/\d+/g, redraw));
  let text = lines.join('\n');
  if (form === 'stripped') text = stripMarks(text);
  else if (form === 'ocr' && !useRealOcr) text = text.split('\n').map((l) => ocr(l, rnd)).join('\n');
  return { name: `plan-${String(i).padStart(5, '0')}-${form}.txt`, text };
}

/** The folder of `n` bench plans, made (or completed) when needed. */
export function benchPlans(n: number): string {
  const dir = join(CACHE, `plans-v${PLANS_VERSION}`, String(n));
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sources = readSources();
  const ocr = ocrSampler();
  for (let i = 0; i < n; i++) {
    const { name, text } = makePlan(i, sources, ocr);
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(marker, '');
  return dir;
}

interface ChildResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  /** RSS sampled every second: its spread shows whether memory stays flat. */
  rssSamplesMb: number[];
  summary: { files: number; documents: number; skipped: number; errors: number; syllables?: number };
  /** CPU seconds by thread (Linux): the writer, each worker, the rest. */
  threadCpuSeconds?: { main: number; workers: number[]; other: number };
}

function runChild(args: string[]): ChildResult {
  // under the flags and environment `vnplan run` starts node with (src/runtime/relaunch.mjs)
  const out = execFileSync(process.execPath, [...RUN_FLAGS, '--import', 'tsx', join(ROOT, 'scripts', 'bench-batch-run.ts'), ...args], {
    cwd: ROOT,
    env: { ...RUN_ENV, ...process.env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const env = process.env[`BENCH_BATCH_${name.toUpperCase()}`];
  return i >= 0 ? Number(process.argv[i + 1]) : env ? Number(env) : fallback;
}

export async function benchBatch(): Promise<Figures> {
  const docs = arg('docs', 1000);
  const large = arg('large', 10_000);
  const jobs = arg('jobs', 2);
  const rounds = arg('rounds', 3);
  const out: Figures = { 'batch.load_average_at_start': loadavg()[0]!.toFixed(1) };
  const dir = benchPlans(docs);
  const syllables = readdirSync(dir).filter((f) => f.endsWith('.txt')).reduce((n, f) => n + syllableCount(readFileSync(join(dir, f), 'utf8')), 0);
  out['batch.documents'] = docs;
  out['batch.syllables_per_document'] = Math.round(syllables / docs);

  const dbDir = join(CACHE, 'db');
  mkdirSync(dbDir, { recursive: true });
  const db = join(dbDir, `batch-${docs}.sqlite`);
  const times: number[] = [];
  const rss: number[] = [];
  let last: ChildResult | null = null;
  for (let r = 0; r < rounds; r++) {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    last = runChild([dir, db, String(jobs)]);
    times.push(last.seconds);
    rss.push(last.maxRssMb);
  }
  out[`batch.end_to_end_s (${docs} plans, ${jobs} jobs, median of ${rounds})`] = median(times).toFixed(1);
  out['batch.end_to_end_s (each run)'] = times.map((t) => t.toFixed(1)).join(' ');
  out['batch.cpu_s (last run, all threads)'] = last!.cpuSeconds.toFixed(1);
  const tc = last!.threadCpuSeconds;
  if (tc) out['batch.cpu_s by thread (writer / workers / V8 helpers, libuv)'] = `${tc.main} / ${tc.workers.join(' + ')} / ${tc.other}`;
  out['batch.peak_rss_mb (median)'] = median(rss);
  out['batch.peak_rss_mb (each run)'] = rss.join(' ');
  out['batch.stored / errors (last run)'] = `${last!.summary.documents} / ${last!.summary.errors}`;
  out['batch.syllables_per_s'] = Math.round(syllables / median(times));

  // Re-running the same folder: every file skipped; the whole command, start-up included.
  const rerun: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [join(ROOT, 'bin', 'vnplan.mjs'), 'run', dir, '--db', db, '--no-progress', '--json'], { encoding: 'utf8' });
    rerun.push((performance.now() - t0) / 1000);
    if (r === 0) out['batch.rerun_skipped'] = (JSON.parse(res.stdout) as { skipped: number }).skipped;
  }
  out[`batch.rerun_unchanged_s (vnplan run, ${docs} files, median)`] = median(rerun).toFixed(2);

  if (large > docs) {
    const bigDir = benchPlans(large);
    const bigDb = join(dbDir, `batch-${large}.sqlite`);
    for (const f of [bigDb, `${bigDb}-wal`, `${bigDb}-shm`]) rmSync(f, { force: true });
    const big = runChild([bigDir, bigDb, String(jobs)]);
    out[`batch.end_to_end_s (${large} plans)`] = big.seconds.toFixed(1);
    out[`batch.peak_rss_mb (${large} plans)`] = big.maxRssMb;
    const samples = big.rssSamplesMb.slice(Math.floor(big.rssSamplesMb.length / 10));
    out[`batch.rss_mb after the first 10 % (${large} plans: min / median / max)`] = `${Math.min(...samples)} / ${median(samples)} / ${Math.max(...samples)}`;
  }
  out['batch.load_average_at_end'] = loadavg()[0]!.toFixed(1);
  return out;
}

if (process.argv[1]?.endsWith('bench-batch.ts')) {
  const figures = await benchBatch();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(64)} ${v}`);
}
