/**
 * The OCR side of the hand-transcribed real-scan pages (eval/real-scans): each PDF of
 * ../shared/data/real-scans read by vnplan's own ingest (the PDF backend: page images, colour ink
 * whitened, tesseract.js Vietnamese), what tesseract saw on each page kept as
 * OUT/<file>-p<N>.ocr.json.gz. Only pages with a transcription (<file>-p<N>.txt) are written unless
 * --all is given. Beside the record, `tesseract` holds the text tesseract.js alone gives for the same
 * page image (the same model and settings, without vnplan's handling of colour ink, skew and layout):
 * the OCR as it comes, the baseline the repair's gain is also measured against.
 *
 *   node --import tsx scripts/make-real-scan-inputs.ts [--out eval/real-scans] [--all] [PDF...]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Tesseract from 'tesseract.js';
import { openPdf, pageImage } from '../src/ingest/pdf.ts';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createIngestor } from '../src/ingest/index.ts';
import { createOcrPool, vieLangPath, type OcrEngine } from '../src/ingest/ocr.ts';
import type { OcrPageRecord } from '../src/ingest/ocr-record.ts';
import { layoutPage } from '../src/ingest/ocr-layout.ts';
import { recognizeUpright } from '../src/ingest/orient.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: resolve(import.meta.dirname, '../eval/real-scans') },
    shared: { type: 'string', default: process.env.VNPLAN_SHARED ?? resolve(import.meta.dirname, '../../shared') },
    all: { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
  },
});
const out = values.out!;
mkdirSync(out, { recursive: true });
const dir = join(values.shared!, 'data/real-scans');
const pdfs = positionals.length ? positionals : readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().map((f) => join(dir, f));

const pool = createOcrPool({ workers: Number(values.workers) });
// tesseract.js alone, as ingest's workers are set up but fed the page image as it is
const plain = await Tesseract.createWorker('vie', Tesseract.OEM.LSTM_ONLY, { langPath: vieLangPath(), gzip: true, cacheMethod: 'none' }, { debug_file: '/dev/null' } as Partial<Tesseract.InitOptions>);
await plain.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.AUTO, preserve_interword_spaces: '0', user_defined_dpi: '300' });
for (const pdf of pdfs) {
  const name = basename(pdf, '.pdf');
  const wanted = (n: number) => values.all || existsSync(join(out, `${name}-p${n}.txt`));
  const records: OcrPageRecord[] = [];
  const engine: OcrEngine = {
    size: 1,
    close: async () => undefined,
    async recognize(image) {
      const page = await pool.recognize(image);
      if (page.record) records.push(page.record);
      return page;
    },
  };
  const ingestor = createIngestor({ ocr: engine });
  const doc = await ingestor.ingest(pdf);
  await ingestor.close();
  const { parser } = await openPdf(readFileSync(pdf), pdf);
  // pages finish in any order: each page's record is the one whose layout gives the page's lines
  for (const page of doc.pages.filter((p) => p.ocrConfidence !== null)) {
    const n = page.pageNumber;
    const linesOf = (r: OcrPageRecord) => { const l = layoutPage(r).lines; return l.length ? l : ['']; };
    if (!wanted(n)) continue;
    const image = await pageImage(parser, n);
    // a page whose skipped lines ingest read again band by band (missed-lines.ts) has a record no single
    // reading gave: the page is read again as the PDF backend reads it, and that record kept
    const rec = records.find((r) => JSON.stringify(linesOf(r)) === JSON.stringify(page.lines)) ??
      [(await recognizeUpright(pool, image)).record].find((r) => r !== undefined && JSON.stringify(linesOf(r)) === JSON.stringify(page.lines));
    if (!rec) { console.error(`${name}: no OCR record gives page ${n}'s lines; skipped`); continue; }
    const { data } = await plain.recognize(image);
    writeFileSync(join(out, `${name}-p${n}.ocr.json.gz`), gzipSync(JSON.stringify({ source: `${basename(pdf)} page ${n}`, tesseract: data.text, pages: [rec] }), { level: 9 }));
  }
  await parser.destroy();
  console.log(`${name}: ${doc.pages.length} page(s)`);
}
await pool.close();
await plain.terminate();
