import { imageSize } from 'image-size';
import UTIF from 'utif2';
import type { IngestedPage } from '../../schemas/index.ts';
import type { IngestBackend, IngestContext } from './backend.ts';
import { IngestFailure, requireOcr } from './backend.ts';
import { loadCanvas, recognizeUpright } from './orient.ts';
import { ocrPageFields } from './ocr.ts';

/** Refuse images above these before decoding: a 20k×20k bitmap needs 1.6 GB to decode. */
export const MAX_IMAGE_SIDE = 16_384;
export const MAX_IMAGE_PIXELS = 80_000_000;

export type ImageKind = 'png' | 'jpeg' | 'tiff' | 'bmp' | 'webp';

/** The image format from magic bytes, or null. */
export function sniffImage(bytes: Buffer): ImageKind | null {
  if (bytes.length < 12) return null;
  if (bytes[0] === 0x89 && bytes.toString('latin1', 1, 4) === 'PNG') return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head4 = bytes.toString('latin1', 0, 4);
  if (head4 === 'II*\0' || head4 === 'MM\0*') return 'tiff';
  if (head4 === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (bytes[0] === 0x42 && bytes[1] === 0x4d && bytes.readUInt32LE(2) === bytes.length) return 'bmp';
  return null;
}

/** Throws an IngestFailure unless the header declares sane dimensions. */
export function checkImageHeader(bytes: Buffer, path: string): { width: number; height: number; kind: string } {
  let size;
  try {
    size = imageSize(bytes);
  } catch (e) {
    throw new IngestFailure(path, `unreadable image header (${(e as Error).message})`);
  }
  const { width, height } = size;
  checkDimensions(width, height, path, 'the image');
  return { width, height, kind: size.type ?? 'image' };
}

/** EXIF Orientation (1..8) of a JPEG, 1 when absent. Phones store sideways photos this way. */
export function jpegOrientation(bytes: Buffer): number {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return 1;
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1];
    const len = bytes.readUInt16BE(i + 2);
    if (marker === 0xda || marker === 0xd9) break; // image data starts: no more metadata
    if (marker === 0xe1 && bytes.toString('latin1', i + 4, i + 10) === 'Exif\0\0') {
      const t = i + 10;
      if (t + 8 > bytes.length) return 1;
      const le = bytes.toString('latin1', t, t + 2) === 'II';
      const u16 = (o: number) => (le ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
      const u32 = (o: number) => (le ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
      const ifd = t + u32(t + 4);
      if (ifd + 2 > bytes.length) return 1;
      const n = u16(ifd);
      for (let k = 0; k < n; k++) {
        const e = ifd + 2 + k * 12;
        if (e + 12 > bytes.length) return 1;
        if (u16(e) === 0x0112) {
          const v = u16(e + 8);
          return v >= 1 && v <= 8 ? v : 1;
        }
      }
      return 1;
    }
    i += 2 + len;
  }
  return 1;
}

/** Above this many pixels an image is scaled down before OCR: a 48 MP phone photo of an A4 page is ~600 dpi. */
export const OCR_MAX_PIXELS = 30_000_000;

/**
 * The image as upright pixels of at most `maxPixels` (@napi-rs/canvas applies EXIF orientation
 * when it decodes), as PNG.
 */
export async function uprightPng(bytes: Buffer, maxPixels = OCR_MAX_PIXELS): Promise<Buffer> {
  const { createCanvas, loadImage } = await loadCanvas();
  const img = await loadImage(bytes);
  const f = Math.min(1, Math.sqrt(maxPixels / (img.width * img.height)));
  const w = Math.max(1, Math.floor(img.width * f));
  const h = Math.max(1, Math.floor(img.height * f));
  const canvas = createCanvas(w, h);
  canvas.getContext('2d').drawImage(img, 0, 0, w, h);
  return canvas.toBuffer('image/png');
}

/** Refuses a page whose declared size is beyond the limits (checked before decoding). */
function checkDimensions(width: number, height: number, path: string, what: string): void {
  if (!width || !height) throw new IngestFailure(path, `${what} declares no width or height`);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new IngestFailure(path, `${what} is too large to OCR (${width} × ${height} pixels; limit ${MAX_IMAGE_SIDE} per side, ${MAX_IMAGE_PIXELS / 1e6} megapixels)`);
  }
}

/** Page directories of a TIFF (cheap: no pixels decoded), or null when they cannot be parsed. */
function tiffPages(bytes: Buffer): UTIF.IFD[] | null {
  try {
    const ifds = UTIF.decode(bytes);
    return ifds.length > 0 ? ifds : null;
  } catch {
    return null;
  }
}

/** One TIFF page as PNG: tesseract's reader only sees the first page of a multi-page TIFF. */
async function tiffPagePng(bytes: Buffer, ifd: UTIF.IFD): Promise<Buffer> {
  const { createCanvas } = await loadCanvas();
  UTIF.decodeImage(bytes, ifd);
  const width = ifd.width;
  const height = ifd.height;
  const rgba = UTIF.toRGBA8(ifd);
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const data = g.createImageData(width, height);
  data.data.set(rgba);
  g.putImageData(data, 0, 0);
  return canvas.toBuffer('image/png');
}

/** Scanners write multi-page TIFFs: each page is checked, decoded and OCR'd in turn. */
async function readMultiPageTiff(bytes: Buffer, ifds: UTIF.IFD[], path: string, ctx: IngestContext): Promise<{ pages: IngestedPage[]; warnings: string[] }> {
  const dims = (ifd: UTIF.IFD, tag: string) => Number((ifd[tag] as number[] | undefined)?.[0] ?? 0);
  ifds.forEach((ifd, i) => checkDimensions(dims(ifd, 't256'), dims(ifd, 't257'), path, `TIFF page ${i + 1}`));
  const ocr = requireOcr(ctx, path);
  const warnings: string[] = [];
  let done = 0;
  const jobs: Promise<IngestedPage>[] = [];
  const inFlight = new Set<Promise<unknown>>();
  for (const [i, ifd] of ifds.entries()) {
    // At most two decoded pages per worker wait for OCR: a long fax TIFF must not sit in memory.
    while (inFlight.size >= ocr.size * 2) await Promise.race(inFlight);
    let png: Buffer;
    try {
      png = await tiffPagePng(bytes, ifd);
    } catch (e) {
      // Let the pages already queued settle: a rejection nobody awaits would end the process.
      await Promise.allSettled(jobs);
      throw new IngestFailure(path, `TIFF page ${i + 1} could not be decoded (${(e as Error).message})`);
    }
    const job = recognizeUpright(ocr, png).then((r) => {
      ctx.onPage?.(++done, ifds.length);
      if (r.rotation !== 0) warnings.push(`page ${i + 1} was turned ${r.rotation}° for OCR`);
      return { pageNumber: i + 1, ...ocrPageFields(r) };
    });
    // The tracker never rejects (the job's own rejection is awaited below, with the others).
    const tracker: Promise<unknown> = job.then(
      () => inFlight.delete(tracker),
      () => inFlight.delete(tracker),
    );
    inFlight.add(tracker);
    jobs.push(job);
  }
  return { pages: await Promise.all(jobs), warnings };
}

/** Phone photos and scans: PNG, JPEG, TIFF (every page), BMP, WebP, OCR'd in Vietnamese. */
export const imageBackend: IngestBackend = {
  name: 'image',
  sniff: (bytes) => sniffImage(bytes) !== null,
  async read(bytes, path, ctx) {
    const ifds = sniffImage(bytes) === 'tiff' ? tiffPages(bytes) : null;
    if (ifds && ifds.length > 1) {
      const { pages, warnings } = await readMultiPageTiff(bytes, ifds, path, ctx);
      return { sourceKind: 'image-ocr', encoding: null, pages, warnings };
    }
    const { width, height } = checkImageHeader(bytes, path);
    const ocr = requireOcr(ctx, path);
    const warnings: string[] = [];
    let page;
    try {
      const orientation = sniffImage(bytes) === 'jpeg' ? jpegOrientation(bytes) : 1;
      let pixels = bytes;
      if (orientation !== 1) warnings.push(`EXIF orientation ${orientation} applied before OCR`);
      if (width * height > OCR_MAX_PIXELS) warnings.push(`${width} × ${height} image scaled down for OCR`);
      if (orientation !== 1 || width * height > OCR_MAX_PIXELS) pixels = await uprightPng(bytes);
      page = await recognizeUpright(ocr, pixels);
      if (page.rotation !== 0) warnings.push(`the image was turned ${page.rotation}° for OCR (it read better that way)`);
    } catch (e) {
      throw new IngestFailure(path, `the image could not be decoded or OCR'd (${(e instanceof Error ? e.message : String(e)).replace(/^(Error: )+/, '')})`);
    }
    ctx.onPage?.(1, 1);
    if (page.lines.length === 0) warnings.push('OCR found no text in the image');
    return {
      sourceKind: 'image-ocr',
      encoding: null,
      pages: [{ pageNumber: 1, ...ocrPageFields(page) }],
      warnings,
    };
  },
};
