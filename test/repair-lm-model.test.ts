import { describe, expect, it } from 'vitest';
import { buildFromDocuments, DEFAULT_BUILD_OPTIONS, encodeTrigramArrays } from '../src/repair/language-model/build-language-model.ts';
import { restoreDiacritics } from '../src/repair/language-model/diacritic-viterbi.ts';
import { lmSegments, lmToken } from '../src/repair/language-model/tokenize.ts';
import { loadLanguageModel, trigramArraysFromBytes, trigramModelFromArrays } from '../src/repair/language-model/trigram-model.ts';
import type { LanguageModel } from '../src/repair/types.ts';
import { stripMarks } from '../src/repair/syllable/syllable.ts';

const lm = loadLanguageModel();

const ids = (m: LanguageModel, s: string) => lmSegments(s)[0]!.map((t) => m.wordId(t));
const score = (m: LanguageModel, s: string) => {
  let [a, b] = [m.bosId, m.bosId];
  let total = 0;
  for (const w of [...ids(m, s), m.eosId]) {
    total += m.logProb(a, b, w);
    [a, b] = [b, w];
  }
  return total;
};
const mass = (m: LanguageModel, w1: number, w2: number) => {
  let s = 0;
  for (let w = 0; w < m.vocabSize; w++) if (w !== m.bosId) s += 10 ** m.logProb(w1, w2, w);
  return s;
};

describe('language model tokens', () => {
  it('maps numbers and document codes to classes without breaking the segment', () => {
    expect(lmSegments('Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị')).toEqual([
      ['thực', 'hiện', 'nghị', 'quyết', 'số', '<code>', 'ngày', '<num>', 'của', 'bộ', 'chính', 'trị'],
    ]);
    expect(lmToken('1.000.000')).toBe('<num>');
    expect(lmToken('KH-UBND')).toBe('<code>');
  });

  it('ends segments at sentence punctuation, not at commas', () => {
    expect(lmSegments('Mục đích: nâng cao, phát huy. Yêu cầu')).toEqual([['mục', 'đích'], ['nâng', 'cao', 'phát', 'huy'], ['yêu', 'cầu']]);
  });
});

describe('committed syllable trigram model', () => {
  it('loads with a syllable vocabulary and class tokens', () => {
    expect(lm.vocabSize).toBeGreaterThan(5000);
    for (const w of ['của', 'ủy', 'ban', 'xã', 'ubnd', '<num>', '<code>']) expect(lm.wordId(w), w).not.toBe(lm.unkId);
    expect(lm.wordId('57-NQ/TW')).toBe(lm.wordId('<code>'));
    expect(lm.wordId('qwzx')).toBe(lm.unkId);
  });

  it('names the file when a model cannot be read', () => {
    expect(() => loadLanguageModel('/nonexistent/model.bin')).toThrow(/nonexistent\/model\.bin/);
    expect(() => trigramArraysFromBytes(new TextEncoder().encode('not a model at all'), 'bad.bin')).toThrow(/bad\.bin.*magic/);
  });

  it('ranks a fluent sentence above the same words scrambled', () => {
    const fluent = 'ủy ban nhân dân xã có trách nhiệm tổ chức thực hiện kế hoạch này';
    const scrambled = 'hoạch trách ban tổ này dân có kế xã thực nhân ủy chức hiện nhiệm';
    expect(score(lm, fluent)).toBeGreaterThan(score(lm, scrambled) + 10);
    expect(score(lm, 'số 57-NQ/TW ngày 22/12/2024 của')).toBeGreaterThan(score(lm, 'số 57-NQ/TW ngày 22/12/2024 cua'));
  });

  it('is a normalised distribution in seen, unseen and sentence-start contexts', () => {
    for (const [a, b] of [['<s>', '<s>'], ['ủy', 'ban'], ['qwzx', 'của'], ['số', '<code>']]) {
      expect(mass(lm, lm.wordId(a!), lm.wordId(b!))).toBeCloseTo(1, 2);
    }
  });

  it('knows the marked spelling of abbreviations inside codes', () => {
    expect(lm.markAbbreviation('QD')).toBe('QĐ');
    expect(lm.markAbbreviation('HDND')).toBe('HĐND');
    expect(lm.markAbbreviation('UBND')).toBe('UBND');
    expect(restoreDiacritics(lm, 'Quyet dinh so 1315/QD-UBND cua UBND tinh')).toBe('Quyết định số 1315/QĐ-UBND của UBND tỉnh');
  });

  it('restores the marks of a stripped sentence', () => {
    const text = 'Ủy ban nhân dân xã có trách nhiệm tổ chức triển khai thực hiện kế hoạch này.';
    expect(restoreDiacritics(lm, stripMarks(text))).toBe(text);
  });
});

describe('Kneser-Ney builder', () => {
  const docs = [
    'Người dân được hướng dẫn sử dụng dịch vụ công trực tuyến.\nCán bộ xã hướng dẫn người dân sử dụng dịch vụ công.',
    'Xã tổ chức hướng dẫn người dân cài đặt ứng dụng.\nNgười dân được hướng dẫn cài đặt ứng dụng định danh.',
  ];
  const arrays = buildFromDocuments(docs, { ...DEFAULT_BUILD_OPTIONS, minSyllableCount: 1, minWordCount: 1, minTrigramCount: 1 });
  const small = trigramModelFromArrays(arrays);

  it('estimates a normalised model from a tiny corpus', () => {
    for (const [a, b] of [['<s>', '<s>'], ['hướng', 'dẫn'], ['người', 'dân'], ['ứng', 'dụng']]) {
      expect(mass(small, small.wordId(a!), small.wordId(b!))).toBeCloseTo(1, 3);
    }
    const h = small.wordId('hướng');
    const d = small.wordId('dẫn');
    expect(small.logProb(small.wordId('được'), h, d)).toBeGreaterThan(small.logProb(small.wordId('được'), h, small.wordId('xã')));
  });

  it('survives the binary round trip within quantisation error', () => {
    const back = trigramModelFromArrays(trigramArraysFromBytes(encodeTrigramArrays(arrays)));
    const [a, b, c] = ['người', 'dân', 'được'].map((w) => small.wordId(w));
    expect(back.vocabSize).toBe(small.vocabSize);
    expect(back.logProb(a!, b!, c!)).toBeCloseTo(small.logProb(a!, b!, c!), 3);
  });
});
