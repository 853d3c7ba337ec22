import type { IngestBackend } from './backend.ts';
import { IngestFailure } from './backend.ts';
import { decodeText, sniffUtf16 } from './encoding.ts';

/** Lines of a text document: CRLF/CR → LF, NFC, form feeds start new pages. */
export function textToPages(text: string): { pageNumber: number; lines: string[]; ocrConfidence: null }[] {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
  const body = normalised.endsWith('\n') ? normalised.slice(0, -1) : normalised;
  return body.split('\f').map((page, i) => ({
    pageNumber: i + 1,
    lines: page.split('\n'),
    ocrConfidence: null,
  }));
}

/**
 * TCVN3 (VN1) puts toned capitals (Ú Ụ Ừ Ử Ữ Ứ Ự Ỳ Ỷ Ỹ Ý Ỵ) on control codes; text typed in
 * capitals in that encoding is full of them.
 */
const TCVN3_CAPITAL_CODES = new Set([0x01, 0x02, 0x04, 0x05, 0x06, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17]);

/**
 * Share of bytes that are control characters other than whitespace: binary files score high.
 * The TCVN3 capital codes count only in files without the high bytes every TCVN3 text has.
 */
export function controlByteShare(bytes: Buffer): number {
  const n = Math.min(bytes.length, 65536);
  let high = 0;
  for (let i = 0; i < n; i++) if (bytes[i] >= 0x80) high++;
  const legacyLike = high / Math.max(1, n) > 0.02;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && !(legacyLike && TCVN3_CAPITAL_CODES.has(b)))) bad++;
  }
  return n === 0 ? 0 : bad / n;
}

/** Strict UTF-8 decoding. */
export function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IngestFailure(path, 'not valid UTF-8 text and no other supported encoding was recognised');
  }
}

/**
 * Plain text in any encoding a commune office produces: UTF-8 (BOM or not), UTF-16 (LE/BE,
 * BOM or not), NFD, TCVN3, VNI, Windows-1258, VISCII, and legacy mojibake inside Unicode.
 */
export const textBackend: IngestBackend = {
  name: 'text',
  sniff: (bytes) => sniffUtf16(bytes) !== null || controlByteShare(bytes) < 0.01,
  async read(bytes, path) {
    const decoded = decodeText(bytes);
    if (decoded === null) throw new IngestFailure(path, 'not text in UTF-8, UTF-16 or a Vietnamese legacy encoding (TCVN3, VNI, Windows-1258, VISCII)');
    if (decoded.text.trim() === '') throw new IngestFailure(path, 'the file is empty (no text)');
    return { sourceKind: 'text', encoding: decoded.encoding, pages: textToPages(decoded.text), warnings: decoded.warnings };
  },
};
