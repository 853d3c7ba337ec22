import type { OcrEngine, OcrPage } from './ocr.ts';

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

/**
 * OCR that copes with pages scanned sideways or upside down: when the first reading is poor,
 * the three other turns are read too (in parallel across the pool) and the most confident wins.
 * The Vietnamese model ships no orientation detector (tesseract's OSD), hence this search.
 */
export async function recognizeUpright(ocr: OcrEngine, image: Buffer): Promise<OcrPage & { rotation: number }> {
  const first = await ocr.recognize(image);
  // A blank page (no words at all) is not turned: nothing would read better.
  if (first.confidence >= LOW_CONFIDENCE || first.lines.length === 0) return { ...first, rotation: 0 };
  const turns = [90, 180, 270] as const;
  const others = await Promise.all(turns.map(async (d) => ({ ...(await ocr.recognize(await rotateImage(image, d))), rotation: d })));
  let best: OcrPage & { rotation: number } = { ...first, rotation: 0 };
  for (const o of others) if (o.confidence > best.confidence + 0.05) best = o;
  return best;
}
