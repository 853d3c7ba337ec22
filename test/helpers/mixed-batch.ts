/**
 * A batch of every kind of input a run meets, for comparing two ways of running it: generated
 * plans (clean ones, which adapt the repair, and diacritic-stripped ones), the real-OCR'd sample
 * documents, a scanned PDF and a photographed page (OCR), a DOCX, a TCVN3 text, a text PDF, and
 * two bad files (a corrupt PDF, an empty file).
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeLegacy } from '../../src/ingest/legacy.ts';
import { PLAN_LINES, PLAN_LINES_2, makeDocx, makeScannedPdf, makeTextPdf, renderPagePng } from '../fixtures/ingest/build.ts';
import { writePlans } from './plans.ts';

const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');

export async function writeMixedBatch(dir: string, opts: { plans?: number; seed?: number; scans?: boolean } = {}): Promise<string> {
  mkdirSync(dir, { recursive: true });
  writePlans(join(dir, 'plans'), opts.plans ?? 6, opts.seed ?? 31);
  mkdirSync(join(dir, 'seeds'));
  for (const f of readdirSync(CORPUS).filter((f) => f.endsWith('.txt'))) copyFileSync(join(CORPUS, f), join(dir, 'seeds', f));
  if (opts.scans ?? true) {
    writeFileSync(join(dir, 'scan.pdf'), await makeScannedPdf([renderPagePng(PLAN_LINES, 200)]));
    writeFileSync(join(dir, 'photo.png'), renderPagePng(PLAN_LINES_2, 200));
  }
  writeFileSync(join(dir, 'word.docx'), await makeDocx());
  writeFileSync(join(dir, 'legacy.txt'), encodeLegacy(`${PLAN_LINES.join('\n')}\n`, 'tcvn3'));
  writeFileSync(join(dir, 'digital.pdf'), await makeTextPdf([PLAN_LINES_2]));
  writeFileSync(join(dir, 'broken.pdf'), Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'));
  writeFileSync(join(dir, 'empty.txt'), '');
  return dir;
}
