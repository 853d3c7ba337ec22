/**
 * A small in-memory trigram model (absolute-discount interpolation) implementing LanguageModel. It
 * serves tests and development on small texts; the product uses the pruned Kneser–Ney model from
 * src/repair/language-model/.
 */
import type { LanguageModel } from '../types.ts';
import { clausesOf } from './lm-tokens.ts';

const D = 0.7;

export function buildSimpleLanguageModel(texts: Iterable<string>): LanguageModel {
  const ids = new Map<string, number>([['<s>', 0], ['</s>', 1], ['<unk>', 2]]);
  const id = (w: string) => {
    let k = ids.get(w);
    if (k === undefined) ids.set(w, (k = ids.size));
    return k;
  };
  const uni = new Map<number, number>();
  const bi = new Map<number, Map<number, number>>();
  const tri = new Map<string, Map<number, number>>();
  let total = 0;
  const inc = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const text of texts) {
    for (const line of text.split('\n')) {
      for (const clause of clausesOf(line)) {
        const seq = [0, 0, ...clause.map(id), 1];
        for (let i = 2; i < seq.length; i++) {
          inc(uni, seq[i]);
          total++;
          let b = bi.get(seq[i - 1]);
          if (!b) bi.set(seq[i - 1], (b = new Map()));
          inc(b, seq[i]);
          const tk = `${seq[i - 2]},${seq[i - 1]}`;
          let t = tri.get(tk);
          if (!t) tri.set(tk, (t = new Map()));
          inc(t, seq[i]);
        }
      }
    }
  }
  const sum = (m: Map<number, number>) => { let s = 0; for (const v of m.values()) s += v; return s; };
  const biTot = new Map<number, number>([...bi].map(([k, m]) => [k, sum(m)]));
  const triTot = new Map<string, number>([...tri].map(([k, m]) => [k, sum(m)]));
  const V = ids.size;
  const pUni = (w: number) => ((uni.get(w) ?? 0) + 0.01) / (total + 0.01 * (V + 1000));
  const pBi = (w2: number, w3: number) => {
    const m = bi.get(w2);
    if (!m) return pUni(w3);
    const n = biTot.get(w2)!;
    return Math.max((m.get(w3) ?? 0) - D, 0) / n + ((D * m.size) / n) * pUni(w3);
  };
  const logProb = (w1: number, w2: number, w3: number): number => {
    const tk = `${w1},${w2}`;
    const m = tri.get(tk);
    if (!m) return Math.log10(pBi(w2, w3));
    const n = triTot.get(tk)!;
    return Math.log10(Math.max((m.get(w3) ?? 0) - D, 0) / n + ((D * m.size) / n) * pBi(w2, w3));
  };
  return {
    logProb,
    logProbRow(w1: number, w2: number, ws: Int32Array, out: Float64Array, start = 0, count = ws.length - start) {
      for (let k = 0; k < count; k++) out[k] = logProb(w1, w2, ws[start + k]!);
    },
    vocabSize: V,
    bosId: 0,
    eosId: 1,
    unkId: 2,
    wordId: (t: string) => ids.get(t) ?? 2,
    unigramLogProb: (w: number) => Math.log10(pUni(w)),
  };
}
