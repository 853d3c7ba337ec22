import type { IngestedDocument, RepairedDocument, RepairedLine } from '../../schemas/index.ts';
import type { Repairer } from './types.ts';

export type { Repairer, RepairOptions } from './types.ts';

/** Whitespace-separated tokens of a line with their offsets. */
export function splitTokens(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  for (const m of line.matchAll(/\S+/g)) out.push({ text: m[0], start: m.index ?? 0 });
  return out;
}

/** Flattens the pages into numbered lines: the line numbers every later stage refers to. */
export function numberedLines(doc: IngestedDocument): { lineNo: number; pageNumber: number; raw: string }[] {
  const out: { lineNo: number; pageNumber: number; raw: string }[] = [];
  for (const page of doc.pages) for (const raw of page.lines) out.push({ lineNo: out.length + 1, pageNumber: page.pageNumber, raw });
  return out;
}

/** First version: keeps every token as read (confidence 1). The repair engine replaces it. */
export function identityLine(l: { lineNo: number; pageNumber: number; raw: string }): RepairedLine {
  return {
    ...l,
    text: l.raw,
    confidence: 1,
    tokens: splitTokens(l.raw).map((t) => ({ original: t.text, repaired: t.text, confidence: 1, start: t.start })),
  };
}

export function createRepairer(): Repairer {
  const repairDocument = (doc: IngestedDocument): RepairedDocument => ({
    docId: doc.docId,
    wasClean: false,
    lines: numberedLines(doc).map(identityLine),
  });
  return { repairDocument, repairBatch: (docs) => docs.map(repairDocument) };
}
