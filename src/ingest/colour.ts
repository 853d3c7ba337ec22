/**
 * Colour ink off a scan before OCR. Official documents are printed in black; what is coloured on a
 * scan is a red seal, a blue signature or handwritten number, a coloured logo. tesseract reads those
 * as letters ("ĐỀ", "Z", "NI") and, where a seal overlaps the signer's title, loses the title. A
 * pixel whose colour channels differ widely is made white; black print over a seal stays dark (its
 * pixels are dark in every channel), so the text under a stamp is still read.
 */
import { loadCanvas } from './orient.ts';

/** A pixel whose brightest and darkest channels differ by more than this is coloured ink. */
const SATURATION = 70;
/** Below this share of coloured pixels the scan is left as it is (JPEG fringes, a coloured dot). */
const MIN_COLOURED_SHARE = 2e-4;

/** Whether an encoded image can hold colour at all: grey PNGs and one-channel JPEGs cannot. */
export function mayHaveColour(image: Buffer): boolean {
  if (image.length > 26 && image[0] === 0x89 && image.toString('latin1', 1, 4) === 'PNG') {
    const colourType = image[25];
    return colourType === 2 || colourType === 3 || colourType === 6;
  }
  if (image[0] === 0xff && image[1] === 0xd8) {
    // the first start-of-frame marker gives the number of components
    let i = 2;
    while (i + 9 < image.length && image[i] === 0xff) {
      const marker = image[i + 1];
      const len = image.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return image[i + 9] !== 1;
      i += 2 + len;
    }
  }
  return true;
}

export interface Decolourised {
  /** The page as a binary PGM (grey), or the input when it had no coloured ink. */
  image: Buffer;
  width: number;
  height: number;
  /** Share of the pixels that were coloured ink and were whitened. */
  coloured: number;
}

/**
 * The scan with its coloured ink whitened, as grey PGM (which tesseract reads directly), or null when
 * the image has no coloured ink worth removing (then it is OCR'd as it is).
 */
export async function whitenColourInk(image: Buffer): Promise<Decolourised | null> {
  if (!mayHaveColour(image)) return null;
  const { createCanvas, loadImage } = await loadCanvas();
  const img = await loadImage(image);
  const { width, height } = img;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, width, height).data;
  const n = width * height;
  let coloured = 0;
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + n);
  header.copy(out, 0);
  for (let p = 0, o = header.length; p < n; p++, o++) {
    const r = px[4 * p], gr = px[4 * p + 1], b = px[4 * p + 2];
    const max = r > gr ? (r > b ? r : b) : gr > b ? gr : b;
    const min = r < gr ? (r < b ? r : b) : gr < b ? gr : b;
    if (max - min > SATURATION) {
      coloured++;
      out[o] = 255;
    } else out[o] = (r * 77 + gr * 150 + b * 29) >> 8;
  }
  if (coloured < MIN_COLOURED_SHARE * n) return null;
  return { image: out, width, height, coloured: coloured / n };
}

/**
 * The page in grey with a 3 × 3 median filter, as PGM: heavy scanner noise (a low-resolution scan,
 * grain, JPEG) can make tesseract's page segmentation find no text at all, while the letters are
 * plain to see; the median keeps strokes and removes the grain. Used only when a first reading of
 * a page found (almost) nothing (orient.ts).
 */
export async function medianGrey(image: Buffer): Promise<Buffer> {
  const { grey, width: w, height: h } = await greyPage(image);
  const header = Buffer.from(`P5\n${w} ${h}\n255\n`, 'latin1');
  const out = Buffer.alloc(header.length + w * h, 255);
  header.copy(out, 0);
  const v = new Uint8Array(9);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) v[k++] = grey[(y + dy) * w + x + dx];
      v.sort();
      out[header.length + y * w + x] = v[4];
    }
  }
  return out;
}

/**
 * The page decoded in grey, scaled down to at most `maxWidth` pixels wide, colour ink (a seal, a
 * signature) whitened as in whitenColourInk: the printed page as the OCR sees it.
 */
export async function greyPage(image: Buffer, maxWidth = Infinity): Promise<{ grey: Uint8Array; width: number; height: number; scale: number }> {
  const { createCanvas, loadImage } = await loadCanvas();
  const img = await loadImage(image);
  const scale = Math.min(1, maxWidth / img.width);
  const w = Math.max(1, Math.round(img.width * scale)), h = Math.max(1, Math.round(img.height * scale));
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  g.drawImage(img, 0, 0, w, h);
  const px = g.getImageData(0, 0, w, h).data;
  const grey = new Uint8Array(w * h);
  for (let p = 0; p < w * h; p++) {
    const r = px[4 * p], gr = px[4 * p + 1], b = px[4 * p + 2];
    grey[p] = Math.max(r, gr, b) - Math.min(r, gr, b) > SATURATION ? 255 : (r * 77 + gr * 150 + b * 29) >> 8;
  }
  return { grey, width: w, height: h, scale };
}

/** The grey of a page's paper: the median of its pixels' greys. */
export function paperGrey(grey: Uint8Array): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < grey.length; i++) hist[grey[i]]++;
  for (let v = 0, seen = 0; v < 256; v++) if ((seen += hist[v]) >= grey.length / 2) return v;
  return 255;
}
