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
    .option('--limit <n>', 'documents per page (the totals per check always cover every document)', '100')
    .option('--offset <n>', 'first document of the page (0-based)', '0')
    .option('--all', 'every document on one page')
    .addHelpText('after', examples('vnplan qa', 'vnplan qa --db output/province.sqlite --json --all > qa.json', 'vnplan qa --offset 100 --limit 100'))
    .action((opts: { db: string; json?: boolean; doc?: string[]; lowConfidence?: string; limit: string; offset: string; all?: boolean }) => {
      // A missing database is a real failure (non-zero exit); findings are not.
      const db = openStoreForReading(opts.db);
      try {
        const lowConfidence = opts.lowConfidence === undefined ? undefined : Number(opts.lowConfidence);
        const limit = Number(opts.limit);
        const offset = Number(opts.offset);
        if (!Number.isInteger(limit) || limit < 1) throw new Error(`--limit must be a whole number ≥ 1, got "${opts.limit}"`);
        if (!Number.isInteger(offset) || offset < 0) throw new Error(`--offset must be a whole number ≥ 0, got "${opts.offset}"`);
        const report = runQa(db, { docIds: opts.doc, lowConfidence, limit: opts.all ? Infinity : limit, offset });
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatQaTable(report, { color: process.stdout.isTTY })}\n`);
      } finally {
        db.close();
      }
    });
}
