/**
 * Repair-stage speed and memory: model load time, syllables/s on OCR-style and diacritic-stripped
 * text (one thread, measured in CPU time), peak RSS. Input: the synthetic OCR page in test/fixtures/repair/ (clean legal
 * text, typeset, scan-degraded and read by tesseract eng), repeated to a few thousand lines.
 *   node --import tsx scripts/bench-repair.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestedDocument } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/repair/channel/text.ts';

const FIXTURE = join(import.meta.dirname, '../test/fixtures/repair');
const REPEAT = 40;

function doc(docId: string, text: string): IngestedDocument {
  const lines = text.split('\n');
  const pages = [];
  for (let i = 0; i < lines.length; i += 50) pages.push({ pageNumber: pages.length + 1, lines: lines.slice(i, i + 50) });
  return { docId, pages } as unknown as IngestedDocument;
}

const syllables = (t: string) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

export async function benchRepair(): Promise<Record<string, number>> {
  const ocr = readFileSync(join(FIXTURE, 'ocr-sample.ocr.txt'), 'utf8');
  const clean = readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8');
  const ocrText = Array.from({ length: REPEAT }, () => ocr).join('\n\n');
  const strippedText = Array.from({ length: REPEAT }, () => stripMarks(clean)).join('\n\n');
  const repairer = createRepairer();
  // CPU time, not wall time: the figures stay meaningful on a loaded machine (the work is one thread)
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const performance = { now: cpu };
  const t0 = performance.now();
  repairer.repairDocument(doc('warm', 'khoi dong')); // loads the LM and the channel
  const t1 = performance.now();
  repairer.repairDocument(doc('stripped', strippedText));
  const t2 = performance.now();
  repairer.repairDocument(doc('ocr-page', ocr)); // every word form new to this repairer
  const t3 = performance.now();
  repairer.repairDocument(doc('ocr-repeated', ocrText)); // forms and word pairs now cached
  const t4 = performance.now();
  const rate = (text: string, ms: number) => Math.round(syllables(text) / (ms / 1000));
  return {
    'repair.load_ms': Math.round(t1 - t0),
    'repair.stripped_syllables_per_s': rate(strippedText, t2 - t1),
    // one OCR page whose word forms the repairer has not seen: candidate search dominates
    'repair.ocr_syllables_per_s_new_forms': rate(ocr, t3 - t2),
    // the page repeated: candidate lists and transition matrices come from the repairer's cache
    'repair.ocr_syllables_per_s_cached_forms': rate(ocrText, t4 - t3),
    'repair.peak_rss_mb': Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchRepair())) console.log(`${k.padEnd(40)} ${v}`);
}
