import type { Command } from 'commander';
import { registerQa } from './qa.ts';
import { registerCompare } from './compare.ts';
import { registerSimilar } from './similar.ts';
import { registerReport } from './report.ts';

/** Each command module exports `register(program)`; add yours to this list. */
export const COMMANDS: ((program: Command) => void)[] = [
  registerCompare,
  registerSimilar,
  registerReport,
  registerQa,
];
