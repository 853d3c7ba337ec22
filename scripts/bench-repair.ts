/**
 * Repair-stage speed and memory: model load time, syllables/s (one thread, CPU time) and peak RSS.
 *
 * The throughput figures are for text the repairer has never seen: synthetic OCR pages made from
 * clean corpus text by tools/degrade that were NOT used to build the channel (REPAIR_BENCH_UNSEEN,
 * default /work/scratch/pairs-bench; make them with
 * `src/repair/channel/make-training-pairs.sh /work/scratch/pairs-bench 60 1 1001`). Each figure is
 * one pass of a fresh repairer (empty caches) over all of them, after the code has been compiled on
 * other pages (REPAIR_BENCH_WARM, default the channel's training pages /work/scratch/pairs, else the
 * committed fixture page): the steady state of a long batch of new documents. Without the unseen
 * pages the committed fixture page (also never used in training) stands in, and the figures say so.
 *   node --import tsx scripts/bench-repair.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestedDocument } from '../schemas/index.ts';
import { createRepairer } from '../src/repair/index.ts';
import { stripMarks } from '../src/repair/channel/text.ts';
import { loadChannelData } from '../src/repair/channel/model.ts';
import { loadLanguageModel } from '../src/repair/language-model/index.ts';
import { readPairs } from '../src/repair/channel/build-channel.ts';

const FIXTURE = join(import.meta.dirname, '../test/fixtures/repair');

function doc(docId: string, text: string): IngestedDocument {
  const lines = text.split('\n');
  const pages = [];
  for (let i = 0; i < lines.length; i += 50) pages.push({ pageNumber: pages.length + 1, lines: lines.slice(i, i + 50) });
  return { docId, pages } as unknown as IngestedDocument;
}

/** OCR pages (and their clean text) of a tools/degrade pair folder, when this machine has it. */
function pairPages(dir: string, max: number): { ocr: string; clean: string }[] {
  try {
    return readPairs(dir, 'all').slice(0, max);
  } catch {
    return [];
  }
}

const syllables = (t: string) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;

export async function benchRepair(): Promise<Record<string, number | string>> {
  const fixture = { ocr: readFileSync(join(FIXTURE, 'ocr-sample.ocr.txt'), 'utf8'), clean: readFileSync(join(FIXTURE, 'ocr-sample.clean.txt'), 'utf8') };
  const unseenFound = pairPages(process.env.REPAIR_BENCH_UNSEEN ?? '/work/scratch/pairs-bench', 200);
  const unseen = unseenFound.length > 0 ? unseenFound : [fixture];
  const warmFound = pairPages(process.env.REPAIR_BENCH_WARM ?? '/work/scratch/pairs', 40);
  const warm = warmFound.length > 0 ? warmFound : [fixture];

  // CPU time, not wall time: the figures stay meaningful on a loaded machine (the work is one thread)
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const t0 = cpu();
  const lm = loadLanguageModel();
  const channel = loadChannelData();
  const first = createRepairer({ languageModel: lm, channel });
  first.repairDocument(doc('warm', 'khoi dong')); // builds the channel's search structures
  const t1 = cpu();
  // the first OCR page of a process: code not yet compiled
  first.repairDocument(doc('cold', unseen[0].ocr));
  const t2 = cpu();

  type Kind = 'ocr' | 'stripped';
  const textOf = (p: { ocr: string; clean: string }, kind: Kind) => (kind === 'ocr' ? p.ocr : stripMarks(p.clean));
  const pass = (kind: Kind, pages: { ocr: string; clean: string }[], repairer = createRepairer({ languageModel: lm, channel, kind })) => {
    repairer.repairDocument(doc('start', 'khoi dong'));
    const texts = pages.map((p) => textOf(p, kind));
    const s = cpu();
    texts.forEach((t, i) => repairer.repairDocument(doc(`p${i}`, t)));
    return { rate: Math.round(texts.reduce((n, t) => n + syllables(t), 0) / ((cpu() - s) / 1000)), repairer };
  };
  const figures: Record<string, number | string> = {
    'repair.load_ms': Math.round(t1 - t0),
    'repair.ocr_first_page_cold_syllables_per_s': Math.round(syllables(unseen[0].ocr) / ((t2 - t1) / 1000)),
    'repair.unseen_pages': unseenFound.length > 0 ? `${unseen.length} pages, ${unseen.reduce((n, p) => n + syllables(p.ocr), 0)} OCR syllables` : 'fixture page only',
  };
  for (const kind of ['ocr', 'stripped'] as const) {
    // compile the code on other pages, twice, with throwaway repairers
    for (let k = 0; k < 2; k++) pass(kind, warm);
    const fresh = pass(kind, unseen);
    figures[`repair.${kind}_unseen_syllables_per_s`] = fresh.rate;
    // the same pages again through the same repairer: candidate lists and transitions cached
    figures[`repair.${kind}_cached_syllables_per_s`] = pass(kind, unseen, fresh.repairer).rate;
  }
  figures['repair.peak_rss_mb'] = Math.round(process.resourceUsage().maxRSS / 1024);
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchRepair())) console.log(`${k.padEnd(44)} ${v}`);
}
