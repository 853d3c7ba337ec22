/**
 * Scanned-page inputs made the way a commune's scan reaches vnplan: clean text typeset as A4 pages
 * and degraded like a photocopy/scan by ../shared/tools/degrade (render.sh), then read by vnplan's own
 * OCR (tesseract.js, Vietnamese model, the same worker settings as ingest). For each text it writes
 *   OUT/<id>.clean.txt   the text exactly as printed (degrade's typeset.txt)
 *   OUT/<id>.ocr.json    { pages: OcrPageRecord[], scan } (what tesseract saw; see src/ingest/ocr-record.ts)
 * Page images stay in a temporary folder and are deleted. Resumable: ids already written are skipped.
 *
 *   # training pairs for the Vietnamese-model OCR channel: chunks of ../shared/data/vi-text
 *   nice node --import tsx scripts/make-scans.ts --out /tmp/vie-pairs --sample 10001:400
 *   # eval inputs (committed, gzipped, without the printed text: the gold is in ../shared)
 *   node --import tsx scripts/make-scans.ts --out eval/scans --eval --noise harsh --seed 1 \
 *     ../shared/gold/text/0*.txt ../shared/seeds/003_*.txt ../shared/gold/real/text/p*.txt
 *
 * Noise: `default` is degrade's own ranges (raw OCR ~97–98 % of syllables right), `harsh` a poorer
 * scan (lower resolution, more noise and specks, stronger JPEG: raw OCR ~90–94 %), `mixed` draws one of
 * them per document from its seed (a third default). Needs degrade's apt packages (its README).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createOcrPool } from '../src/ingest/ocr.ts';

export const NOISE_RANGES = {
  default: {},
  harsh: { scan_dpi: [135, 160], noise: [0.4, 0.6], jpeg_quality: [30, 50], specks: [0.02, 0.05] },
} as const;
export type Noise = keyof typeof NOISE_RANGES;

/** The noise level of one document under `mixed`: fixed by its seed, so a rerun makes the same page. */
export function noiseFor(mode: Noise | 'mixed', seed: number): Noise {
  if (mode !== 'mixed') return mode;
  // a small integer hash of the seed (not seed % 3: sample ids are consecutive)
  const h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return h % 3 === 0 ? 'default' : 'harsh';
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      sample: { type: 'string', description: 'FIRST:COUNT chunks of vi-text (sample-chunk.py seeds)' },
      noise: { type: 'string', default: 'mixed' },
      seed: { type: 'string', default: '1', description: 'degrade seed for --texts (each file adds its index)' },
      shared: { type: 'string', default: process.env.VNPLAN_SHARED ?? resolve(import.meta.dirname, '../../shared') },
      workers: { type: 'string', default: '1' },
      eval: { type: 'boolean', default: false, description: 'write <id>.ocr.json.gz only' },
    },
  });
  if (!values.out) throw new Error('make-scans: --out DIR is required');
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const shared = values.shared!;
  const degrade = join(shared, 'tools/degrade');
  const noise = values.noise as Noise | 'mixed';
  if (noise !== 'mixed' && !(noise in NOISE_RANGES)) throw new Error(`make-scans: --noise ${noise}: default, harsh or mixed`);

  type Job = { id: string; seed: number; text: () => string };
  const jobs: Job[] = [];
  if (values.sample) {
    const [first, count] = values.sample.split(':').map(Number);
    const sampler = join(import.meta.dirname, '../src/repair/channel/sample-chunk.py');
    for (let n = first; n < first + count; n++) {
      jobs.push({ id: String(n).padStart(5, '0'), seed: n, text: () => execFileSync('python3', [sampler, join(shared, 'data/vi-text'), String(n)], { encoding: 'utf8' }) });
    }
  }
  positionals.forEach((f, i) => jobs.push({ id: basename(f, '.txt'), seed: Number(values.seed) + i, text: () => readFileSync(f, 'utf8') }));

  const ocr = createOcrPool({ workers: Number(values.workers) });
  try {
    for (const job of jobs) {
      const target = join(out, `${job.id}.ocr.json${values.eval ? '.gz' : ''}`);
      if (existsSync(target)) continue;
      const work = mkdtempSync(join(tmpdir(), 'vnplan-scan-'));
      try {
        writeFileSync(join(work, 'in.txt'), job.text());
        const level = noiseFor(noise, job.seed);
        const env = { ...process.env, DEGRADE_RANGES: JSON.stringify(NOISE_RANGES[level]), MAGICK_THREAD_LIMIT: '1', OMP_THREAD_LIMIT: '1' };
        const t0 = Date.now();
        execFileSync(join(degrade, 'render.sh'), [join(work, 'in.txt'), join(work, 'pages'), '--seed', String(job.seed)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        const t1 = Date.now();
        const pngs = readdirSync(join(work, 'pages')).filter((f) => /^page-\d+\.png$/.test(f)).sort();
        const pages = await Promise.all(pngs.map((f) => ocr.recognize(readFileSync(join(work, 'pages', f)))));
        const scan = { noise: level, seed: job.seed, degrade: JSON.parse(readFileSync(join(work, 'pages/degrade.json'), 'utf8')).document };
        const printed = readFileSync(join(work, 'pages/typeset.txt'), 'utf8');
        // eval inputs keep the text as printed beside the record: degrade's typesetter sets some lines
        // elsewhere than the source has them (a first paragraph with a date goes into the letterhead)
        const json = JSON.stringify({ scan, pages: pages.map((p) => p.record), ...(values.eval ? { printed } : {}) });
        if (!values.eval) writeFileSync(join(out, `${job.id}.clean.txt`), printed);
        writeFileSync(`${target}.part`, values.eval ? gzipSync(json, { level: 9 }) : json);
        renameSync(`${target}.part`, target);
        console.log(`${job.id}: ${pngs.length} page(s), ${level}, render ${((t1 - t0) / 1000).toFixed(1)} s, OCR ${((Date.now() - t1) / 1000).toFixed(1)} s`);
      } catch (e) {
        console.error(`${job.id}: failed (${e instanceof Error ? e.message.split('\n')[0] : e})`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
  } finally {
    await ocr.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
