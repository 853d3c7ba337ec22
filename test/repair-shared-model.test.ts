/**
 * The repair stage's additions for the streaming pipeline: a language model built on shared tables
 * scores exactly as the one loaded from its file, an adapted repairer repairs as repairBatch does,
 * and dropping the memos changes nothing but speed.
 */
import { describe, expect, it } from 'vitest';
import { createRepairer } from '../src/repair/index.ts';
import { languageModelFromShared, loadLanguageModel, loadSharedLanguageModel } from '../src/repair/language-model/trigram-model.ts';
import { stripMarks } from '../src/vietnamese/marks.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

const lm = loadLanguageModel();
const shared = loadSharedLanguageModel();

describe('language model on shared tables', () => {
  it('lives in SharedArrayBuffers and scores every trigram exactly as the file-loaded model', () => {
    expect(shared.arrays.triP.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.derived.run.buffer).toBeInstanceOf(SharedArrayBuffer);
    const m = languageModelFromShared(shared);
    const words = ['kế', 'hoạch', 'triển', 'khai', 'công', 'tác', 'phòng', 'chống', 'xã', 'năm', 'zzz'].map((w) => lm.wordId(w));
    expect(words.map((w, i) => m.wordId(['kế', 'hoạch', 'triển', 'khai', 'công', 'tác', 'phòng', 'chống', 'xã', 'năm', 'zzz'][i]!))).toEqual(words);
    const ws = Int32Array.from(words);
    const a = new Float64Array(ws.length);
    const b = new Float64Array(ws.length);
    for (const w1 of [lm.bosId, ...words]) {
      for (const w2 of [lm.bosId, ...words]) {
        lm.logProbRow(w1, w2, ws, a);
        m.logProbRow(w1, w2, ws, b);
        expect(Array.from(b)).toEqual(Array.from(a));
        for (const w3 of words) expect(m.logProb(w1, w2, w3)).toBe(lm.logProb(w1, w2, w3));
      }
    }
  });
});

describe('adapted repairer', () => {
  const docs = generateCorpus(6, 3).map((g, i) => ({
    ...g.input.ingested,
    pages: [{ pageNumber: 1, lines: i % 2 === 0 ? g.input.ingested.pages[0]!.lines : g.input.ingested.pages[0]!.lines.map(stripMarks), ocrConfidence: null }],
  }));
  const repairer = createRepairer({ languageModel: lm, memoSlabs: 4 });

  it('repairs one document at a time exactly as repairBatch repairs the batch', () => {
    const batch = repairer.repairBatch(docs);
    const clean = docs.filter((d) => repairer.textKind(d) === 'clean').map((d) => d.pages[0]!.lines.join('\n'));
    expect(clean).toHaveLength(3);
    const adapted = repairer.adapted(clean);
    expect(adapted.adaptationTokens).toBeGreaterThan(1000);
    docs.forEach((d, i) => expect(adapted.repairDocument(d, repairer.textKind(d))).toEqual(batch[i]));
  });

  it('gives the same repair after its memos are dropped', () => {
    const adapted = repairer.adapted([docs[0]!.pages[0]!.lines.join('\n')]);
    const first = adapted.repairDocument(docs[1]!);
    adapted.clearCaches();
    expect(adapted.repairDocument(docs[1]!)).toEqual(first);
    expect(first.lines.some((l) => l.text !== l.raw)).toBe(true);
  });
});
