import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFile, IngestFailure } from '../src/ingest/index.ts';
import { textToPages } from '../src/ingest/text.ts';

const dir = mkdtempSync(join(tmpdir(), 'vnplan-text-'));
const write = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};

describe('text ingest', () => {
  it('drops a UTF-8 BOM, turns CRLF into lines and NFD into NFC', async () => {
    const nfd = 'Kế hoạch số 12/KH-UBND'.normalize('NFD');
    const p = write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${nfd}\r\nTriển khai\r\n`, 'utf8')]));
    const doc = await ingestFile(p);
    expect(doc.docId).toBe('bom');
    expect(doc.pages[0].lines).toEqual(['Kế hoạch số 12/KH-UBND', 'Triển khai']);
    expect(doc.pages[0].lines[0]).toBe(doc.pages[0].lines[0].normalize('NFC'));
    expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('starts a new page at a form feed and keeps blank lines', () => {
    expect(textToPages('a\n\nb\fc\n')).toEqual([
      { pageNumber: 1, lines: ['a', '', 'b'], ocrConfidence: null },
      { pageNumber: 2, lines: ['c'], ocrConfidence: null },
    ]);
  });

  it('refuses an empty file, a blank file and a directory with the reason', async () => {
    await expect(ingestFile(write('empty.txt', ''))).rejects.toThrow(/empty\.txt: the file is empty/);
    await expect(ingestFile(write('blank.txt', ' \n\n'))).rejects.toThrow(/blank\.txt: the file is empty/);
    await expect(ingestFile(dir)).rejects.toBeInstanceOf(IngestFailure);
  });

  it('refuses binary junk naming the file', async () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    await expect(ingestFile(write('junk.bin', junk))).rejects.toThrow(/junk\.bin/);
  });
});
