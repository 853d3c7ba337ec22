import type { OcrEngine, OcrPage } from './ocr.ts';
import { recordWords, type OcrPageRecord } from './ocr-record.ts';
import { medianGrey, paperGrey } from './colour.ts';
import { readMissedLines } from './missed-lines.ts';

/**
 * The canvas library costs ~50 MB of memory once loaded: load it only when an image is decoded,
 * not for every run of text documents (Node's module cache makes later calls free).
 */
export const loadCanvas = () => import('@napi-rs/canvas');

/** Below this mean confidence a page may be sideways or upside down: the other turns are tried. */
export const LOW_CONFIDENCE = 0.5;

/** The image turned clockwise by `degrees` (90, 180 or 270), as PNG. */
export async function rotateImage(image: Buffer, degrees: 90 | 180 | 270): Promise<Buffer> {
  const { createCanvas, loadImage } = await loadCanvas();
  const img = await loadImage(image);
  const swap = degrees !== 180;
  const canvas = createCanvas(swap ? img.height : img.width, swap ? img.width : img.height);
  const g = canvas.getContext('2d');
  g.translate(canvas.width / 2, canvas.height / 2);
  g.rotate((degrees * Math.PI) / 180);
  g.drawImage(img, -img.width / 2, -img.height / 2);
  return canvas.toBuffer('image/png');
}

/** Above this skew (degrees) a page is straightened and read again: tesseract's layout analysis then
 * loses whole paragraphs (a real scan at 2.1° gave 178 of 578 words; straightened, all of them). */
export const MAX_SKEW_DEGREES = 1.5;

/**
 * The page's skew in degrees (positive: lines fall to the right), from the words of its longer
 * lines: the median slope of the line through their baselines. 0 when too few lines say.
 */
export function skewOf(rec: OcrPageRecord): number {
  const slopes: number[] = [];
  for (const b of rec.blocks) for (const p of b.paragraphs) for (const l of p.lines) {
    const ws = l.words.filter((w) => /\p{L}{2}/u.test(w.text));
    if (ws.length < 5) continue;
    const xs = ws.map((w) => (w.box[0] + w.box[2]) / 2), ys = ws.map((w) => w.box[3]);
    const mx = xs.reduce((a, c) => a + c, 0) / xs.length, my = ys.reduce((a, c) => a + c, 0) / ys.length;
    let num = 0, den = 0;
    xs.forEach((x, i) => { num += (x - mx) * (ys[i] - my); den += (x - mx) ** 2; });
    if (den > 0) slopes.push(num / den);
  }
  if (slopes.length < 3) return 0;
  slopes.sort((a, c) => a - c);
  return (Math.atan(slopes[Math.floor(slopes.length / 2)]) * 180) / Math.PI;
}

/** The image turned by a small angle (degrees, clockwise) about its centre on white, as PNG. */
export async function straighten(image: Buffer, degrees: number): Promise<Buffer> {
  const { createCanvas, loadImage } = await loadCanvas();
  const img = await loadImage(image);
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, img.width, img.height);
  g.translate(img.width / 2, img.height / 2);
  g.rotate((degrees * Math.PI) / 180);
  g.drawImage(img, -img.width / 2, -img.height / 2);
  return canvas.toBuffer('image/png');
}

/** Below this many letters and digits (weighed by confidence) a page counts as read without text. */
const LITTLE_TEXT = 40;

/**
 * Share of a grey PGM's pixels that are ink: darker than 0.6 × the page's paper (its median grey).
 * Relative to the paper, not a fixed grey: at 100 dpi a column of short lines in grey toner has
 * strokes a pixel or two wide, blurred to mid-grey (0.03 % of pixels under 100 on such a page, whose
 * 25 lines tesseract reads once the grain is filtered). After the median filter a blank scan, grain
 * and specks included, has none at all.
 */
function inkShare(pgm: Buffer): number {
  // the header is three lines: "P5", "W H", "255"
  let p = 0;
  for (let nl = 0; nl < 3 && p < pgm.length; p++) if (pgm[p] === 0x0a) nl++;
  const grey = pgm.subarray(p);
  if (grey.length === 0) return 0;
  const dark = 0.6 * paperGrey(grey);
  let n = 0;
  for (let i = 0; i < grey.length; i++) if (grey[i] < dark) n++;
  return n / grey.length;
}
const MIN_INK = 2e-4;

/** Letters and digits read, weighed by confidence: which of two readings of a page read more. */
const readAmount = (p: OcrPage) => (p.record ? recordWords(p.record).reduce((n, w) => n + (w.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) * w.conf, 0) : 0);

/**
 * OCR that copes with pages scanned sideways or upside down: when the first reading is poor,
 * the three other turns are read too (in parallel across the pool) and the most confident wins.
 * The Vietnamese model ships no orientation detector (tesseract's OSD), hence this search.
 */
export async function recognizeUpright(ocr: OcrEngine, image: Buffer): Promise<OcrPage & { rotation: number }> {
  let first = await ocr.recognize(image);
  // a page where tesseract found (almost) nothing may be a noisy scan it could not segment: read it
  // again through a median filter, and keep the reading that read more (a blank page stays blank)
  if (first.record && readAmount(first) < LITTLE_TEXT) {
    const denoised = await medianGrey(image).catch(() => null);
    // (a blank page has no ink to read: it is not read again)
    const again = denoised && inkShare(denoised) >= MIN_INK ? await ocr.recognize(denoised).catch(() => null) : null;
    if (again && readAmount(again) > readAmount(first)) first = again;
  }
  // A blank page (no words at all) is not turned: nothing would read better.
  if (first.confidence >= LOW_CONFIDENCE || first.lines.length === 0) {
    // a page scanned askew: straightened and read again, the reading that read more is kept
    const skew = first.record ? skewOf(first.record) : 0;
    // then the lines tesseract's page segmentation skipped are read band by band (missed-lines.ts)
    if (Math.abs(skew) < MAX_SKEW_DEGREES) return { ...(await readMissedLines(ocr, image, first)), rotation: 0 };
    const straight = await straighten(image, -skew);
    const again = await ocr.recognize(straight);
    const [page, read] = readAmount(again) > readAmount(first) ? [again, straight] : [first, image];
    return { ...(await readMissedLines(ocr, read, page)), rotation: 0 };
  }
  const turns = [90, 180, 270] as const;
  const others = await Promise.all(turns.map(async (d) => ({ ...(await ocr.recognize(await rotateImage(image, d))), rotation: d })));
  let best: OcrPage & { rotation: number } = { ...first, rotation: 0 };
  for (const o of others) if (o.confidence > best.confidence + 0.05) best = o;
  return best;
}
