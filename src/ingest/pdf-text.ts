import type * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readingOrder } from './ocr.ts';

/** What the layout needs of a pdf.js text item, already in top-left page coordinates. */
export interface PlacedItem {
  str: string;
  /** Left and right edge, baseline, and glyph height, in page units (y grows downwards). */
  x0: number;
  x1: number;
  base: number;
  h: number;
}

/**
 * Lines of a page from its positioned text items. Items on one baseline with word-sized gaps
 * form a fragment; fragments are then put in reading order like OCR lines (readingOrder), so a
 * two-column letterhead that Word wrote cell by cell comes out row by row, columns
 * tab-separated — the same shape the OCR and Word readers give.
 */
export function itemsToLines(items: PlacedItem[]): string[] {
  const parts = items.filter((i) => i.str !== '').sort((a, b) => a.base - b.base || a.x0 - b.x0);
  type Fragment = { text: string; x0: number; x1: number; base: number; h: number };
  const fragments: Fragment[] = [];
  for (const p of parts) {
    const h = Math.max(p.h, 1);
    // Continue the fragment on this baseline that ends just left of this item.
    const f = fragments.find((g) => Math.abs(g.base - p.base) <= 0.3 * Math.min(g.h, h) && p.x0 >= g.x1 - 0.5 * h && p.x0 - g.x1 <= 3 * Math.max(g.h, h));
    if (!f) {
      fragments.push({ text: p.str, x0: p.x0, x1: p.x1, base: p.base, h });
      continue;
    }
    const gap = p.x0 - f.x1;
    const needsSpace = gap > 0.15 * h && !/\s$/u.test(f.text) && !/^\s/u.test(p.str);
    f.text += (needsSpace ? ' ' : '') + p.str;
    f.x1 = Math.max(f.x1, p.x1);
    f.h = Math.max(f.h, h);
  }
  return readingOrder(
    fragments
      .map((f) => ({ text: f.text.replace(/\s+$/u, ''), x0: f.x0, x1: f.x1, y0: f.base - f.h, y1: f.base + 0.2 * f.h }))
      .filter((f) => f.text.trim() !== ''),
  );
}

type TextItemLike = { str?: string; transform?: number[]; width?: number; height?: number };

/** Positioned items of one page, mapped through its viewport (so rotated pages read upright). */
async function pageItems(page: pdfjs.PDFPageProxy): Promise<PlacedItem[]> {
  const viewport = page.getViewport({ scale: 1 });
  // pdf.js's own normalisation is NFKC, which would turn legacy-font code points (µ ¸ ®) into
  // other letters before the mojibake repair reads them.
  const content = await page.getTextContent({ disableNormalization: true });
  const out: PlacedItem[] = [];
  for (const raw of content.items as TextItemLike[]) {
    if (typeof raw.str !== 'string' || !raw.transform) continue;
    const [a, b, c, d, e, f] = raw.transform;
    const h = Math.abs(raw.height ?? 0) || Math.hypot(c, d) || Math.hypot(a, b);
    // Both ends of the baseline through the viewport: on a rotated page the text runs along x there.
    const norm = Math.hypot(a, b) || 1;
    const w = raw.width ?? 0;
    const [xs, base] = viewport.convertToViewportPoint(e, f);
    const [xe] = viewport.convertToViewportPoint(e + (a / norm) * w, f + (b / norm) * w);
    out.push({ str: raw.str, x0: Math.min(xs, xe), x1: Math.max(xs, xe), base, h });
  }
  return out;
}

/** Text lines of every page of a PDF (1-based page number → lines). */
export async function pdfTextLines(bytes: Buffer): Promise<Map<number, string[]>> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const out = new Map<number, string[]>();
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      out.set(n, itemsToLines(await pageItems(page)));
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
