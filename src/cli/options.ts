import type { Command } from 'commander';

/** Options every command inherits from `vnplan` itself (given before or after the command name). */
export interface GlobalOptions {
  verbose: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals() as { verbose?: boolean };
  return { verbose: Boolean(all.verbose) };
}

/** The "Example:" block shown at the end of a command's --help. */
export function examples(...lines: string[]): string {
  return `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/** Prints a value as the JSON every `--json` flag produces: two-space indented, newline-terminated. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
