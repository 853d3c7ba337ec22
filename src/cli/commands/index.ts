import type { Command } from 'commander';

type Register = (program: Command) => void;

/**
 * Each command module exports a register function; add yours to this table. Modules load on
 * demand: `vnplan qa` imports the QA command alone, not the OCR engine and the repair models the
 * other commands bring in (about half a second of start-up).
 */
export const COMMAND_MODULES: Record<string, () => Promise<Register>> = {
  run: async () => (await import('./run.ts')).register,
  worker: async () => (await import('./worker.ts')).register,
  repair: async () => (await import('./repair.ts')).register,
  extract: async () => (await import('./extract.ts')).register,
  compare: async () => (await import('./compare.ts')).registerCompare,
  similar: async () => (await import('./similar.ts')).registerSimilar,
  report: async () => (await import('./report.ts')).registerReport,
  qa: async () => (await import('./qa.ts')).registerQa,
  aggregate: async () => (await import('./aggregate.ts')).registerAggregate,
};

/** The register functions of the command named in `argv` when there is one, else of every command (help, errors). */
export async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  const name = argv.find((a) => !a.startsWith('-'));
  const names = name && name in COMMAND_MODULES ? [name] : Object.keys(COMMAND_MODULES);
  return Promise.all(names.map((n) => COMMAND_MODULES[n]!()));
}
