import type { Command } from 'commander';
import { formatQaTable, runQa } from '../../analysis/qa.ts';
import { openStoreForReading } from '../../store/index.ts';
import { examples, printJson } from '../options.ts';

/** `vnplan qa [--db output/plans.sqlite] [--json] [--doc <id...>]` */
export function registerQa(program: Command): void {
  program
    .command('qa')
    .description('per document: expected sections absent, tasks without lead unit or timeline, targets without year, missing number/date/signer, contradictory dates, low-confidence lines')
    .option('--db <path>', 'SQLite store', 'output/plans.sqlite')
    .option('--json', 'print the report as JSON')
    .option('--doc <ids...>', 'only these document ids')
    .option('--low-confidence <x>', 'report lines whose repair confidence is below x (default: qa_settings.low_line_confidence, 0.5)')
    .addHelpText('after', examples('vnplan qa', 'vnplan qa --db output/province.sqlite --json > qa.json'))
    .action((opts: { db: string; json?: boolean; doc?: string[]; lowConfidence?: string }) => {
      // A missing database is a real failure (non-zero exit); findings are not.
      const db = openStoreForReading(opts.db);
      try {
        const lowConfidence = opts.lowConfidence === undefined ? undefined : Number(opts.lowConfidence);
        const report = runQa(db, { docIds: opts.doc, lowConfidence });
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatQaTable(report, { color: process.stdout.isTTY })}\n`);
      } finally {
        db.close();
      }
    });
}
