import { describe, expect, it } from 'vitest';
import { batchCleanTexts } from '../src/pipeline/run.ts';

/** Clean documents as (file order, text); the hash is the text. */
function keptAfter(arrivals: [number, string][], maxChars: number): string[] {
  const b = batchCleanTexts(maxChars);
  for (const [order, text] of arrivals) b.add(order, text, () => text);
  return b.texts();
}

describe('the clean texts a batch adapts to', () => {
  const docs: [number, string][] = [
    [0, 'aaaa'],
    [2, 'bbbbbb'],
    [3, 'cc'],
    [5, 'dddd'],
    [8, 'e'],
  ];

  it('are the longest run of clean documents in file order that fits, whatever order they finish in', () => {
    const inOrder = keptAfter(docs, 12);
    expect(inOrder).toEqual(['aaaa', 'bbbbbb', 'cc']);
    // every order of arrival gives the same texts
    const orders = [
      [4, 3, 2, 1, 0],
      [1, 0, 3, 2, 4],
      [2, 4, 0, 3, 1],
      [3, 1, 4, 0, 2],
    ];
    for (const o of orders) expect(keptAfter(o.map((i) => docs[i]!), 12)).toEqual(inOrder);
  });

  it('stop at the first document that does not fit, even when a later small one would', () => {
    // 'dddd' is pushed out when 'cc' arrives; 'e' arrives after and must not slip in behind it
    const arrivals: [number, string][] = [[0, 'aaaa'], [5, 'dddd'], [2, 'bbbbbb'], [3, 'cc'], [8, 'e']];
    expect(keptAfter(arrivals, 13)).toEqual(['aaaa', 'bbbbbb', 'cc']);
    expect(keptAfter([...arrivals].sort((a, b) => a[0] - b[0]), 13)).toEqual(['aaaa', 'bbbbbb', 'cc']);
  });

  it('count a file given twice once, and remember every clean document seen', () => {
    const b = batchCleanTexts(100);
    b.add(4, 'h1', () => 'same text');
    b.add(1, 'h2', () => 'other');
    b.add(0, 'h1', () => 'same text');
    expect(b.texts()).toEqual(['same text', 'other']);
    expect(b.chars()).toBe('same text'.length + 'other'.length);
    const small = batchCleanTexts(3);
    small.add(0, 'x', () => 'long text');
    expect(small.texts()).toEqual([]);
    expect([...small.hashes]).toEqual(['x']);
  });
});
