/**
 * National-scale benchmark (issue 14): a store of 33,000 generated plans and reports (the
 * country's 3,321 communes send about ten each), and every analyst command timed on it as a user
 * runs it: the whole `vnplan` command in its own process, start-up included, median of three.
 *
 *   node --import tsx scripts/bench-national.ts [--documents 33000]
 *
 * The documents come from the test generator (test/helpers/generate-corpus.ts: topics, templates,
 * communes of the post-2025 admin units; nothing from the seeds), 1,000 per seed, stored with their
 * similarity features as the pipeline stores them. The store is cached under output/bench/
 * (gitignored) and rebuilt when absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { documentFeatures } from '../src/analysis/features.ts';
import { openStore } from '../src/store/index.ts';
import { generateCorpus } from '../test/helpers/generate-corpus.ts';

const ROOT = join(import.meta.dirname, '..');
const CACHE = join(ROOT, 'output', 'bench');
const STORE_VERSION = 2;

type Figures = Record<string, number | string>;

/** The cached national store of `n` documents, built when absent (about 3 ms a document). */
export function nationalStore(n: number): string {
  const path = join(CACHE, `national-v${STORE_VERSION}-${n}.sqlite`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${path}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const store = openStore(tmp);
  let stored = 0;
  for (let seed = 1; stored < n; seed++) {
    for (const g of generateCorpus(Math.min(1000, n - stored), 14_000 + seed)) {
      store.saveDocument({ ...g.input, features: documentFeatures(g.input.repaired.lines.map((l) => l.text)) });
    }
    stored = store.counts().documents;
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  renameSync(tmp, path);
  return path;
}

function timeCommand(args: string[], rounds: number): { seconds: number; stdoutBytes: number; status: number } {
  const times: number[] = [];
  let last = { stdoutBytes: 0, status: 0 };
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, [join(ROOT, 'bin', 'vnplan.mjs'), ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push((performance.now() - t0) / 1000);
    last = { stdoutBytes: Buffer.byteLength(res.stdout ?? ''), status: res.status ?? 1 };
    if (res.status !== 0) throw new Error(`vnplan ${args.join(' ')} failed (${res.status}): ${res.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)]!, ...last };
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const env = process.env[`BENCH_NATIONAL_${name.toUpperCase()}`];
  return i >= 0 ? Number(process.argv[i + 1]) : env ? Number(env) : fallback;
}

export async function benchNational(): Promise<Figures> {
  const n = arg('documents', 33_000);
  const out: Figures = { 'national.load_average_at_start': loadavg()[0]!.toFixed(1) };
  const t0 = performance.now();
  const db = nationalStore(n);
  out['national.store_build_or_open_s'] = ((performance.now() - t0) / 1000).toFixed(1);
  out['national.documents'] = n;
  out['national.store_mb'] = (statSync(db).size / 1e6).toFixed(0);
  const fmt = (r: { seconds: number; stdoutBytes: number }) => `${r.seconds.toFixed(2)} s (${(r.stdoutBytes / 1e6).toFixed(2)} MB printed)`;
  out['national.qa_s'] = fmt(timeCommand(['qa', '--db', db], 3));
  out['national.qa_json_s'] = fmt(timeCommand(['qa', '--db', db, '--json'], 3));
  out['national.aggregate_s'] = fmt(timeCommand(['aggregate', '--db', db, '--as-of', '2026-01-01'], 3));
  out['national.aggregate_json_s'] = fmt(timeCommand(['aggregate', '--db', db, '--json', '--as-of', '2026-01-01'], 3));
  out['national.compare_s'] = fmt(timeCommand(['compare', '1', String(Math.floor(n / 2)), '--db', db], 3));
  out['national.similar_s'] = fmt(timeCommand(['similar', '--db', db], 1));
  out['national.similar_json_s'] = fmt(timeCommand(['similar', '--db', db, '--json'], 1));
  const reportDir = join(CACHE, 'national-report');
  rmSync(reportDir, { recursive: true, force: true });
  const report = timeCommand(['report', '--db', db, '--out', reportDir], 1);
  out['national.report_s'] = report.seconds.toFixed(1);
  out['national.report_mb'] = (folderBytes(reportDir) / 1e6).toFixed(1);
  out['national.load_average_at_end'] = loadavg()[0]!.toFixed(1);
  return out;
}

if (process.argv[1]?.endsWith('bench-national.ts')) {
  const figures = await benchNational();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(48)} ${v}`);
}
