/**
 * npm run build-channel -- --pairs /work/scratch/pairs [--corpus DIR] [--out FILE]
 *
 * Learns the OCR channel from (clean, OCR) page pairs made by make-training-pairs.sh and the candidate
 * lexicon (syllable counts) from the clean corpus, and writes src/repair/channel/ocr-channel.json.
 */
import { createReadStream, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { alignTokens, type AlignedUnit } from './align.ts';
import { estimateChannel, type ChannelData } from './estimate.ts';
import { isLetterWord, spellingKey, splitEdges, stripMarks, stripTones, TONE_MARK } from './text.ts';
import { isVietnameseSyllable } from '../syllable/syllable.ts';
import { BUILD_BEAM, BUILD_MAX_EXPANSIONS, DEFAULT_CHANNEL_PATH, OcrChannel } from './model.ts';

const LEXICON_MIN_COUNT = 10;
const LEXICON_MAX_LEN = 7;

/** Pairs whose number is a multiple of this are held out of training: they are the dev set. */
export const HOLDOUT_EVERY = 10;

export function isHeldOut(id: string): boolean {
  return Number(id) % HOLDOUT_EVERY === 0;
}

/** The (clean, OCR) pairs of a folder: the training ones, the held-out dev ones, or all of them. */
export function readPairs(dir: string, which: 'train' | 'dev' | 'all' = 'train'): { id: string; clean: string; ocr: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ocr.txt'))
    .filter((f) => which === 'all' || isHeldOut(f.slice(0, -'.ocr.txt'.length)) === (which === 'dev'))
    .sort()
    .map((f) => {
      const id = f.slice(0, -'.ocr.txt'.length);
      return { id, clean: readFileSync(join(dir, `${id}.clean.txt`), 'utf8'), ocr: readFileSync(join(dir, f), 'utf8') };
    });
}

const toks = (s: string) => s.normalize('NFC').split(/\s+/).filter(Boolean);

const CODE_PART_MIN_COUNT = 5;
/** Pages where fewer clean tokens than this share align closely to an OCR token are left out. */
const MIN_PAGE_ALIGNED = 0.7;
/** Non-syllable letter words (abbreviations, loan words) need this many occurrences to be candidates. */
const LEXICON_MIN_NONSYLLABLE = 300;

/**
 * Candidate words: valid Vietnamese syllables (typos such as "đươc" and unmarked "cac" are left out),
 * frequent abbreviations/loan words, and of spelling variants that differ only in tone placement or
 * final i/y ("hoá"/"hóa", "kĩ"/"kỹ") only the form administrative documents use most.
 */
export function selectLexicon(
  counts: Map<string, number>,
  inDomain: Map<string, number>,
  variants: Record<string, string> = {},
): Record<string, number> {
  const groups = new Map<string, string[]>();
  for (const [w, c] of counts) {
    if (c < LEXICON_MIN_COUNT) continue;
    const ok = isVietnameseSyllable(w) || (c >= LEXICON_MIN_NONSYLLABLE && /^[a-z]+$/.test(w) && !isVietnameseSyllable(stripMarks(w)));
    if (!ok) continue;
    const k = spellingKey(w);
    const g = groups.get(k);
    if (g) g.push(w);
    else groups.set(k, [w]);
  }
  const chosen: [string, number][] = [];
  for (const g of groups.values()) {
    const score = (w: string) => (inDomain.get(w) ?? 0) * 1000 + (counts.get(w) ?? 0) / 1e6;
    const best = g.reduce((a, b) => (score(b) > score(a) ? b : a));
    for (const w of g) if (w !== best) variants[w] = best;
    chosen.push([best, g.reduce((s, w) => s + (counts.get(w) ?? 0), 0)]);
  }
  const lexicon: Record<string, number> = {};
  for (const [w, c] of chosen.sort((a, b) => b[1] - a[1])) lexicon[w] = c;
  return lexicon;
}

/** Index of the letter carrying the tone mark (0-based over base letters), or -1 for level tone. */
function toneLetter(w: string): number {
  let letters = 0;
  for (const ch of w.normalize('NFD')) {
    if (TONE_MARK.test(ch)) return letters - 1;
    if (!/\p{M}/u.test(ch)) letters++;
  }
  return -1;
}

/**
 * One tone-placement style for the whole lexicon: a document is written in one style ("hòa, thủy,
 * tọa" or "hoà, thuỷ, toạ"), but the per-word majority of a mixed corpus can pick different styles
 * for different words. The style most words' majority forms use (weighted by count) wins, and every
 * word written in the other style switches to its variant in the winning one.
 */
export function consistentToneStyle(lexicon: Record<string, number>, variants: Record<string, string>): { lexicon: Record<string, number>; spellingVariants: Record<string, string> } {
  // pairs (chosen form, variant) that differ only in where the tone mark sits
  const pairs: [string, string][] = [];
  for (const [v, w] of Object.entries(variants)) {
    if (w in lexicon && stripTones(v) === stripTones(w) && toneLetter(v) >= 0 && toneLetter(w) >= 0 && toneLetter(v) !== toneLetter(w)) pairs.push([w, v]);
  }
  let early = 0;
  let late = 0;
  for (const [w, v] of pairs) {
    if (toneLetter(w) < toneLetter(v)) early += lexicon[w];
    else late += lexicon[w];
  }
  const earlyWins = early >= late;
  const out = { ...lexicon };
  const outVariants = { ...variants };
  for (const [w, v] of pairs) {
    if (toneLetter(w) < toneLetter(v) === earlyWins || !(w in out)) continue;
    // v becomes the lexicon form, w and w's other variants point to it
    out[v] = out[w];
    delete out[w];
    delete outVariants[v];
    for (const [x, y] of Object.entries(outVariants)) if (y === w) outVariants[x] = v;
    outVariants[w] = v;
  }
  // keep the lexicon ordered by count (the stripped channel relies on it)
  const ordered: Record<string, number> = {};
  for (const [w, c] of Object.entries(out).sort((a, b) => b[1] - a[1])) ordered[w] = c;
  return { lexicon: ordered, spellingVariants: outVariants };
}

async function countLexicon(
  corpus: string,
): Promise<{ lexicon: Record<string, number>; codeParts: Record<string, number>; spellingVariants: Record<string, string> }> {
  const counts = new Map<string, number>();
  const inDomain = new Map<string, number>();
  const parts = new Map<string, number>();
  for (const f of readdirSync(corpus).filter((x) => x.endsWith('.txt')).sort()) {
    const adminDoc = f.startsWith('vanban_hanhchinh');
    const rl = createInterface({ input: createReadStream(join(corpus, f), 'utf8'), crlfDelay: Infinity });
    for await (const line of rl) {
      for (const tok of line.split(' ')) {
        const core = splitEdges(tok).core;
        if (/[-/]/.test(core) && /[A-ZĐ]{2}/.test(core)) {
          for (const p of core.match(/[A-ZĐ]+/g) ?? []) parts.set(p, (parts.get(p) ?? 0) + 1);
        }
        const w = core.toLowerCase();
        if (w.length === 0 || w.length > LEXICON_MAX_LEN || !isLetterWord(w)) continue;
        counts.set(w, (counts.get(w) ?? 0) + 1);
        if (adminDoc) inDomain.set(w, (inDomain.get(w) ?? 0) + 1);
      }
    }
  }
  const spellingVariants: Record<string, string> = {};
  const lexicon = selectLexicon(counts, inDomain, spellingVariants);
  const codeParts: Record<string, number> = {};
  for (const [p, c] of [...parts].sort((a, b) => b[1] - a[1])) if (c >= CODE_PART_MIN_COUNT) codeParts[p] = c;
  return { lexicon, codeParts, spellingVariants };
}

/** Upper-case look-alikes from the character channel: observed char → true chars it often stands for. */
export function codeSources(data: ChannelData): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [t, tab] of Object.entries(data.chars)) {
    for (const [chunk, lp] of Object.entries(tab.chunks)) {
      if (chunk.length !== 1 || chunk === t || lp < -1.7 || tab.total < 50) continue;
      const o = chunk.toUpperCase();
      const T = t.toUpperCase();
      if (o === T || !/^[A-ZĐ0-9]$/.test(o) || !/^[A-ZĐ]$/.test(T)) continue;
      (out[o] ??= []).push(T);
    }
  }
  return out;
}

/** Observed forms seen this often in the training OCR get their candidate lists stored in the file. */
const PRECOMPUTE_MIN_COUNT = 1;

/**
 * Candidate lists of the frequent observed forms, computed by the run-time search itself: a new
 * document then searches only its rare forms (the search costs ~1 ms per form).
 */
export function precomputeCandidates(data: ChannelData, ocrTexts: string[]): Record<string, [string, number][]> {
  const counts = new Map<string, number>();
  for (const t of ocrTexts) {
    for (const tok of t.split(/\s+/)) {
      const core = splitEdges(tok).core.toLowerCase();
      if (core && /\p{L}/u.test(core) && [...core].length <= 9) counts.set(core, (counts.get(core) ?? 0) + 1);
    }
  }
  const channel = new OcrChannel(data, { maxExpansions: BUILD_MAX_EXPANSIONS, beam: BUILD_BEAM });
  const out: Record<string, [string, number][]> = {};
  for (const [form, c] of [...counts].sort((a, b) => b[1] - a[1])) {
    if (c < PRECOMPUTE_MIN_COUNT) continue;
    out[form] = channel.candidates(form).map((x) => [x.word, Math.round(x.channel * 1e4) / 1e4]);
  }
  return out;
}

async function main() {
  const { values } = parseArgs({
    options: {
      pairs: { type: 'string', default: '/work/scratch/pairs' },
      corpus: { type: 'string', default: '/work/shared/data/vi-text' },
      out: { type: 'string', default: DEFAULT_CHANNEL_PATH },
      lexicon: { type: 'string', description: 'cached {lexicon, codeParts} JSON (skips the corpus scan)' },
      'save-lexicon': { type: 'string' },
    },
  });
  const pairs = readPairs(values.pairs!);
  if (pairs.length === 0) throw new Error(`build-channel: no *.ocr.txt pairs in ${values.pairs}`);
  const units: AlignedUnit[] = [];
  let skipped = 0;
  for (const p of pairs) {
    const u = alignTokens(toks(p.clean), toks(p.ocr));
    // a page whose reading order tesseract scrambled aligns badly and would teach noise
    const good = u.filter((x) => x.op === 'sub' && x.cost <= 0.5).length;
    if (good < MIN_PAGE_ALIGNED * toks(p.clean).length) { skipped++; continue; }
    units.push(...u);
  }
  const lex = values.lexicon
    ? (JSON.parse(readFileSync(values.lexicon, 'utf8')) as Awaited<ReturnType<typeof countLexicon>>)
    : await countLexicon(values.corpus!);
  if (values['save-lexicon']) writeFileSync(values['save-lexicon'], JSON.stringify(lex));
  const { lexicon, spellingVariants } = consistentToneStyle(lex.lexicon, lex.spellingVariants);
  const data = estimateChannel(units, lexicon);
  data.codeParts = lex.codeParts;
  data.spellingVariants = spellingVariants;
  data.codeSources = codeSources(data);
  data.precomputed = precomputeCandidates(data, pairs.map((p) => p.ocr));
  data.stats.pages = pairs.length - skipped;
  data.stats.skippedPages = skipped;
  writeFileSync(values.out!, JSON.stringify(data));
  console.log(
    `build-channel: ${pairs.length} pairs (${skipped} badly aligned left out), ${data.stats.wordPairs} word pairs, ${Object.keys(data.tokens).length} token-table entries, ` +
      `${Object.keys(lexicon).length} lexicon syllables, case flip ${data.caseFlipRate.toFixed(4)}, split ${data.splitRate.toFixed(4)}, join ${data.joinRate.toFixed(4)} → ${values.out}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
