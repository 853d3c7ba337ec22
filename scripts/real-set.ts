/**
 * The real development set (../shared/gold/real) and its fixed honesty split, defined once here.
 *
 * The documents are taken in sorted order of their ids and dealt alternately: the 1st, 3rd, 5th …
 * form the DEVELOPMENT half (rules are written looking only at its errors), the 2nd, 4th, 6th …
 * the HELD-OUT half (scored only when a change is finished, never read to write rules). The split
 * depends only on the sorted ids, so a new document changes it predictably, and both halves mix
 * provinces, plans, decisions and appendix tables.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export type Half = 'dev' | 'heldout';

/** Ids of the real documents under `realDir` (the files of text/), sorted. */
export function realIds(realDir: string): string[] {
  return readdirSync(join(realDir, 'text'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => basename(f, '.txt'))
    .sort();
}

/** The half a document belongs to: alternating over the sorted ids, starting with dev. */
export function halfOf(ids: readonly string[], id: string): Half {
  const i = [...ids].sort().indexOf(id);
  if (i < 0) throw new Error(`${id} is not in the real set`);
  return i % 2 === 0 ? 'dev' : 'heldout';
}

export function splitReal(ids: readonly string[]): Record<Half, string[]> {
  const sorted = [...ids].sort();
  return { dev: sorted.filter((_, i) => i % 2 === 0), heldout: sorted.filter((_, i) => i % 2 === 1) };
}
