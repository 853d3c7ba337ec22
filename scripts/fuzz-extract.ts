/**
 * Soak test of segment + extract on generated, mutated documents (test/helpers/fuzz-docs.ts):
 * many more cases than the unit test (test/fuzz-segment-extract.test.ts), each in a worker
 * thread under a time limit proportional to its size. Every failing case (exception, schema,
 * provenance, time limit) is written to a file with its seed and lines, ready to become a
 * regression test.
 *
 *   node --import tsx scripts/fuzz-extract.ts [--n 2000] [--seed 1] [--out output/fuzz] [--max-line 100000]
 *
 * Exit code 1 when any case failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzCase } from '../test/helpers/fuzz-docs.ts';
import { runGuarded, type CaseResult } from '../test/helpers/fuzz-run.ts';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'output/fuzz' },
    'max-line': { type: 'string', default: '100000' },
  },
});
const n = Number(values.n);
const first = Number(values.seed);
const maxLineLength = Number(values['max-line']);
const seeds = Array.from({ length: n }, (_, i) => first + i);
const failures: CaseResult[] = [];
let done = 0;
let slowest: CaseResult | null = null;
const t0 = Date.now();
await runGuarded(seeds, {
  maxLineLength,
  onResult: (r) => {
    done++;
    if (!slowest || r.ms > slowest.ms) slowest = r;
    if (r.failure) {
      failures.push(r);
      mkdirSync(values.out!, { recursive: true });
      const c = fuzzCase(r.seed, { maxLineLength });
      const file = join(values.out!, `seed-${r.seed}.txt`);
      writeFileSync(file, c.lines.join('\n'));
      writeFileSync(`${file}.json`, JSON.stringify({ ...r, tables: c.tables }, null, 1));
      console.log(`FAIL seed ${r.seed} (${r.shape}, ${r.lines} lines, ${r.chars} chars, ${Math.round(r.ms)} ms): ${r.failure.split('\n')[0]} → ${file}`);
    }
    if (done % 100 === 0) console.log(`${done}/${n} cases, ${failures.length} failing, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  },
});
const s = slowest as CaseResult | null;
console.log(`${done} cases in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${failures.length} failing` + (s ? `; slowest: seed ${s.seed} (${s.shape}, ${s.lines} lines, ${s.chars} chars) ${Math.round(s.ms)} ms` : ''));
process.exit(failures.length ? 1 : 0);
