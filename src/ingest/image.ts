import { imageSize } from 'image-size';
import type { IngestBackend } from './backend.ts';
import { IngestFailure, requireOcr } from './backend.ts';

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
  if (!width || !height) throw new IngestFailure(path, 'the image declares no width or height');
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new IngestFailure(path, `the image is too large to OCR (${width} × ${height} pixels; limit ${MAX_IMAGE_SIDE} per side, ${MAX_IMAGE_PIXELS / 1e6} megapixels)`);
  }
  return { width, height, kind: size.type ?? 'image' };
}

/** Phone photos and scans: PNG, JPEG, TIFF (first page), BMP, WebP, OCR'd in Vietnamese. */
export const imageBackend: IngestBackend = {
  name: 'image',
  sniff: (bytes) => sniffImage(bytes) !== null,
  async read(bytes, path, ctx) {
    checkImageHeader(bytes, path);
    const ocr = requireOcr(ctx, path);
    let page;
    try {
      page = await ocr.recognize(bytes);
    } catch (e) {
      throw new IngestFailure(path, `the image could not be decoded or OCR'd (${e instanceof Error ? e.message : String(e)})`);
    }
    ctx.onPage?.(1, 1);
    const warnings = page.lines.length === 0 ? ['OCR found no text in the image'] : [];
    return {
      sourceKind: 'image-ocr',
      encoding: null,
      pages: [{ pageNumber: 1, lines: page.lines.length > 0 ? page.lines : [''], ocrConfidence: page.confidence }],
      warnings,
    };
  },
};
