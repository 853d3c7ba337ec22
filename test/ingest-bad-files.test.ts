import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CFB from 'cfb';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestor, IngestFailure, type Ingestor, MAX_FILE_BYTES } from '../src/ingest/index.ts';
import {
  makeDocx,
  makeEncryptedPdf,
  makeMultiPageTiff,
  makeOdt,
  makeScannedPdf,
  makeTextPdf,
  makeWord97Doc,
  makeZeroPagePdf,
  PLAN_LINES,
  pngHeaderOnly,
  renderPagePng,
} from './fixtures/ingest/build.ts';

const dir = mkdtempSync(join(tmpdir(), 'vnplan-ingest-bad-'));
const p = (name: string) => join(dir, name);

/** Each bad file and what its failure must say. */
const BAD: [string, RegExp][] = [
  ['corrupt.pdf', /corrupt|truncated/i],
  ['truncated.pdf', /corrupt|truncated|no usable text|render/i],
  ['locked.pdf', /password/i],
  ['zero-pages.pdf', /no pages|corrupt/i],
  ['empty.png', /empty/i],
  ['huge-dimensions.png', /too large.*20000 × 20000/i],
  ['broken.png', /could not be decoded|OCR/i],
  ['not-a-zip.docx', /named \.docx but not a ZIP/i],
  ['bomb.docx', /ZIP bomb/i],
  ['archive.docx', /not a Word document/i],
  ['old-word.doc', /corrupt OLE2/i],
  ['book.doc', /Excel \.xls file, not a Word document/i],
  ['empty.txt', /empty/i],
  ['junk.bin', /unsupported or binary/i],
  ['huge.txt', /too large/i],
  ['a-directory', /directory/i],
  ['missing.txt', /cannot read.*ENOENT/i],
];

let ingestor: Ingestor;

beforeAll(async () => {
  const goodPdf = await makeTextPdf([PLAN_LINES]);
  writeFileSync(p('corrupt.pdf'), Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 131) % 256))]));
  writeFileSync(p('truncated.pdf'), goodPdf.subarray(0, Math.floor(goodPdf.length / 3)));
  writeFileSync(p('locked.pdf'), await makeEncryptedPdf(PLAN_LINES));
  writeFileSync(p('zero-pages.pdf'), makeZeroPagePdf());
  writeFileSync(p('empty.png'), Buffer.alloc(0));
  writeFileSync(p('huge-dimensions.png'), pngHeaderOnly(20000, 20000));
  const png = renderPagePng(PLAN_LINES.slice(0, 3), 100);
  writeFileSync(p('broken.png'), png.subarray(0, 200));
  writeFileSync(p('not-a-zip.docx'), Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 97 + 3) % 256)));
  const bomb = new JSZip();
  bomb.file('[Content_Types].xml', '<Types/>');
  bomb.file('word/document.xml', Buffer.alloc(40 * 1024 * 1024, 0x20));
  writeFileSync(p('bomb.docx'), await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  const archive = new JSZip();
  archive.file('notes.txt', 'Ghi chú');
  writeFileSync(p('archive.docx'), await archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  writeFileSync(p('old-word.doc'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
  const book = CFB.utils.cfb_new();
  CFB.utils.cfb_add(book, 'Workbook', Buffer.from('not a real workbook'));
  writeFileSync(p('book.doc'), Buffer.from(CFB.write(book, { type: 'buffer' }) as Uint8Array));
  writeFileSync(p('empty.txt'), '');
  writeFileSync(p('junk.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 193 + 7) % 256)));
  writeFileSync(p('huge.txt'), '');
  truncateSync(p('huge.txt'), MAX_FILE_BYTES + 1); // sparse: no disk used
  mkdirSync(p('a-directory'));
  writeFileSync(p('good.pdf'), goodPdf);
  writeFileSync(p('good.png'), renderPagePng(PLAN_LINES.slice(0, 3), 150));
  ingestor = createIngestor({ workers: 1 });
}, 60_000);
afterAll(async () => {
  await ingestor?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bad files', () => {
  it('fail one by one with a clear IngestFailure naming the file, and the batch completes', async () => {
    // One OCR worker: the good image is read by the worker (or its replacement) after the broken one.
    const names = [...BAD.map(([n]) => n), 'good.pdf', 'good.png'];
    const finished: string[] = [];
    const results = await ingestor.ingestAll(names.map(p), (path) => finished.push(path));
    expect(finished.sort()).toEqual(names.map(p).sort());
    const outcomes = new Map<string, unknown>(names.map((n, i) => [n, results[i]]));
    for (const [name, reason] of BAD) {
      const e = outcomes.get(name);
      expect(e, name).toBeInstanceOf(IngestFailure);
      expect((e as IngestFailure).sourcePath).toBe(p(name));
      expect((e as Error).message, name).toContain(p(name));
      expect((e as Error).message, name).toMatch(reason);
    }
    const good = outcomes.get('good.pdf') as { pages: { lines: string[] }[] };
    expect(good.pages[0].lines).toEqual(PLAN_LINES);
    const image = outcomes.get('good.png') as { pages: { lines: string[] }[] };
    expect(image.pages[0].lines.join(' ')).toContain(PLAN_LINES[2]);
  }, 120_000);
});

describe('damaged copies of every format', () => {
  it('each truncated or bit-flipped file gives a document or an IngestFailure, never a crash', async () => {
    const small = renderPagePng(PLAN_LINES.slice(0, 2), 60);
    const bases: Record<string, Buffer> = {
      pdf: await makeTextPdf([PLAN_LINES]),
      scan: await makeScannedPdf([small]),
      docx: await makeDocx(),
      png: small,
      tif: await makeMultiPageTiff([small, small]),
      doc: makeWord97Doc('KẾ HOẠCH\rNội dung\r'),
      odt: await makeOdt(),
    };
    // Deterministic damage: a linear congruential generator, not Math.random.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const paths: string[] = [];
    for (const [kind, bytes] of Object.entries(bases)) {
      for (let i = 0; i < 3; i++) {
        paths.push(p(`${kind}-cut${i}`));
        writeFileSync(paths[paths.length - 1], bytes.subarray(0, Math.max(1, Math.floor(bytes.length * rnd()))));
        const flipped = Buffer.from(bytes);
        for (let j = 0; j < 20; j++) flipped[Math.floor(rnd() * flipped.length)] ^= 0xff;
        paths.push(p(`${kind}-flip${i}`));
        writeFileSync(paths[paths.length - 1], flipped);
      }
    }
    // OCR itself is not under test here: an engine that answers at once keeps this fast.
    const ocr = { size: 2, recognize: async () => ({ lines: ['x'], confidence: 0.9 }), close: async () => {} };
    const results = await createIngestor({ ocr }).ingestAll(paths);
    expect(results.length).toBe(paths.length);
    results.forEach((r, i) => {
      if (r instanceof IngestFailure) expect(r.message.startsWith(`${paths[i]}: `)).toBe(true);
      else expect(r.pages.length).toBeGreaterThan(0);
    });
    expect(results.some((r) => r instanceof IngestFailure)).toBe(true);
  }, 120_000);
});
