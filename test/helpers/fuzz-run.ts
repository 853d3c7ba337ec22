/**
 * Runs fuzz cases through segment + extract (as `analyseRepaired` in src/pipeline/batch.ts does)
 * and checks what comes out: no exception, records the zod schemas accept, provenance inside the
 * document. `runGuarded` runs them in a worker thread and stops any case that holds it longer than
 * a time limit, so a hang is reported as a failing case instead of stalling the caller.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Extraction, SegmentedDocument } from '../../schemas/index.ts';
import { extractRecord } from '../../src/extract/index.ts';
import { segmentDocument } from '../../src/segment/index.ts';
import { fuzzCase, repairedOf, type FuzzCase, type FuzzOptions } from './fuzz-docs.ts';

export interface CaseResult {
  seed: number;
  shape: string;
  lines: number;
  chars: number;
  ms: number;
  /** Why the case failed (exception, schema, provenance, time limit), or null. */
  failure: string | null;
}

/** Segment and extract one case, in this thread. */
export function runCase(c: FuzzCase): CaseResult {
  const chars = c.lines.reduce((s, l) => s + l.length + 1, 0);
  const t0 = performance.now();
  let failure: string | null = null;
  try {
    const segmented = segmentDocument(repairedOf(c.lines), c.tables);
    const extraction = extractRecord(segmented);
    SegmentedDocument.parse(segmented);
    Extraction.parse(extraction);
    const n = Math.max(c.lines.length, 1);
    const spans = Object.values(extraction.provenance).flat().filter((s) => s !== null);
    const bad = spans.find((s) => s.start < 1 || s.end > n || s.end < s.start);
    if (bad) failure = `provenance span ${bad.start}-${bad.end} outside 1-${n}`;
  } catch (e) {
    failure = e instanceof Error ? `${e.name}: ${e.message.slice(0, 300)}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e);
  }
  return { seed: c.seed, shape: c.shape, lines: c.lines.length, chars, ms: performance.now() - t0, failure };
}

/** Time a case may take: generous (the machine is shared), proportional to its size. */
export function timeLimitMs(c: { lines: number; chars: number }): number {
  return 2000 + c.lines * 5 + c.chars / 50;
}

// tsx's loader API as an ES module (its "import" export; vitest offers no import.meta.resolve)
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;

export interface GuardedOptions extends FuzzOptions {
  /** Called with each result as it comes. */
  onResult?: (r: CaseResult) => void;
}

/**
 * Runs the cases of the given seeds in a worker thread; a case over its time limit (which also
 * catches an endless loop) is a failure "time limit", and the worker is replaced.
 */
export async function runGuarded(seeds: number[], options: GuardedOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let next = 0;
  while (next < seeds.length) {
    // The worker's entry is TypeScript: register tsx's loader in the thread, then import it.
    const boot = `import(${JSON.stringify(TSX_API)}).then((t) => { t.register(); return import(${JSON.stringify(new URL('./fuzz-worker.ts', import.meta.url).href)}); })`;
    const worker = new Worker(boot, {
      eval: true,
      workerData: { seeds: seeds.slice(next), options: { maxLineLength: options.maxLineLength } },
    });
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | null = null;
      let current: { seed: number; lines: number; chars: number; shape: string } | null = null;
      const finish = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      worker.on('message', (m: { start?: { seed: number; lines: number; chars: number; shape: string }; result?: CaseResult }) => {
        if (m.start) {
          current = m.start;
          if (timer) clearTimeout(timer);
          const limit = timeLimitMs(m.start);
          timer = setTimeout(() => {
            const r: CaseResult = { ...current!, ms: limit, failure: `time limit: still running after ${Math.round(limit)} ms` };
            results.push(r);
            options.onResult?.(r);
            next++;
            void worker.terminate();
          }, limit);
        } else if (m.result) {
          if (timer) clearTimeout(timer);
          results.push(m.result);
          options.onResult?.(m.result);
          next++;
          current = null;
        }
      });
      worker.on('error', (e) => {
        if (!current) return reject(new Error(`fuzz worker failed before its first case: ${e.message}`));
        const r: CaseResult = { seed: current?.seed ?? seeds[next], shape: current?.shape ?? '?', lines: current?.lines ?? 0, chars: current?.chars ?? 0, ms: 0, failure: `worker died: ${e.message}` };
        results.push(r);
        options.onResult?.(r);
        next++;
      });
      worker.on('exit', finish);
    });
  }
  return results;
}

export { fuzzCase };
