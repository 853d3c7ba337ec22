import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripMarks } from '../../src/vietnamese/marks.ts';
import { generateCorpus } from './generate-corpus.ts';

/** A folder of generated plans as text files: every third one clean, the others diacritic-stripped (repair has work to do). */
export function writePlans(dir: string, n: number, seed: number): string[] {
  mkdirSync(dir, { recursive: true });
  return generateCorpus(n, seed).map((g, i) => {
    const path = join(dir, `${g.docId}-${i}.txt`);
    writeFileSync(path, i % 3 === 0 ? g.text : stripMarks(g.text));
    return path;
  });
}
