import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RepairedDocument } from '../schemas/index.ts';
import { Extraction } from '../schemas/index.ts';
import { extractRecord } from '../src/extract/index.ts';
import { segmentDocument } from '../src/segment/index.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/documents');
const doc = (lines: string[]): RepairedDocument => ({
  docId: 'fuzz',
  wasClean: true,
  lines: lines.map((t, i) => ({ lineNo: i + 1, pageNumber: 1, raw: t, text: t, confidence: 1, tokens: [] })),
});

describe('segment + extract never crash', () => {
  it('handles degenerate documents', () => {
    for (const lines of [[], [''], ['KẾ HOẠCH'], ['I. MỤC ĐÍCH', 'II.'], ['Nơi nhận:'], ['Số:', 'ngày tháng năm'], ['\t\t'], ['1.', '(1)', 'a)', '-', 'Đơn vị chủ trì:']]) {
      const ex = extractRecord(segmentDocument(doc(lines)));
      expect(() => Extraction.parse(ex)).not.toThrow();
    }
  });

  it('handles shuffled, truncated lines of real-looking documents', () => {
    const pool = readdirSync(fixtures).filter((f) => f.endsWith('.txt')).flatMap((f) => readFileSync(join(fixtures, f), 'utf8').split('\n'));
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 60; k++) {
      const lines = Array.from({ length: Math.floor(rnd() * 80) }, () => pool[Math.floor(rnd() * pool.length)].slice(0, Math.floor(rnd() * 160)));
      const ex = extractRecord(segmentDocument(doc(lines)));
      // Provenance spans point inside the document.
      for (const span of [...ex.provenance.tasks, ...ex.provenance.references, ...ex.provenance.recipients]) {
        expect(span.start).toBeGreaterThanOrEqual(1);
        expect(span.end).toBeLessThanOrEqual(Math.max(lines.length, 1));
      }
    }
  });
});
