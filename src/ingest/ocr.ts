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

/**
 * A pool of tesseract.js workers, one per core by default, started on the first page. Jobs
 * queue for the next idle worker. A worker whose job fails is replaced by a fresh one, so one
 * poisonous image (a wasm abort, an out-of-memory) cannot break the pages after it.
 */
export function createOcrPool(opts: { workers?: number; langPath?: string } = {}): OcrEngine {
  const size = Math.max(1, opts.workers ?? availableParallelism());
  const langPath = opts.langPath ?? vieLangPath();
  /** A worker being started or running; boxed so promises of it are not flattened. */
  type Slot = { worker: Promise<Tesseract.Worker> };
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const all = new Set<Slot>();
  let started = false;

  const spawn = (): Slot => {
    const slot = { worker: startWorker(langPath) };
    slot.worker.catch(() => undefined); // a failed start surfaces in the job that awaits it
    all.add(slot);
    return slot;
  };
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };
  const acquire = (): Promise<Slot> => {
    if (!started) {
      started = true;
      for (let i = 0; i < size; i++) idle.push(spawn());
    }
    const slot = idle.shift();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => waiting.push(resolve));
  };
  const terminate = (slot: Slot) => slot.worker.then((w) => w.terminate()).catch(() => undefined);

  return {
    size,
    async recognize(image) {
      const slot = await acquire();
      try {
        const worker = await slot.worker;
        const { data } = await worker.recognize(image, {}, { blocks: true, text: true });
        release(slot);
        return { lines: linesOfResult(data), confidence: Math.max(0, Math.min(1, data.confidence / 100)) };
      } catch (e) {
        all.delete(slot);
        void terminate(slot);
        release(spawn());
        throw e instanceof Error ? e : new Error(String(e));
      }
    },
    async close() {
      const slots = [...all];
      all.clear();
      idle.length = 0;
      started = false;
      await Promise.all(slots.map(terminate));
    },
  };
}
