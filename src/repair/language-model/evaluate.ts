/**
 * Validation of the language model by diacritic restoration on vi-text (never on seeds/gold):
 *
 *   heldout: strip held-out documents, restore, syllable accuracy
 *     node --import tsx src/repair/language-model/evaluate.ts heldout --docs <file> [--model M] [--max-docs N]
 *   perplexity: per-token perplexity of the documents (segments end with </s>)
 *     node --import tsx src/repair/language-model/evaluate.ts perplexity --docs <file> [--model M]
 *   adapt: for pairs (A, B) of administrative documents, adapt on clean A, restore stripped B;
 *     reports base vs adapted accuracy for a grid of Dirichlet weights
 *     node --import tsx src/repair/language-model/evaluate.ts adapt --docs <file>… [--model M] [--pairs N]
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { LanguageModel } from '../types.ts';
import { stripMarks } from '../syllable/syllable.ts';
import { buildAdaptiveModel, type AdaptiveOptions } from './adaptive.ts';
import { corpusDocuments } from './build-language-model.ts';
import { restoreDiacritics, vocabularyIndex } from './diacritic-viterbi.ts';
import { loadLanguageModel, type SyllableTrigramModel } from './trigram-model.ts';
import { lmSegments } from './tokenize.ts';

const WORD = /^\p{L}+$/u;

/** Word-level accuracy of a restoration against the original (same whitespace tokens). */
export function wordAccuracy(original: string, restored: string): { words: number; errors: number } {
  const a = original.split(/\s+/).filter(Boolean);
  const b = restored.split(/\s+/).filter(Boolean);
  if (a.length !== b.length) throw new Error('restoration changed the token count');
  let words = 0;
  let errors = 0;
  for (let i = 0; i < a.length; i++) {
    const core = a[i]!.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
    if (!WORD.test(core)) continue;
    words++;
    if (a[i] !== b[i]) errors++;
  }
  return { words, errors };
}

function vocabOf(lm: SyllableTrigramModel): Map<string, string[]> {
  const words: string[] = [];
  for (let i = 0; i < lm.vocabSize; i++) words.push(lm.word(i));
  return vocabularyIndex(words);
}

function restoreScore(lm: LanguageModel, doc: string, vocabulary: Map<string, string[]>): { words: number; errors: number } {
  return wordAccuracy(doc, restoreDiacritics(lm, stripMarks(doc), { vocabulary }));
}

const pct = (s: { words: number; errors: number }) => `${(100 * (1 - s.errors / Math.max(1, s.words))).toFixed(2)} % (${s.words} words)`;
const add = (a: { words: number; errors: number }, b: { words: number; errors: number }) => ({ words: a.words + b.words, errors: a.errors + b.errors });

/** Administrative documents issued by a People's Committee (the closest register to commune plans). */
function isCommitteeDocument(doc: string): boolean {
  return /^(ỦY|UỶ) BAN NHÂN DÂN/m.test(doc.split('\n').slice(0, 3).join('\n'));
}

/** Bigram types of a document (mark-free lower case), for sibling matching. */
function bigramSet(doc: string): Set<string> {
  const w = stripMarks(doc).toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  const s = new Set<string>();
  for (let i = 1; i < w.length; i++) s.add(w[i - 1] + ' ' + w[i]);
  return s;
}

/**
 * Pairs (A, B): B is a document, A the other document most similar to it (bigram Jaccard below 0.5,
 * so a near-copy never counts), like two communes' plans of one campaign in a batch. The n most
 * similar pairs with disjoint documents are returned.
 */
function siblingPairs(docs: string[], n: number): [string, string][] {
  const sets = docs.map(bigramSet);
  const cand: { a: number; b: number; j: number }[] = [];
  for (let b = 0; b < docs.length; b++) {
    for (let a = 0; a < docs.length; a++) {
      if (a === b) continue;
      let inter = 0;
      for (const x of sets[b]!) if (sets[a]!.has(x)) inter++;
      const j = inter / (sets[a]!.size + sets[b]!.size - inter);
      if (j < 0.5) cand.push({ a, b, j });
    }
  }
  cand.sort((x, y) => y.j - x.j);
  const used = new Set<number>();
  const out: [string, string][] = [];
  for (const c of cand) {
    if (out.length >= n) break;
    if (used.has(c.a) || used.has(c.b)) continue;
    used.add(c.a);
    used.add(c.b);
    out.push([docs[c.a]!, docs[c.b]!]);
  }
  return out;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      docs: { type: 'string', multiple: true },
      model: { type: 'string' },
      'max-docs': { type: 'string', default: '100' },
      pairs: { type: 'string', default: '20' },
      lambdas: { type: 'string' },
    },
  });
  const lm = loadLanguageModel(values.model);
  const vocabulary = vocabOf(lm);
  const docs = (values.docs ?? []).flatMap((f) => corpusDocuments(readFileSync(f, 'utf8')));
  if (positionals[0] === 'heldout') {
    const every = Math.max(1, Math.floor(docs.length / Number(values['max-docs'])));
    let total = { words: 0, errors: 0 };
    for (let i = 0; i < docs.length; i += every) total = add(total, restoreScore(lm, docs[i]!, vocabulary));
    console.log(`held-out restoration accuracy: ${pct(total)}`);
    return;
  }
  if (positionals[0] === 'perplexity') {
    let sum = 0;
    let n = 0;
    let unk = 0;
    for (const doc of docs) {
      for (const seg of lmSegments(doc, true)) {
        let [a, b] = [lm.bosId, lm.bosId];
        for (const w of [...seg.map((t) => lm.wordId(t)), lm.eosId]) {
          sum += lm.logProb(a, b, w);
          n++;
          if (w === lm.unkId) unk++;
          [a, b] = [b, w];
        }
      }
    }
    console.log(`perplexity ${Math.pow(10, -sum / n).toFixed(1)} over ${n} tokens (incl. </s>), <unk> rate ${((100 * unk) / n).toFixed(2)} %`);
    return;
  }
  if (positionals[0] === 'adapt') {
    const committee = docs.filter(isCommitteeDocument);
    const pairs = siblingPairs(committee, Number(values.pairs));
    let baseTotal = { words: 0, errors: 0 };
    for (const [, b] of pairs) baseTotal = add(baseTotal, restoreScore(lm, b, vocabulary));
    console.log(`${pairs.length} pairs; base: ${pct(baseTotal)}`);
    const grid: AdaptiveOptions[] = [];
    for (const lambda of (values.lambdas ?? '0.1,0.2,0.3,0.5').split(',').map(Number)) grid.push({ lambda });
    for (const o of grid) {
      let total = { words: 0, errors: 0 };
      for (const [a, b] of pairs) total = add(total, restoreScore(buildAdaptiveModel(lm, [a], o), b, vocabulary));
      console.log(`adapted ${JSON.stringify(o)}: ${pct(total)}`);
    }
    return;
  }
  throw new Error('usage: evaluate.ts heldout|perplexity|adapt --docs <file> [--model M]');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
