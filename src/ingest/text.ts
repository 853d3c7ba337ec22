import type { IngestBackend } from './backend.ts';
import { IngestFailure } from './backend.ts';

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

/** Share of bytes that are control characters other than whitespace: binary files score high. */
export function controlByteShare(bytes: Buffer): number {
  const n = Math.min(bytes.length, 65536);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12)) bad++;
  }
  return n === 0 ? 0 : bad / n;
}

/** Strict UTF-8 decoding; the legacy-encoding backends take what this refuses. */
export function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new IngestFailure(path, 'not valid UTF-8 text and no other supported encoding was recognised');
  }
}

export const textBackend: IngestBackend = {
  name: 'text',
  sniff: (bytes) => controlByteShare(bytes) < 0.01,
  async read(bytes, path) {
    const text = decodeUtf8(bytes, path);
    if (text.trim() === '') throw new IngestFailure(path, 'the file is empty (no text)');
    return { sourceKind: 'text', encoding: bytes[0] === 0xef && bytes[1] === 0xbb ? 'utf-8-bom' : 'utf-8', pages: textToPages(text), warnings: [] };
  },
};
