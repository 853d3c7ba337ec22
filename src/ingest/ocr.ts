import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import Tesseract from 'tesseract.js';

export interface OcrPage {
  /** Recognised lines in reading order (tesseract's layout analysis), NFC. */
  lines: string[];
  /** Mean recognition confidence, 0..1. */
  confidence: number;
}

/** Recognises page images; workers start on the first page and stop on close(). */
export interface OcrEngine {
  recognize(image: Buffer): Promise<OcrPage>;
  close(): Promise<void>;
  /** Number of workers the pool runs (or will run once started). */
  readonly size: number;
}

/**
 * The `best_int` Vietnamese model shipped by the npm package @tesseract.js-data/vie: read from
 * node_modules, so nothing is downloaded at run time.
 */
export function vieLangPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/vie/package.json')), '4.0.0_best_int');
}

/** Lines of a tesseract result, blocks → paragraphs → lines, empty lines dropped. */
export function linesOfResult(data: Tesseract.Page): string[] {
  const lines: string[] = [];
  for (const block of data.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const text = line.text.replace(/\s+$/u, '').normalize('NFC');
        if (text.trim() !== '') lines.push(text);
      }
    }
  }
  return lines;
}

async function startWorker(langPath: string): Promise<Tesseract.Worker> {
  const worker = await Tesseract.createWorker('vie', Tesseract.OEM.LSTM_ONLY, {
    langPath,
    gzip: true,
    // No cache file: the model is read from node_modules every time, nothing is written.
    cacheMethod: 'none',
    // Without a handler tesseract.js rethrows a failed job (e.g. an undecodable image) as an
    // uncaught exception; the job's promise already rejects, which is where we handle it.
    errorHandler: () => undefined,
  });
  // Fully automatic layout analysis: administrative documents have two-column headers.
  // A fixed dpi: rendered pages are 300 dpi, and phone photos carry no trustworthy dpi anyway.
  await worker.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.AUTO, preserve_interword_spaces: '0', user_defined_dpi: '300' });
  return worker;
}

/** A pool of tesseract.js workers (one per core by default) behind a scheduler. */
export function createOcrPool(opts: { workers?: number; langPath?: string } = {}): OcrEngine {
  const size = Math.max(1, opts.workers ?? availableParallelism());
  const langPath = opts.langPath ?? vieLangPath();
  let scheduler: Promise<Tesseract.Scheduler> | null = null;

  const start = async (): Promise<Tesseract.Scheduler> => {
    const s = Tesseract.createScheduler();
    const workers = await Promise.all(Array.from({ length: size }, () => startWorker(langPath)));
    for (const w of workers) s.addWorker(w);
    return s;
  };

  return {
    size,
    async recognize(image) {
      scheduler ??= start();
      const s = await scheduler;
      const { data } = await s.addJob('recognize', image, {}, { blocks: true, text: true });
      return { lines: linesOfResult(data), confidence: Math.max(0, Math.min(1, data.confidence / 100)) };
    },
    async close() {
      if (scheduler === null) return;
      const s = scheduler;
      scheduler = null;
      await (await s).terminate();
    },
  };
}
