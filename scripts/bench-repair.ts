/**
 * Repair-stage speed and memory: model load time, syllables/s on OCR-style and diacritic-stripped
 * text (one thread, measured in CPU time), peak RSS. Input: the synthetic OCR page in test/fixtures/repair/ (clean legal
 * text, typeset, scan-degraded and read by tesseract eng), repeated to a few thousand lines, and the
 * last 20 pages of REPAIR_BENCH_PAGES (default /work/scratch/pairs) when present.
 *   node --import tsx scripts/bench-repair.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestedDocument } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/repair/channel/text.ts';
import { loadChannelData } from '../src/repair/channel/model.ts';
import { loadLanguageModel } from '../src/repair/language-model/index.ts';

const FIXTURE = join(import.meta.dirname, '../test/fixtures/repair');
const REPEAT = 40;

function doc(docId: string, text: string): IngestedDocument {
  const lines = text.split('\n');
  const pages = [];
  for (let i = 0; i < lines.length; i += 50) pages.push({ pageNumber: pages.length + 1, lines: lines.slice(i, i + 50) });
  return { docId, pages } as unknown as IngestedDocument;
}

/** Synthetic OCR pages (tools/degrade output, the channel's training pairs), when this machine has them. */
function extraPages(dir = process.env.REPAIR_BENCH_PAGES ?? '/work/scratch/pairs', max = 20): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.ocr.txt')).sort().slice(-max).map((f) => readFileSync(join(dir, f), 'utf8'));
  } catch {
    return [];
  }
}

const syllables = (t: string) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

export async function benchRepair(): Promise<Record<string, number>> {
  const ocr = readFileSync(join(FIXTURE, 'ocr-sample.ocr.txt'), 'utf8');
  const clean = readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8');
  const ocrText = Array.from({ length: REPEAT }, () => ocr).join('\n\n');
  const strippedText = Array.from({ length: REPEAT }, () => stripMarks(clean)).join('\n\n');

  // CPU time, not wall time: the figures stay meaningful on a loaded machine (the work is one thread)
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const performance = { now: cpu };
  const t0 = performance.now();
  const lm = loadLanguageModel();
  const channel = loadChannelData();
  const repairer = createRepairer({ languageModel: lm, channel });
  repairer.repairDocument(doc('warm', 'khoi dong')); // builds the channel's search structures
  const t1 = performance.now();
  repairer.repairDocument(doc('stripped', strippedText));
  const t2 = performance.now();
  repairer.repairDocument(doc('ocr-page', ocr)); // every word form new to this repairer
  const t3 = performance.now();
  repairer.repairDocument(doc('ocr-repeated', ocrText)); // forms and word pairs now cached
  const t4 = performance.now();
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  // Fresh repairers (empty candidate and transition caches) sharing the loaded models, in a process
  // whose code is already compiled: what each further new document of a batch costs. Text: the page
  // above plus, when this machine has them, synthetic OCR pages from tools/degrade (the channel's
  // training pages: their frequent forms have stored candidate lists). The second figure drops the
  // stored lists, so every form is searched: the floor for text unlike anything seen in training.
  const warmText = [ocr, ...extraPages()].join('\n\n');
  const freshMs = (data: typeof channel) => {
    let ms = 0;
    for (let k = 0; k < 3; k++) {
      const fresh = createRepairer({ languageModel: lm, channel: data, kind: 'ocr' });
      const s = performance.now();
      fresh.repairDocument(doc(`fresh-${k}`, warmText));
      ms = performance.now() - s; // the last run counts: the earlier ones compile the code
    }
    return ms;
  };
  const warmMs = freshMs(channel);
  const unseenMs = freshMs({ ...channel, precomputed: {} });
  const rate = (text: string, ms: number) => Math.round(syllables(text) / (ms / 1000));
  return {
    'repair.load_ms': Math.round(t1 - t0),
    'repair.stripped_syllables_per_s': rate(strippedText, t2 - t1),
    // one OCR page new to this repairer, first OCR page of the process (code not yet compiled)
    'repair.ocr_syllables_per_s_new_forms': rate(ocr, t3 - t2),
    // the page repeated: candidate lists and transition matrices come from the repairer's cache
    'repair.ocr_syllables_per_s_cached_forms': rate(ocrText, t4 - t3),
    // new pages, fresh repairer, compiled code: the steady state of a batch of new documents
    'repair.ocr_syllables_per_s_fresh_repairer': rate(warmText, warmMs),
    'repair.ocr_syllables_per_s_fresh_no_stored_lists': rate(warmText, unseenMs),
    'repair.fresh_pages_syllables': syllables(warmText),
    // one repairer: models, caches, the documents above
    'repair.peak_rss_mb': rssMb,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchRepair())) console.log(`${k.padEnd(40)} ${v}`);
}
