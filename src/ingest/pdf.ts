import type { PDFParse } from 'pdf-parse';
import type { IngestedPage } from '../../schemas/index.ts';
import type { IngestBackend, IngestContext } from './backend.ts';
import { IngestFailure, requireOcr } from './backend.ts';
import { repairMojibake } from './encoding.ts';
import { pdfTextLines } from './pdf-text.ts';
import { recognizeUpright } from './orient.ts';
import { ocrPageFields } from './ocr.ts';
import { syllableShare } from './vietnamese.ts';

/** Pages are rendered at most at this resolution for OCR (tesseract is tuned for ~300 dpi). */
export const OCR_DPI = 300;
/** Longest rendered side in pixels, whatever the page's declared size. */
const MAX_RENDER_SIDE = 5000;
export const MAX_PDF_PAGES = 2000;

export function sniffPdf(bytes: Buffer): boolean {
  // The header may follow a little junk (some scanners prepend bytes); readers accept 1 KB.
  // A text file that merely mentions "%PDF-" has lines before it, so it is not taken for one.
  const at = bytes.subarray(0, 1024).indexOf('%PDF-');
  return at === 0 || (at > 0 && !bytes.subarray(0, at).includes(0x0a));
}

/** Lines of one page's text layer: trailing blanks trimmed, NFC. */
export function pageTextLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    // Typographic ligatures (ﬁ, ﬂ) are the only compatibility characters worth unfolding.
    .replace(/[\ufb00-\ufb06]/gu, (m) => m.normalize('NFKC'))
    // Fonts that draw tone marks as separate glyphs can leave a gap before the mark (`Vie ̣t`).
    .replace(/[ \t]+(?=\p{M})/gu, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/u, '').normalize('NFC'));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines;
}

/**
 * A text layer worth keeping: some letters, mostly Vietnamese syllables. Scans have no text,
 * and PDFs made with broken font maps have a layer of symbols that only OCR can read.
 */
export function isUsableTextLayer(lines: string[]): boolean {
  const text = lines.join('\n');
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return letters >= 20 && syllableShare(text) >= 0.4;
}

/** A text layer this sparse may be only a stamp over a scan (e.g. a digital-signature box). */
export const SPARSE_PAGE_LETTERS = 400;

function letterCount(lines: string[]): number {
  return (lines.join('\n').match(/\p{L}/gu) ?? []).length;
}

/** Page size in points (pdf.js viewport at scale 1). */
async function pageSize(parser: PDFParse, pageNumber: number): Promise<{ w: number; h: number }> {
  const info = await parser.getInfo({ parsePageInfo: true, partial: [pageNumber] });
  const dims = info.pages.find((p) => p.pageNumber === pageNumber);
  return { w: Math.max(dims?.width ?? 595, 1), h: Math.max(dims?.height ?? 842, 1) };
}

/**
 * True when an embedded image has about the page's shape at scan resolution (≥ 100 dpi): a
 * scanned page. 10 % slack lets an A4 scan on a Letter page (scanner defaults) count.
 */
function isPageScan(img: { width: number; height: number }, page: { w: number; h: number }): boolean {
  const sameShape = Math.abs(img.width / img.height - page.w / page.h) < 0.1 * (page.w / page.h);
  return sameShape && img.width / (page.w / 72) >= 100;
}

async function hasPageScan(parser: PDFParse, pageNumber: number): Promise<boolean> {
  const page = await pageSize(parser, pageNumber);
  const found = await parser.getImage({ partial: [pageNumber], imageBuffer: false, imageDataUrl: false, imageThreshold: 0 });
  const images = found.pages.find((p) => p.pageNumber === pageNumber)?.images ?? [];
  return images.some((img) => isPageScan(img, page));
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function openPdf(bytes: Buffer, path: string): Promise<{ parser: PDFParse; total: number }> {
  // pdf-parse (with pdf.js and its canvas) costs ~200 MB once loaded: only runs that meet a PDF pay it.
  const { PDFParse, PasswordException, VerbosityLevel } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: VerbosityLevel.ERRORS });
  try {
    const info = await parser.getInfo();
    if (info.total === 0) throw new IngestFailure(path, 'the PDF has no pages');
    if (info.total > MAX_PDF_PAGES) throw new IngestFailure(path, `the PDF has too many pages (${info.total}, limit ${MAX_PDF_PAGES})`);
    return { parser, total: info.total };
  } catch (e) {
    await parser.destroy().catch(() => undefined);
    if (e instanceof IngestFailure) throw e;
    if (e instanceof PasswordException || (e as Error)?.name === 'PasswordException') {
      throw new IngestFailure(path, 'the PDF is password-protected');
    }
    throw new IngestFailure(path, `corrupt or truncated PDF (${describe(e)})`);
  }
}

/**
 * The image to OCR for a page without text. A scanned page is one full-page image (beside, at
 * most, the small logos of a digital-signature stamp): it is OCR'd at its own resolution, since resampling a 200 dpi scan to 300 dpi blurs noise into letter-like
 * specks (measured: 16 % CER between the two readings of one degraded scan). Anything else is
 * rendered, at the resolution of its largest image when that is lower than 300 dpi.
 */
export async function pageImage(parser: PDFParse, pageNumber: number): Promise<Buffer> {
  const { w: pageW, h: pageH } = await pageSize(parser, pageNumber);
  const found = await parser.getImage({ partial: [pageNumber], imageBuffer: true, imageDataUrl: false, imageThreshold: 0 });
  const images = found.pages.find((p) => p.pageNumber === pageNumber)?.images ?? [];
  const largest = images.reduce<(typeof images)[number] | null>((a, b) => (a === null || b.width * b.height > a.width * a.height ? b : a), null);
  let dpi = OCR_DPI;
  if (largest) {
    const imgDpi = Math.max(largest.width / (pageW / 72), largest.height / (pageH / 72));
    // the other images may be a digital-signature stamp's logos: small beside the page scan, and the
    // stamp is no part of the document's text
    const others = images.filter((img) => img !== largest).reduce((n, img) => n + img.width * img.height, 0);
    if (others < 0.05 * largest.width * largest.height && isPageScan(largest, { w: pageW, h: pageH }) && imgDpi <= 400 && largest.data?.length) {
      return Buffer.from(largest.data);
    }
    dpi = Math.max(150, Math.min(OCR_DPI, imgDpi));
  }
  const scale = Math.min(dpi / 72, MAX_RENDER_SIDE / Math.max(pageW, pageH));
  const shot = await parser.getScreenshot({ partial: [pageNumber], scale, imageBuffer: true, imageDataUrl: false });
  const data = shot.pages[0]?.data;
  if (!data) throw new Error(`page ${pageNumber} could not be rendered`);
  return Buffer.from(data);
}

/**
 * PDFs with a text layer are read page by page through pdf-parse; pages without usable text
 * are rendered (pdf.js + @napi-rs/canvas) and OCR'd, several at a time across the pool.
 */
export const pdfBackend: IngestBackend = {
  name: 'pdf',
  sniff: sniffPdf,
  async read(bytes, path, ctx: IngestContext) {
    const { parser, total } = await openPdf(bytes, path);
    try {
      let byNumber: Map<number, string[]>;
      try {
        byNumber = await pdfTextLines(bytes);
      } catch (e) {
        throw new IngestFailure(path, `corrupt PDF: text extraction failed (${describe(e)})`);
      }
      const pages: IngestedPage[] = [];
      const needOcr: number[] = [];
      const stampPages: number[] = [];
      let repairedKind: string | null = null;
      for (let n = 1; n <= total; n++) {
        const repaired = repairMojibake(pageTextLines((byNumber.get(n) ?? []).join('\n')));
        if (repaired.kind !== null) repairedKind = repaired.kind;
        if (!isUsableTextLayer(repaired.lines)) needOcr.push(n);
        else if (letterCount(repaired.lines) < SPARSE_PAGE_LETTERS && (await hasPageScan(parser, n))) {
          needOcr.push(n);
          stampPages.push(n);
        } else pages.push({ pageNumber: n, lines: repaired.lines, ocrConfidence: null });
      }
      let done = pages.length;
      if (done > 0) ctx.onPage?.(done, total);
      const warnings: string[] = [];
      if (needOcr.length > 0) {
        const ocr = requireOcr(ctx, path);
        // Render one page at a time (pdf.js runs here) while the pool OCRs the ones before.
        // At most two pages per worker wait as images: a 300-page scan must not sit in memory.
        const inFlight = new Set<Promise<void>>();
        let failure: IngestFailure | null = null;
        for (const n of needOcr) {
          while (inFlight.size >= ocr.size * 2) await Promise.race(inFlight);
          if (failure) break;
          let image: Buffer;
          try {
            image = await pageImage(parser, n);
          } catch (e) {
            failure = new IngestFailure(path, `page ${n} has no text layer and could not be rendered for OCR (${describe(e)})`);
            break;
          }
          // Every job settles without rejecting, so a failure cannot escape as an unhandled rejection.
          const job: Promise<void> = recognizeUpright(ocr, image)
            .then(
              (r) => {
                done++;
                ctx.onPage?.(done, total);
                if (r.rotation !== 0) warnings.push(`page ${n} was turned ${r.rotation}° for OCR`);
                pages.push({ pageNumber: n, ...ocrPageFields(r) });
              },
              (e: unknown) => {
                failure ??= new IngestFailure(path, `OCR of page ${n} failed (${describe(e)})`);
              },
            )
            .finally(() => inFlight.delete(job));
          inFlight.add(job);
        }
        await Promise.all(inFlight);
        if (failure) throw failure;
        pages.sort((a, b) => a.pageNumber - b.pageNumber);
        warnings.push(
          needOcr.length === total
            ? `no usable text layer; all ${total} page(s) OCR'd`
            : `page(s) ${needOcr.join(', ')} had no usable text layer and were OCR'd`,
        );
      }
      if (stampPages.length > 0) {
        warnings.push(`page(s) ${stampPages.join(', ')} are scans under a few lines of text (a signature stamp?); the scan was OCR'd and those lines dropped`);
      }
      if (repairedKind !== null) warnings.push(`legacy ${repairedKind.toUpperCase()} text in the text layer was converted`);
      return {
        sourceKind: needOcr.length > 0 ? 'pdf-ocr' : 'pdf-text',
        encoding: repairedKind,
        pages,
        warnings,
      };
    } finally {
      await parser.destroy().catch(() => undefined);
    }
  },
};
