import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { imageSize } from 'image-size';
import Tesseract from 'tesseract.js';
import { layoutPage, type OcrTokenInfo } from './ocr-layout.ts';
import { ocrPageRecord, type OcrPageRecord } from './ocr-record.ts';
import { whitenColourInk } from './colour.ts';
import type { IngestedPage } from '../../schemas/index.ts';

export interface OcrPage {
  /** Recognised lines in reading order (tesseract's layout analysis), NFC. */
  lines: string[];
  /** Mean recognition confidence, 0..1. */
  confidence: number;
  /** Per line, the OCR evidence of each whitespace token (word confidence, LSTM alternatives). */
  tokens?: OcrTokenInfo[][];
  /** Per line, how many printed lines it joins (a paragraph's lines are one line). */
  printedLines?: number[];
  /** What tesseract saw (words, boxes, confidences, choices): lines can be laid out again from it. */
  record?: OcrPageRecord;
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

interface PlacedLine {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * Lines in the order a reader takes them, for a PDF's text layer (pdf-text.ts): fragments that share
 * a height and sit side by side are put on one line, left to right, tab-separated, as the Word
 * readers give table cells; rows go top to bottom. (OCR'd pages are laid out by ocr-layout.ts.)
 */
export function readingOrder(lines: PlacedLine[]): string[] {
  const sorted = [...lines].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  const rows: PlacedLine[][] = [];
  for (const line of sorted) {
    const row = rows.find((r) => {
      const ref = r[0];
      const overlap = Math.min(ref.y1, line.y1) - Math.max(ref.y0, line.y0);
      const minHeight = Math.min(ref.y1 - ref.y0, line.y1 - line.y0);
      // Same height band, and beside (never above or below) every line already in the row.
      return overlap >= 0.4 * minHeight && r.every((o) => line.x0 >= o.x1 || line.x1 <= o.x0);
    });
    if (row) row.push(line);
    else rows.push([line]);
  }
  return rows
    .sort((a, b) => Math.min(...a.map((l) => l.y0)) - Math.min(...b.map((l) => l.y0)))
    .map((r) => r.sort((a, b) => a.x0 - b.x0).map((l) => l.text).join('\t'));
}

/** Pixel size of an image from its header (0 × 0 when it cannot be read: the record still holds). */
function pixelSize(image: Buffer): { width: number; height: number } {
  try {
    const { width, height } = imageSize(image);
    return { width: width ?? 0, height: height ?? 0 };
  } catch {
    return { width: 0, height: 0 };
  }
}

/** A page from a tesseract.js result: its record, laid out into lines with the tokens' evidence. */
export function ocrPageOf(data: Tesseract.Page, image: Buffer, size = pixelSize(image)): OcrPage {
  const record = ocrPageRecord(data, size, data.hocr);
  const { lines, tokens, printedLines } = layoutPage(record);
  return { lines, tokens, printedLines, record, confidence: record.confidence };
}

/**
 * The IngestedPage fields of an OCR'd page: its lines (one empty line when the OCR found no text),
 * the page confidence, and, when the engine gave them, each token's evidence and the printed lines
 * each line joins.
 */
export function ocrPageFields(page: OcrPage): Pick<IngestedPage, 'lines' | 'ocrConfidence' | 'ocrTokens' | 'printedLines'> {
  if (page.lines.length === 0) return { lines: [''], ocrConfidence: page.confidence };
  const out: Pick<IngestedPage, 'lines' | 'ocrConfidence' | 'ocrTokens' | 'printedLines'> = { lines: page.lines, ocrConfidence: page.confidence };
  if (page.tokens && page.tokens.length === page.lines.length) out.ocrTokens = page.tokens;
  if (page.printedLines && page.printedLines.length === page.lines.length) out.printedLines = page.printedLines;
  return out;
}

export interface OcrPoolOptions {
  /** Workers to run (default: one per core). */
  workers?: number;
  /** Folder of the traineddata (default: vieLangPath()). */
  langPath?: string;
  /** Language of the traineddata (default 'vie'; the bench also reads pages with 'eng'). */
  lang?: string;
  /** Let tesseract's own messages ("Detected 827 diacritics", …) through to stderr. */
  verbose?: boolean;
}

async function startWorker(langPath: string, verbose: boolean, lang = 'vie'): Promise<Tesseract.Worker> {
  const worker = await Tesseract.createWorker(
    lang,
    Tesseract.OEM.LSTM_ONLY,
    {
      langPath,
      gzip: true,
      // No cache file: the model is read from node_modules every time, nothing is written.
      cacheMethod: 'none',
      // Without a handler tesseract.js rethrows a failed job (e.g. an undecodable image) as an
      // uncaught exception; the job's promise already rejects, which is where we handle it.
      errorHandler: () => undefined,
    },
    // tesseract prints its debug lines (tprintf) to stderr unless they go to a debug file: inside
    // the wasm file system /dev/null swallows them, so they never land between the progress bars.
    // tesseract.js types only the init parameters it documents; debug_file is one of tesseract's own.
    (verbose ? {} : { debug_file: '/dev/null' }) as Partial<Tesseract.InitOptions>,
  );
  // Fully automatic layout analysis: administrative documents have two-column headers.
  // A fixed dpi: rendered pages are 300 dpi, and phone photos carry no trustworthy dpi anyway.
  // lstm_choice_mode 2: the hOCR lists, per character, the other characters the LSTM considered,
  // which the repair weighs as evidence (a few per cent more recognition time).
  await worker.setParameters({
    tessedit_pageseg_mode: Tesseract.PSM.AUTO,
    preserve_interword_spaces: '0',
    user_defined_dpi: '300',
    lstm_choice_mode: '2',
  } as Partial<Tesseract.WorkerParams>);
  return worker;
}

/**
 * A pool of tesseract.js workers, one per core by default, started on the first page. Jobs
 * queue for the next idle worker. A worker whose job fails is replaced by a fresh one, so one
 * poisonous image (a wasm abort, an out-of-memory) cannot break the pages after it.
 */
export function createOcrPool(opts: OcrPoolOptions = {}): OcrEngine {
  const size = Math.max(1, opts.workers ?? availableParallelism());
  const langPath = opts.langPath ?? vieLangPath();
  const verbose = opts.verbose ?? false;
  /** A worker being started or running; boxed so promises of it are not flattened. */
  type Slot = { worker: Promise<Tesseract.Worker> };
  const idle: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];
  const all = new Set<Slot>();
  let started = false;

  const spawn = (): Slot => {
    const slot = { worker: startWorker(langPath, verbose, opts.lang) };
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
      // seals, signatures and handwriting in colour are whitened before the page is read
      const clean = await whitenColourInk(image).catch(() => null);
      const slot = await acquire();
      try {
        const worker = await slot.worker;
        const { data } = await worker.recognize(clean?.image ?? image, {}, { blocks: true, text: true, hocr: true });
        release(slot);
        return ocrPageOf(data, image, clean ? { width: clean.width, height: clean.height } : undefined);
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
