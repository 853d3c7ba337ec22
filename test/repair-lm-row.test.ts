import { describe, expect, it } from 'vitest';
import { buildAdaptiveModel } from '../src/repair/language-model/adaptive.ts';
import { lmSegments } from '../src/repair/language-model/tokenize.ts';
import { loadLanguageModel } from '../src/repair/language-model/trigram-model.ts';
import { buildSimpleLanguageModel } from '../src/repair/decoder/simple-lm.ts';
import type { LanguageModel } from '../src/repair/types.ts';
import { mulberry32 } from './helpers/random.ts';

// Written for this test: ordinary administrative wording, so many of its trigrams are in the model.
const TEXT = `Ủy ban nhân dân xã ban hành kế hoạch triển khai thực hiện chuyển đổi số năm 2025.
Các thôn, tổ dân phố tổ chức tuyên truyền, hướng dẫn người dân cài đặt và sử dụng ứng dụng.
Giao công chức văn phòng thống kê theo dõi, tổng hợp kết quả và báo cáo Chủ tịch Ủy ban nhân dân xã.`;

/** Contexts and candidate rows the decoder meets: text pairs (trigrams found), sentence start, <unk>, random words. */
function cases(m: LanguageModel, extraIds: number[] = []): { w1: number; w2: number; ws: Int32Array }[] {
  const rand = mulberry32(7);
  const textIds = lmSegments(TEXT).flat().map((t) => m.wordId(t));
  const pick = () => (rand() < 0.6 ? textIds[Math.floor(rand() * textIds.length)]! : Math.floor(rand() * m.vocabSize));
  const out: { w1: number; w2: number; ws: Int32Array }[] = [];
  for (let i = 0; i + 1 < textIds.length; i++) {
    const ws = new Int32Array([...textIds.slice(i + 2, i + 6), m.unkId, m.eosId, ...extraIds, ...Array.from({ length: 8 }, pick)]);
    out.push({ w1: textIds[i]!, w2: textIds[i + 1]!, ws });
    out.push({ w1: m.unkId, w2: textIds[i + 1]!, ws });
    out.push({ w1: m.bosId, w2: m.bosId, ws });
    out.push({ w1: pick(), w2: pick(), ws });
  }
  return out;
}

/** logProbRow must equal logProb bit for bit: the decoder's output may not move by one ulp. */
function expectRowsIdentical(m: LanguageModel, extraIds: number[] = []): void {
  let compared = 0;
  for (const { w1, w2, ws } of cases(m, extraIds)) {
    const row = new Float64Array(ws.length);
    m.logProbRow(w1, w2, ws, row);
    for (let k = 0; k < ws.length; k++) {
      const one = m.logProb(w1, w2, ws[k]!);
      if (!Object.is(row[k], one)) expect({ w1, w2, w3: ws[k], row: row[k] }).toEqual({ w1, w2, w3: ws[k], row: one });
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(1000);
}

/** A row read from the middle of a larger id buffer (start, count) equals the row of those ids alone. */
function expectWindowedRowsIdentical(m: LanguageModel): void {
  let compared = 0;
  for (const { w1, w2, ws } of cases(m)) {
    const start = 3, count = ws.length - 5;
    const whole = new Float64Array(ws.length);
    m.logProbRow(w1, w2, ws.slice(start, start + count), whole);
    const part = new Float64Array(ws.length).fill(NaN);
    m.logProbRow(w1, w2, ws, part, start, count);
    for (let k = 0; k < count; k++) {
      if (!Object.is(part[k], whole[k])) expect({ w1, w2, k, part: part[k] }).toEqual({ w1, w2, k, part: whole[k] });
      compared++;
    }
    // nothing is written beyond the window's length
    expect(Number.isNaN(part[count])).toBe(true);
  }
  expect(compared).toBeGreaterThan(1000);
}

describe('LanguageModel.logProbRow', () => {
  const base = loadLanguageModel();

  it('equals logProb for the syllable trigram model', () => {
    expectRowsIdentical(base);
  });

  it('equals logProb for the batch-adapted model, words new to the base included', () => {
    const adapted = buildAdaptiveModel(base, [TEXT, 'Xã Krôngzzy triển khai mô hình Krôngzzy số.']);
    const fresh = adapted.wordId('krôngzzy');
    expect(fresh).toBeGreaterThanOrEqual(base.vocabSize);
    expectRowsIdentical(adapted, [fresh]);
  });

  it('equals logProb for the small development model', () => {
    expectRowsIdentical(buildSimpleLanguageModel([TEXT]));
  });

  it('reads a window of a larger id buffer (start, count) exactly as the ids alone', () => {
    expectWindowedRowsIdentical(base);
    expectWindowedRowsIdentical(buildAdaptiveModel(base, [TEXT]));
    expectWindowedRowsIdentical(buildSimpleLanguageModel([TEXT]));
  });
});
