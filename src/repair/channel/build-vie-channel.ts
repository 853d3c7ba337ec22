/**
 * npm run build-vie-channel -- --pairs /tmp/vie-pairs [--out FILE]
 *
 * Learns the channel of vnplan's own OCR (tesseract.js with the Vietnamese model) from scanned-page
 * pairs made by scripts/make-scans.ts over the training corpus: the character channel and token table
 * (tone and vowel marks swapped, dropped or added; letters confused), split and join rates, the
 * evidence model of tesseract's word confidences and LSTM alternatives, and the candidate lists of the
 * observed forms. The lexicon, spelling variants and code parts are the English-model channel's
 * (src/repair/channel/ocr-channel.json, built from the same corpus). Pairs numbered ×10 are held out.
 * Writes src/repair/channel/ocr-vie-channel.json.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { alignTokens, type AlignedUnit } from './align.ts';
import { codeSources, precomputeCandidates } from './build-channel.ts';
import { estimateChannel, type ChannelData } from './estimate.ts';
import { estimateEvidence, type TokenEvidence } from './evidence.ts';
import { loadChannelData } from './model.ts';
import { readScanPairs, scanTokens } from './scan-pairs.ts';
import { heldOutDocuments } from '../language-model/build-language-model.ts';

export const DEFAULT_VIE_CHANNEL_PATH = fileURLToPath(new URL('./ocr-vie-channel.json', import.meta.url));

/** Pages where fewer clean tokens than this share align closely to an OCR token are left out. */
const MIN_PAGE_ALIGNED = 0.7;

async function main() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: '/tmp/vie-pairs' },
      out: { type: 'string', default: DEFAULT_VIE_CHANNEL_PATH },
      max: { type: 'string' },
      corpus: { type: 'string', default: '/work/shared/data/vi-text' },
    },
  });
  // pages whose text comes from the documents the language model holds out are the bench's unseen
  // pages (scripts/bench-pages.ts): never trained on
  const heldLines = new Set(heldOutDocuments(values.corpus!).flatMap((d) => d.split('\n')).map((l) => l.trim()).filter((l) => l.length >= 40));
  const all = readScanPairs(values.pairs!, 'train', values.max ? Number(values.max) : Infinity);
  const pairs = all.filter((p) => !p.clean.split('\n').some((l) => heldLines.has(l.trim())));
  if (pairs.length < all.length) console.log(`build-vie-channel: ${all.length - pairs.length} pair(s) from held-out documents left out`);
  if (pairs.length === 0) throw new Error(`build-vie-channel: no *.ocr.json pairs in ${values.pairs}`);
  const base = loadChannelData();
  const units: AlignedUnit[] = [];
  const infos: (TokenEvidence | undefined)[] = [];
  const ocrTexts: string[] = [];
  let skipped = 0;
  for (const p of pairs) {
    const clean = p.clean.normalize('NFC').split(/\s+/).filter(Boolean);
    const { text, words, infos: inf } = scanTokens(p);
    const u = alignTokens(clean, words);
    const good = u.filter((x) => x.op === 'sub' && x.cost <= 0.5).length;
    if (good < MIN_PAGE_ALIGNED * clean.length) { skipped++; continue; }
    // token indices of this pair shift by the tokens already collected
    const shift = infos.length;
    for (const x of u) units.push({ ...x, ocrAt: x.ocrAt.map((k) => k + shift) });
    infos.push(...inf);
    ocrTexts.push(text);
  }
  const data: ChannelData = estimateChannel(units, base.lexicon);
  data.codeParts = base.codeParts;
  data.spellingVariants = base.spellingVariants;
  data.codeSources = codeSources(data);
  data.evidence = estimateEvidence(units, infos);
  data.precomputed = precomputeCandidates(data, ocrTexts);
  data.stats.pages = pairs.length - skipped;
  data.stats.skippedPages = skipped;
  writeFileSync(values.out!, JSON.stringify(data));
  console.log(
    `build-vie-channel: ${pairs.length} documents (${skipped} badly aligned left out), ${data.stats.wordPairs} word pairs, ${Object.keys(data.tokens).length} token-table entries, ` +
      `split ${data.splitRate.toFixed(4)}, join ${data.joinRate.toFixed(4)}, evidence ${JSON.stringify(data.evidence.stats)} → ${values.out}`,
  );
  console.log('confidence log-ratios', data.evidence.confLogRatio.map((x) => x.toFixed(2)).join(' '), '| alternatives', data.evidence.altLogRatio.map((x) => x.toFixed(2)).join(' '), 'miss', data.evidence.altMissLogp.toFixed(2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
