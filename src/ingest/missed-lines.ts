/**
 * Lines tesseract's page segmentation skipped. On a poor scan (low resolution, grain) tesseract's
 * layout analysis sometimes leaves a band of printed lines out of every block, whole paragraphs or a
 * page's last lines, or the end of a line it began, while it reads the same text well when given the
 * band alone. After a page is read, the rows of the page that hold ink outside every word tesseract
 * read are cut out in bands (lines close together in one band, so tesseract has their context), the
 * words already read whited out, each band is read alone, and its words go into the page's record
 * where they stand; the page is then laid out again.
 */
import type { OcrEngine, OcrPage } from './ocr.ts';
import { recordWords, type OcrBlockRecord, type OcrPageRecord } from './ocr-record.ts';
import { layoutPage, median } from './ocr-layout.ts';
import { greyPage, paperGrey } from './colour.ts';
import { loadCanvas } from './orient.ts';

/** The ink profile is taken on the page scaled to at most this width (a 300 dpi A4 page: 2480 px). */
const PROFILE_WIDTH = 900;
/** At most this many bands are read again per page (a page of drawings or a photo stays cheap). */
const MAX_BANDS = 6;

/** Word boxes scaled to the profile, a pixel of margin around each. */
function scaledBoxes(rec: OcrPageRecord, scale: number, width: number, height: number): [number, number, number, number][] {
  return recordWords(rec).map((w) => [Math.max(0, Math.floor(w.box[0] * scale) - 1), Math.max(0, Math.floor(w.box[1] * scale) - 1), Math.min(width, Math.ceil(w.box[2] * scale) + 1), Math.min(height, Math.ceil(w.box[3] * scale) + 1)]);
}

/**
 * Row bands [y0, y1) of the page (in its pixels) with ink that no word read covers: per row of the
 * scaled page, the runs of pixels darker than 0.6 × the paper's grey (its median; colour ink, a seal
 * or a signature, is not ink here, as the OCR whitens it) outside every word's box. A row with four
 * such runs or more holds unread text (a rule or the border of a table makes one run per row, specks
 * a few rows); runs of such rows closer than a line height apart make one band, and bands under half
 * a line height are dropped. A row beside words read counts too: tesseract may read the start of a
 * line and drop the rest.
 */
export function missedBands(grey: Uint8Array, width: number, height: number, scale: number, rec: OcrPageRecord): [number, number][] {
  const dark = 0.6 * paperGrey(grey);
  const words = recordWords(rec).filter((w) => /[\p{L}\p{N}]/u.test(w.text));
  // a line's height in page pixels: the words' median, or a 13 pt line at the page's resolution
  const lineH = median(words.map((w) => w.box[3] - w.box[1])) || rec.height / 60 || height / scale / 60;
  const covered = new Uint8Array(width * height);
  for (const [x0, y0, x1, y1] of scaledBoxes(rec, scale, width, height)) for (let y = y0; y < y1; y++) covered.fill(1, y * width + x0, y * width + x1);
  const runs: [number, number][] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    let inked = false;
    if (y < height) {
      let n = 0, inRun = false;
      for (let x = 0, o = y * width; x < width; x++, o++) {
        const ink = grey[o] < dark && !covered[o];
        if (ink && !inRun) n++;
        inRun = ink;
      }
      inked = n >= 4;
    }
    if (inked && start < 0) start = y;
    if (!inked && start >= 0) { runs.push([start, y]); start = -1; }
  }
  const bands: [number, number][] = [];
  for (const [a, b] of runs.map(([a, b]) => [a / scale, b / scale] as [number, number])) {
    const last = bands[bands.length - 1];
    if (last && a - last[1] < lineH) last[1] = b;
    else bands.push([a, b]);
  }
  return bands.filter(([a, b]) => b - a >= 0.5 * lineH).map(([a, b]) => [Math.floor(a), Math.ceil(b)]);
}

/** The record's blocks moved down by dy pixels. */
function shifted(blocks: OcrBlockRecord[], dy: number): OcrBlockRecord[] {
  const move = (b: [number, number, number, number]): [number, number, number, number] => [b[0], b[1] + dy, b[2], b[3] + dy];
  return blocks.map((b) => ({
    box: move(b.box),
    paragraphs: b.paragraphs.map((p) => ({ box: move(p.box), lines: p.lines.map((l) => ({ box: move(l.box), words: l.words.map((w) => ({ ...w, box: move(w.box) })) })) })),
  }));
}

/**
 * The page with the lines tesseract skipped read again (see the top of this file). `image` is the
 * image `page` was read from. A page with nothing missed comes back as it was.
 */
export async function readMissedLines(ocr: OcrEngine, image: Buffer, page: OcrPage): Promise<OcrPage> {
  const rec = page.record;
  if (!rec) return page;
  const { grey, width: w, height: h, scale } = await greyPage(image, PROFILE_WIDTH);
  // the record's boxes are in the pixels tesseract read: the image's own
  const recScale = rec.width ? w / rec.width : scale;
  const bands = missedBands(grey, w, h, recScale, rec).slice(0, MAX_BANDS);
  if (bands.length === 0) return page;
  const { createCanvas, loadImage } = await loadCanvas();
  const img = await loadImage(image);
  const added: OcrBlockRecord[] = [];
  for (const [a, b] of bands) {
    const pad = Math.round(0.3 * (b - a)) + 4;
    const y0 = Math.max(0, a - pad), y1 = Math.min(img.height, b + pad);
    const crop = createCanvas(img.width, y1 - y0);
    const cg = crop.getContext('2d');
    cg.drawImage(img, 0, y0, img.width, y1 - y0, 0, 0, img.width, y1 - y0);
    // the words already read are whited out: only what was missed is read again
    cg.fillStyle = '#ffffff';
    for (const wd of recordWords(rec)) if (wd.box[3] > y0 && wd.box[1] < y1) cg.fillRect(wd.box[0] - 1, wd.box[1] - y0 - 1, wd.box[2] - wd.box[0] + 2, wd.box[3] - wd.box[1] + 2);
    const read = await ocr.recognize(crop.toBuffer('image/png')).catch(() => null);
    if (!read?.record) continue;
    // only the lines inside the band: the padding may catch the edge of a line already read
    const blocks = shifted(read.record.blocks, y0)
      .map((bl) => ({ ...bl, paragraphs: bl.paragraphs.map((p) => ({ ...p, lines: p.lines.filter((l) => (l.box[1] + l.box[3]) / 2 >= a && (l.box[1] + l.box[3]) / 2 <= b) })).filter((p) => p.lines.length > 0) }))
      .filter((bl) => bl.paragraphs.length > 0);
    added.push(...blocks);
  }
  if (added.length === 0) return page;
  const record: OcrPageRecord = { ...rec, blocks: [...rec.blocks, ...added] };
  const { lines, tokens, printedLines } = layoutPage(record);
  return { ...page, lines, tokens, printedLines, record };
}
