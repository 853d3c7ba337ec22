/**
 * The bench's own scanned pages, made from a fresh clone with nothing but the repository, npm and
 * ../shared/data/vi-text: text that is neither training nor gold (the documents the language model
 * holds out, every 200th of each corpus file; the channel builders skip them too), typeset and
 * degraded in-process (scripts/scan-render.ts, vendored font), then read by vnplan's OCR pool with
 * every core, once with the Vietnamese model (what ingest does) and once with the English model (OCR
 * without Vietnamese support, the other repair input).
 *
 * Rendered pages and the English-model readings are cached in output/bench-pages/ (regenerated when
 * this file's settings change); the Vietnamese-model OCR runs on every bench run, since its speed is
 * one of the figures.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { IngestedDocument } from '../schemas/index.ts';
import { createOcrPool, ocrPageFields, type OcrPage } from '../src/ingest/ocr.ts';
import { recognizeUpright } from '../src/ingest/orient.ts';
import { heldOutDocuments } from '../src/repair/language-model/build-language-model.ts';
import { scanDocument, type ScanNoise } from './scan-render.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CACHE = join(ROOT, 'output/bench-pages');

const WORDS_PER_PAGE = 360;

export interface BenchPage {
  id: string;
  /** The text as printed (the reference). */
  printed: string;
  noise: ScanNoise;
  seal: boolean;
  /** The Vietnamese-model OCR as ingest makes it. */
  vie: IngestedDocument;
  /** The English-model OCR text. */
  eng: string;
}

export interface BenchPages {
  pages: BenchPage[];
  figures: Record<string, number | string>;
}

/** Page-sized chunks of the held-out documents (whole lines, ~360 words), the first of each with its header. */
function chunks(docs: string[], count: number): string[] {
  const out: string[] = [];
  for (const d of docs) {
    if (d.split(/\s+/).length < 150) continue;
    let cur: string[] = [];
    let words = 0;
    for (const line of d.split('\n')) {
      const n = line.split(/\s+/).filter(Boolean).length;
      if (words > 0 && words + n > WORDS_PER_PAGE) { out.push(cur.join('\n')); cur = []; words = 0; }
      // a very long paragraph is cut at a word boundary
      cur.push(n > WORDS_PER_PAGE ? line.split(/\s+/).slice(0, WORDS_PER_PAGE - 20).join(' ') : line);
      words += Math.min(n, WORDS_PER_PAGE - 20);
    }
    if (words >= 120) out.push(cur.join('\n'));
    if (out.length >= count) break;
  }
  return out.slice(0, count);
}

const engLangPath = () => join(dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');

function docOf(id: string, page: OcrPage): IngestedDocument {
  return { docId: id, sourcePath: `${id}.jpg`, sourceKind: 'image-ocr', contentHash: '0'.repeat(64), encoding: null, warnings: [], pages: [{ pageNumber: 1, ...ocrPageFields(page) }] };
}

/** Wall seconds and CPU seconds (all threads: the OCR workers are threads) to OCR the images with the pool. */
async function ocrAll(images: Buffer[], lang: 'vie' | 'eng', workers: number): Promise<{ pages: OcrPage[]; wall: number; cpu: number }> {
  const pool = createOcrPool({ workers, lang, ...(lang === 'eng' ? { langPath: engLangPath() } : {}) });
  try {
    // start every worker (model load) outside the timing
    await Promise.all(Array.from({ length: workers }, () => pool.recognize(images[0])));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    // the Vietnamese model as ingest reads an image (orientation, skew, a noisy page read again)
    const pages = await Promise.all(images.map((img) => (lang === 'vie' ? recognizeUpright(pool, img) : pool.recognize(img))));
    const c = process.cpuUsage(c0);
    return { pages, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  } finally {
    await pool.close();
  }
}

export async function benchPages(opts: { count?: number; shared?: string } = {}): Promise<BenchPages> {
  const count = opts.count ?? Number(process.env.BENCH_PAGES ?? 60);
  const shared = opts.shared ?? process.env.VNPLAN_SHARED ?? resolve(ROOT, '../shared');
  const texts = chunks(heldOutDocuments(join(shared, 'data/vi-text')), count);
  if (texts.length === 0) throw new Error(`bench: no held-out documents in ${join(shared, 'data/vi-text')}`);
  const settings = texts.map((t, i) => ({ id: `b${String(i + 1).padStart(3, '0')}`, text: t, seed: 7000 + i, noise: (i % 3 === 2 ? 'harsh' : 'default') as ScanNoise, seal: i % 4 === 3 }));
  const key = createHash('sha256').update(readFileSync(join(ROOT, 'scripts/scan-render.ts'))).update(JSON.stringify(settings)).digest('hex').slice(0, 16);
  const cacheFile = join(CACHE, `${key}.json`);
  type Cached = { id: string; printed: string; images: string[]; eng: string };
  let cached: Cached[] | null = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Cached[]) : null;
  const figures: Record<string, number | string> = {};
  const t0 = performance.now();
  if (!cached) {
    const made = settings.map((s) => {
      const d = scanDocument(s.text, { seed: s.seed, noise: s.noise, seal: s.seal });
      return { id: s.id, printed: d.printed, images: d.images };
    });
    figures['bench_pages.render_seconds_per_page'] = Number(((performance.now() - t0) / 1000 / made.length).toFixed(2));
    const eng = await ocrAll(made.flatMap((m) => m.images), 'eng', availableParallelism());
    let k = 0;
    cached = made.map((m) => ({
      id: m.id,
      printed: m.printed,
      images: m.images.map((b) => b.toString('base64')),
      eng: m.images.map(() => eng.pages[k++].lines.join('\n')).join('\n'),
    }));
    mkdirSync(CACHE, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(cached));
  }
  const images = cached.flatMap((c) => c.images.map((b) => Buffer.from(b, 'base64')));
  const workers = availableParallelism();
  const vie = await ocrAll(images, 'vie', workers);
  figures['ocr.pages'] = images.length;
  figures['ocr.workers'] = workers;
  figures['ocr.pages_per_s_all_cores'] = Number((images.length / vie.wall).toFixed(3));
  figures['ocr.cpu_seconds_per_page'] = Number((vie.cpu / images.length).toFixed(2));
  let k = 0;
  const pages = cached.map((c, i) => {
    const ocrPages = c.images.map(() => vie.pages[k++]);
    const doc = docOf(c.id, ocrPages[0]);
    doc.pages = ocrPages.map((p, n) => ({ pageNumber: n + 1, ...ocrPageFields(p) }));
    return { id: c.id, printed: c.printed, noise: settings[i].noise, seal: settings[i].seal, vie: doc, eng: c.eng };
  });
  return { pages, figures };
}
