import type { Command } from 'commander';
import { register as registerRun } from './run.ts';
import { register as registerRepair } from './repair.ts';
import { register as registerExtract } from './extract.ts';
import { registerQa } from './qa.ts';
import { registerAggregate } from './aggregate.ts';
import { registerCompare } from './compare.ts';
import { registerSimilar } from './similar.ts';
import { registerReport } from './report.ts';

/** Each command module exports `register(program)`; add yours to this list. */
export const COMMANDS: ((program: Command) => void)[] = [
  registerRun,
  registerRepair,
  registerExtract,
  registerCompare,
  registerSimilar,
  registerReport,
  registerQa,
  registerAggregate,
];
