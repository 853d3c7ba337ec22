/**
 * Ingest benchmark: OCR seconds per page, the speed-up of the OCR worker pool, and the OCR
 * character error rate on pages rendered from text written for the tests (not the seeds).
 *
 *   node --import tsx scripts/bench-ingest.ts        # prints the figures as JSON
 *
 * The lead's scripts/bench.ts calls benchIngest().
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createIngestor } from '../src/ingest/index.ts';
import { createOcrPool, type OcrEngine } from '../src/ingest/ocr.ts';
import {
  charErrorRate,
  makeScannedPdf,
  PLAN_LINES,
  PLAN_LINES_2,
  renderPagePng,
  renderPhotoJpeg,
} from '../test/fixtures/ingest/build.ts';

const ROUNDS = 2;

/** Wall seconds to OCR all `images` at once through `engine` (workers already started). */
async function timeBatch(engine: OcrEngine, images: Buffer[]): Promise<{ seconds: number; cpuSeconds: number; texts: string[] }> {
  const t0 = performance.now();
  // process.cpuUsage counts every thread of the process, the OCR worker threads included.
  const c0 = process.cpuUsage();
  const pages = await Promise.all(images.map((img) => engine.recognize(img)));
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6, texts: pages.map((p) => p.lines.join('\n')) };
}

async function warm(engine: OcrEngine, image: Buffer): Promise<void> {
  // One job per worker so every worker has loaded the model before timing starts.
  await Promise.all(Array.from({ length: engine.size }, () => engine.recognize(image)));
}

/**
 * How much faster `n` plain CPU-bound threads finish than one on this machine right now
 * (ideally n). On a shared machine other sessions' work caps it; the OCR pool's speed-up is
 * judged against it (ocr_pool_efficiency).
 */
export async function parallelHeadroom(n: number): Promise<number> {
  const code = "let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; require('node:worker_threads').parentPort.postMessage(x);";
  const run = async (k: number) => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: k }, () => new Promise<void>((resolve, reject) => {
        const w = new Worker(code, { eval: true });
        w.once('message', () => void w.terminate().then(() => resolve()));
        w.once('error', reject);
      })),
    );
    return performance.now() - t0;
  };
  const one = Math.min(await run(1), await run(1));
  const many = Math.min(await run(n), await run(n));
  return (n * one) / many;
}

export async function benchIngest(): Promise<Record<string, number>> {
  const pagesText = [PLAN_LINES, PLAN_LINES_2, PLAN_LINES, PLAN_LINES_2];
  const images = pagesText.map((lines) => renderPagePng(lines));
  const refs = pagesText.map((l) => l.join('\n'));
  const cores = availableParallelism();
  const small = renderPagePng(PLAN_LINES.slice(0, 2), 150);

  const one = createOcrPool({ workers: 1 });
  const many = createOcrPool({ workers: cores });
  let single = { seconds: Infinity, cpuSeconds: 0, texts: [] as string[] };
  let pooled = { seconds: Infinity, cpuSeconds: 0, texts: [] as string[] };
  const loadBefore = loadavg()[0];
  const headroom = await parallelHeadroom(cores);
  try {
    await warm(one, small);
    await warm(many, small);
    // Alternate the two and keep each one's best round: other jobs on a shared machine add
    // noise that a single pair of timings would turn into a false speed-up (or slow-down).
    for (let round = 0; round < ROUNDS; round++) {
      const s = await timeBatch(one, images);
      if (s.seconds < single.seconds) single = s;
      const p = await timeBatch(many, images);
      if (p.seconds < pooled.seconds) pooled = p;
    }
  } finally {
    await one.close();
    await many.close();
  }
  const cer = (texts: string[]) => texts.reduce((s, t, i) => s + charErrorRate(refs[i], t), 0) / texts.length;

  // End to end: a scanned PDF (render + OCR) and a phone-photo-like JPEG, through the ingestor.
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-bench-ingest-'));
  const ingestor = createIngestor();
  try {
    const pdfPath = join(dir, 'scan.pdf');
    writeFileSync(pdfPath, await makeScannedPdf(images));
    const photoPath = join(dir, 'photo.jpg');
    writeFileSync(photoPath, renderPhotoJpeg(PLAN_LINES));
    await ingestor.ingest(photoPath); // starts the workers outside the timing
    let t0 = performance.now();
    const c0 = process.cpuUsage();
    const pdfDoc = await ingestor.ingest(pdfPath);
    const pdfSeconds = (performance.now() - t0) / 1000;
    const pdfCpu = process.cpuUsage(c0);
    t0 = performance.now();
    const photoDoc = await ingestor.ingest(photoPath);
    const photoSeconds = (performance.now() - t0) / 1000;
    const pdfCer = pdfDoc.pages.reduce((s, p, i) => s + charErrorRate(refs[i], p.lines.join('\n')), 0) / pdfDoc.pages.length;
    return {
      cores,
      load_average_1m_at_start: loadBefore,
      ocr_pages: images.length,
      ocr_seconds_per_page_1_worker: single.seconds / images.length,
      ocr_cpu_seconds_per_page: single.cpuSeconds / images.length,
      ocr_seconds_per_page_pool: pooled.seconds / images.length,
      ocr_pool_workers: cores,
      ocr_pool_speedup: single.seconds / pooled.seconds,
      cpu_parallel_headroom: headroom,
      ocr_pool_efficiency: single.seconds / pooled.seconds / headroom,
      ocr_cer_png: cer(pooled.texts),
      scanned_pdf_seconds_per_page: pdfSeconds / pdfDoc.pages.length,
      scanned_pdf_cpu_seconds_per_page: (pdfCpu.user + pdfCpu.system) / 1e6 / pdfDoc.pages.length,
      ocr_cer_scanned_pdf: pdfCer,
      photo_jpeg_seconds: photoSeconds,
      ocr_cer_photo_jpeg: charErrorRate(refs[0], photoDoc.pages[0].lines.join('\n')),
      ocr_confidence_photo_jpeg: photoDoc.pages[0].ocrConfidence ?? 0,
    };
  } finally {
    await ingestor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchIngest().then((r) => console.log(JSON.stringify(r, null, 2)));
}
