/**
 * Where a batch spends its CPU: self time per thread, per source module and per function, from the
 * V8 CPU profiles of one bench run (issue 14).
 *
 *   node --cpu-prof --cpu-prof-dir=DIR --import tsx scripts/bench-batch-run.ts <folder> <db> 2
 *   node --import tsx scripts/profile-summary.ts DIR [--top 40] [--callers NAME]
 *
 * `--callers NAME`: the self time of the functions named NAME, by the function that called them.
 *
 * Worker threads run an esbuild bundle of their sources (src/pipeline/worker-bundle.ts), deleted at
 * the end of the run; this script bundles the same sources again (same lines) and maps each
 * position to the module whose `// src/...` comment precedes it.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSources } from '../src/runtime/bundle.mjs';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const dir = process.argv[2];
if (!dir) {
  console.error('usage: profile-summary.ts <cpu-prof-dir> [--top N]');
  process.exit(2);
}
const topIndex = process.argv.indexOf('--top');
const TOP = topIndex >= 0 ? Number(process.argv[topIndex + 1]) : 40;
const callersIndex = process.argv.indexOf('--callers');
const CALLERS = callersIndex >= 0 ? process.argv[callersIndex + 1] : undefined;

// Module of each line of the worker bundle.
const bundlePath = join(tmpdir(), `vnplan-profile-bundle-${process.pid}.mjs`);
await bundleSources({ entryPoints: [fileURLToPath(new URL('../src/pipeline/worker.ts', import.meta.url))], outfile: bundlePath });
const bundleLines = readFileSync(bundlePath, 'utf8').split('\n');
rmSync(bundlePath, { force: true });
const moduleOfLine: string[] = [];
let current = '(bundle)';
for (const l of bundleLines) {
  const m = /^\/\/ ((?:src|schemas|node_modules)\/\S+)/.exec(l);
  if (m) current = m[1]!;
  moduleOfLine.push(current);
}

function moduleOf(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  if (/\/worker-[^/]*\.mjs$/.test(f.url)) return moduleOfLine[f.lineNumber] ?? '(bundle)';
  const i = f.url.indexOf('/src/');
  if (i >= 0) return f.url.slice(i + 1);
  const n = f.url.lastIndexOf('node_modules/');
  if (n >= 0) return f.url.slice(n).split('/').slice(0, 3).join('/');
  return f.url.replace(/^file:\/\//, '').replace(/^node:/, 'node:');
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const print = (title: string, m: Map<string, number>, total: number) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${(v / 1e6).toFixed(2).padStart(8)} s ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
};

const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
const byCaller = new Map<string, number>();
let total = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
  const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile;
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => add(self as unknown as Map<string, number>, id as unknown as string, p.timeDeltas[i] ?? 0));
  let threadTotal = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const node = nodes.get(id)!;
    const fr = node.callFrame;
    if (fr.functionName === '(idle)' || fr.functionName === '(program)' && false) idle += us;
    if (fr.functionName === '(idle)') continue;
    threadTotal += us;
    const mod = moduleOf(fr);
    add(byModule, mod, us);
    add(byFunction, `${fr.functionName || '(anonymous)'}  [${mod}${fr.url ? `:${fr.lineNumber + 1}` : ''}]`, us);
    if (CALLERS && fr.functionName === CALLERS) {
      const up = nodes.get(parent.get(id) ?? -1)?.callFrame;
      add(byCaller, up ? `${up.functionName || '(anonymous)'}  [${moduleOf(up)}]` : '(root)', us);
    }
  }
  total += threadTotal;
  console.log(`${f}: ${(threadTotal / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle, ${((p.endTime - p.startTime) / 1e6).toFixed(1)} s profiled`);
}
console.log(`all threads: ${(total / 1e6).toFixed(1)} s busy`);
print('self time by module', byModule, total);
print('self time by function', byFunction, total);
if (CALLERS) print(`self time of ${CALLERS} by caller`, byCaller, total);
