import { describe, expect, it } from 'vitest';
import { buildAdaptiveModel } from '../src/repair/language-model/adaptive.ts';
import { lmSegments } from '../src/repair/language-model/tokenize.ts';
import { loadLanguageModel } from '../src/repair/language-model/trigram-model.ts';
import type { LanguageModel } from '../src/repair/types.ts';

const base = loadLanguageModel();

const phraseLogProb = (m: LanguageModel, s: string) => {
  let [a, b] = [m.bosId, m.bosId];
  let total = 0;
  for (const w of lmSegments(s)[0]!.map((t) => m.wordId(t))) {
    total += m.logProb(a, b, w);
    [a, b] = [b, w];
  }
  return total;
};

// A born-digital plan of the batch (written for this test).
const CLEAN_PLAN = `KẾ HOẠCH
Triển khai mô hình Tổ công nghệ số cộng đồng trên địa bàn xã Krông Nô
Tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt ứng dụng VNeID.
Mỗi thôn thành lập một Tổ công nghệ số cộng đồng do trưởng thôn làm tổ trưởng.`;

describe('batch adaptation', () => {
  const adapted = buildAdaptiveModel(base, [CLEAN_PLAN]);

  it('raises the probability of an in-batch phrase', () => {
    const phrase = 'tổ công nghệ số cộng đồng hướng dẫn người dân';
    expect(phraseLogProb(adapted, phrase)).toBeGreaterThan(phraseLogProb(base, phrase) + 1);
  });

  it('keeps out-of-batch text close to the base model', () => {
    const other = 'bộ tài chính hướng dẫn quyết toán kinh phí';
    expect(Math.abs(phraseLogProb(adapted, other) - phraseLogProb(base, other))).toBeLessThan(2);
  });

  it('gives words the base lacks fresh ids and a probability above unknown words', () => {
    const krong = adapted.wordId('krông');
    expect(base.wordId('krông') === base.unkId ? krong >= base.vocabSize : krong < base.vocabSize).toBe(true);
    expect(adapted.vocabSize).toBeGreaterThanOrEqual(base.vocabSize);
    const xa = adapted.wordId('xã');
    expect(adapted.logProb(base.bosId, xa, krong)).toBeGreaterThan(adapted.logProb(base.bosId, xa, adapted.unkId));
  });

  it('stays normalised in an in-batch context', () => {
    const [a, b] = [adapted.wordId('công'), adapted.wordId('nghệ')];
    let s = 0;
    for (let w = 0; w < adapted.vocabSize; w++) if (w !== adapted.bosId) s += 10 ** adapted.logProb(a, b, w);
    // new words share the base's <unk> mass, so the total may exceed 1 by a little
    expect(s).toBeGreaterThan(0.99);
    expect(s).toBeLessThan(1.05);
  });
});
