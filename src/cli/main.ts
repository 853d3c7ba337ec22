import { Command } from 'commander';
import { formatVersion, readPipelineVersion } from '../pipeline/version.ts';
import { COMMANDS } from './commands/index.ts';

/** Entry point of the `vnplan` binary: every sub-command registers itself from src/cli/commands/. */
export function buildProgram(): Command {
  const program = new Command('vnplan')
    .description('Vietnamese commune plans and reports: OCR repair, sections and structured extraction into SQLite')
    // Printed on demand: the model hashes are computed only when someone asks.
    .option('-V, --version', 'print the version of vnplan and of its models')
    .option('--verbose', "let the OCR engine's own messages through to stderr")
    .showHelpAfterError()
    .exitOverride()
    .addHelpText('after', '\nExample:\n  $ vnplan run corpus --db output/plans.sqlite && vnplan qa --db output/plans.sqlite\n\nEvery command has --help with an example.');
  program.on('option:version', () => {
    process.stdout.write(`${formatVersion(readPipelineVersion())}\n`);
    process.exit(0);
  });
  for (const register of COMMANDS) register(program);
  return program;
}

// `vnplan … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  const err = e as { code?: string; exitCode?: number; message?: string };
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0);
  if (err.code?.startsWith('commander.')) process.exit(err.exitCode ?? 2);
  console.error(`vnplan: ${err.message ?? String(e)}`);
  process.exit(1);
}
