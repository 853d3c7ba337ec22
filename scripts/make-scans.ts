/**
 * Scanned-page inputs made the way a commune's scan reaches vnplan: clean text typeset as A4 pages
 * and degraded like a photocopy/scan, then read by vnplan's own OCR (tesseract.js, Vietnamese model,
 * the same worker settings as ingest). For each text it writes
 *   OUT/<id>.clean.txt   the text exactly as printed
 *   OUT/<id>.ocr.json    { pages: OcrPageRecord[], scan } (what tesseract saw; see src/ingest/ocr-record.ts)
 * Page images stay in memory or a temporary folder and are deleted. Resumable: ids already written
 * are skipped.
 *
 * Two typesetters and scanners (`--renderer`):
 *  - `degrade` (default): ../shared/tools/degrade/render.sh (needs its apt packages, its README); the
 *    pages are read as make-scans always read them (the pool's recognize). Its typesetter moves the
 *    lines among the first 14 that mention a date into the letterhead and keeps only the last.
 *  - `vnplan`: scripts/scan-render.ts in-process (npm packages and the vendored font only), which
 *    prints every line; each page is read as ingest reads an image (recognizeUpright: orientation,
 *    skew, a noisy page read again).
 *
 *   # training pairs for the Vietnamese-model OCR channel: chunks of ../shared/data/vi-text
 *   nice node --import tsx scripts/make-scans.ts --out /tmp/vie-pairs --sample 10001:400
 *   # eval inputs (committed, gzipped, with the printed text)
 *   node --import tsx scripts/make-scans.ts --out eval/scans --eval --noise harsh --seed 1 \
 *     ../shared/gold/text/0*.txt ../shared/seeds/003_*.txt ../shared/gold/real/text/p*.txt
 *   node --import tsx scripts/make-scans.ts --renderer vnplan --out eval/scans-typeset --eval \
 *     --noise poor --seed 1 --workers 2 ../shared/gold/real/text/p*.txt
 *
 * Noise, degrade: `default` is degrade's own ranges (raw OCR ~97–98 % of syllables right), `harsh` a
 * poorer scan (lower resolution, more noise and specks, stronger JPEG: raw OCR ~90–94 %); vnplan:
 * scan-render.ts's levels (`clean`, `default`, `harsh`: raw OCR ~96 % on the real plans, `poor`:
 * 100–115 dpi, ~90 %). `mixed` draws default or harsh per document from its seed (a third default).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createOcrPool, type OcrEngine, type OcrPage } from '../src/ingest/ocr.ts';
import { recognizeUpright } from '../src/ingest/orient.ts';
import { scanDocument, type ScanNoise } from './scan-render.ts';

export const NOISE_RANGES = {
  default: {},
  harsh: { scan_dpi: [135, 160], noise: [0.4, 0.6], jpeg_quality: [30, 50], specks: [0.02, 0.05] },
} as const;
export type Noise = keyof typeof NOISE_RANGES;
export type Renderer = 'degrade' | 'vnplan';

/** One document typeset, scanned and read: the OCR'd pages, the text as printed, the scan's settings. */
interface Scanned {
  pages: OcrPage[];
  printed: string;
  scan: Record<string, unknown>;
}

/** degrade's render.sh in a temporary folder, its PNG pages read by the pool. */
async function scanWithDegrade(text: string, seed: number, level: Noise, degrade: string, ocr: OcrEngine): Promise<Scanned> {
  const work = mkdtempSync(join(tmpdir(), 'vnplan-scan-'));
  try {
    writeFileSync(join(work, 'in.txt'), text);
    const env = { ...process.env, DEGRADE_RANGES: JSON.stringify(NOISE_RANGES[level]), MAGICK_THREAD_LIMIT: '1', OMP_THREAD_LIMIT: '1' };
    execFileSync(join(degrade, 'render.sh'), [join(work, 'in.txt'), join(work, 'pages'), '--seed', String(seed)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const pngs = readdirSync(join(work, 'pages')).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    const pages = await Promise.all(pngs.map((f) => ocr.recognize(readFileSync(join(work, 'pages', f)))));
    const scan = { noise: level, seed, degrade: JSON.parse(readFileSync(join(work, 'pages/degrade.json'), 'utf8')).document };
    return { pages, printed: readFileSync(join(work, 'pages/typeset.txt'), 'utf8'), scan };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** scan-render.ts's pages, each read as ingest reads an image. */
async function scanWithVnplan(text: string, seed: number, level: ScanNoise, ocr: OcrEngine): Promise<Scanned> {
  const doc = scanDocument(text, { seed, noise: level });
  const pages = await Promise.all(doc.images.map((img) => recognizeUpright(ocr, img)));
  return { pages, printed: doc.printed, scan: { renderer: 'vnplan', noise: level, seed } };
}

/** The noise level of one document under `mixed`: fixed by its seed, so a rerun makes the same page. */
export function noiseFor<L extends string>(mode: L | 'mixed', seed: number): L | Noise {
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
      renderer: { type: 'string', default: 'degrade', description: 'degrade (../shared/tools/degrade) or vnplan (scripts/scan-render.ts)' },
    },
  });
  if (!values.out) throw new Error('make-scans: --out DIR is required');
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const shared = values.shared!;
  const degrade = join(shared, 'tools/degrade');
  const renderer = values.renderer as Renderer;
  if (renderer !== 'degrade' && renderer !== 'vnplan') throw new Error(`make-scans: --renderer ${renderer}: degrade or vnplan`);
  const noise = values.noise as Noise | 'clean' | 'mixed';
  const levels = renderer === 'vnplan' ? ['clean', 'default', 'harsh', 'poor', 'mixed'] : [...Object.keys(NOISE_RANGES), 'mixed'];
  if (!levels.includes(noise)) throw new Error(`make-scans: --noise ${noise}: ${levels.join(', ')}`);

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
      try {
        const level = noiseFor(noise, job.seed);
        const t0 = Date.now();
        const { pages, printed, scan } = renderer === 'vnplan' ? await scanWithVnplan(job.text(), job.seed, level, ocr) : await scanWithDegrade(job.text(), job.seed, level as Noise, degrade, ocr);
        // eval inputs keep the text as printed beside the record: degrade's typesetter sets some lines
        // elsewhere than the source has them (a first paragraph with a date goes into the letterhead)
        const json = JSON.stringify({ scan, pages: pages.map((p) => p.record), ...(values.eval ? { printed } : {}) });
        if (!values.eval) writeFileSync(join(out, `${job.id}.clean.txt`), printed);
        writeFileSync(`${target}.part`, values.eval ? gzipSync(json, { level: 9 }) : json);
        renameSync(`${target}.part`, target);
        console.log(`${job.id}: ${pages.length} page(s), ${renderer} ${level}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      } catch (e) {
        console.error(`${job.id}: failed (${e instanceof Error ? e.message.split('\n')[0] : e})`);
      }
    }
  } finally {
    await ocr.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
