import CFB from 'cfb';
import WordExtractor from 'word-extractor';
import type { IngestBackend } from './backend.ts';
import { IngestFailure } from './backend.ts';
import { repairMojibake } from './encoding.ts';

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function sniffOle2(bytes: Buffer): boolean {
  return bytes.length >= 512 && bytes.subarray(0, 8).equals(OLE2_MAGIC);
}

/** word-extractor's body text, unfiltered: its quote "clean-up" would rewrite TCVN3 letters (‘ ’ “ ”). */
type RawBody = { getBody(options?: { filterUnicode?: boolean }): string };

/** Lines of a .doc body: cell marks arrive as tabs (a row ends in two), trailing blanks dropped. */
export function docBodyLines(body: string): string[] {
  const lines = body
    .replace(/\u0000/g, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\t ]+$/u, '').normalize('NFC'));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Word 97–2003 `.doc` files (OLE2) through word-extractor: the body text in order, table rows as
 * tab-separated cells. Old commune files typed in `.VnTime`/VNI fonts come out as Latin-1
 * mojibake, which the shared repair converts. A .doc has no stored page breaks: one page.
 */
export const docBackend: IngestBackend = {
  name: 'doc',
  sniff: sniffOle2,
  async read(bytes, path) {
    let streams: string[];
    try {
      streams = CFB.read(bytes, { type: 'buffer' }).FullPaths.map((p) => p.replace(/^.*\//, ''));
    } catch (e) {
      throw new IngestFailure(path, `corrupt OLE2 (.doc) container (${(e as Error).message})`);
    }
    if (!streams.includes('WordDocument')) {
      const kind = streams.includes('Workbook') || streams.includes('Book') ? 'an Excel .xls' : streams.includes('PowerPoint Document') ? 'a PowerPoint .ppt' : 'an OLE2';
      throw new IngestFailure(path, `${kind} file, not a Word document`);
    }
    let body: string;
    try {
      const doc = (await new WordExtractor().extract(bytes)) as unknown as RawBody;
      body = doc.getBody({ filterUnicode: false });
    } catch (e) {
      throw new IngestFailure(path, `corrupt, encrypted or unsupported Word 97–2003 .doc file (${(e as Error).message ?? String(e)})`);
    }
    const lines = docBodyLines(body);
    if (lines.every((l) => l.trim() === '')) throw new IngestFailure(path, 'the Word document has no text');
    const repaired = repairMojibake(lines);
    return {
      sourceKind: 'doc',
      encoding: repaired.kind,
      pages: [{ pageNumber: 1, lines: repaired.lines, ocrConfidence: null }],
      warnings: repaired.kind ? [`legacy ${repaired.kind.toUpperCase()} font text was converted to Unicode`] : [],
    };
  },
};
