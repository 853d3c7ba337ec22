import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { aggregate } from '../../analysis/aggregate.ts';
import { AGGREGATE_SECTIONS, aggregateCsv, formatAggregateTables, type AggregateSection } from '../../analysis/aggregate-format.ts';
import { openStoreForReading } from '../../store/index.ts';
import { examples } from '../options.ts';

interface AggregateCliOptions {
  db: string;
  province?: string;
  format: 'table' | 'csv' | 'json';
  json?: boolean;
  out?: string;
  only?: AggregateSection;
  asOf: string;
  limit: string;
}

function write(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text);
}

/** `vnplan aggregate [--db] [--province P] [--format table|csv|json] [--out file] [--only section]` */
export function registerAggregate(program: Command): void {
  program
    .command('aggregate')
    .description('per province and commune: documents, section coverage, targets side by side (and against the provincial plan), work per unit, upcoming deadlines')
    .option('--db <path>', 'SQLite store', 'output/plans.sqlite')
    .option('--province <name>', 'only this province (case and diacritics optional)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .addOption(new Option('--json', 'same as --format json').conflicts('format'))
    .option('--out <file>', 'write to this file; with csv and no --only, one file per table: <file>-places.csv, …')
    .addOption(new Option('--only <section>', 'just one table').choices([...AGGREGATE_SECTIONS]))
    .option('--as-of <date>', 'deadlines on or after this ISO date are upcoming', new Date().toISOString().slice(0, 10))
    .option('--limit <n>', 'rows per table on the terminal', '25')
    .addHelpText('after', examples('vnplan aggregate --province "Quảng Ngãi"', 'vnplan aggregate --json --only targets', 'vnplan aggregate --format csv --out output/aggregate.csv'))
    .action((opts: AggregateCliOptions) => {
      if (opts.json) opts.format = 'json';
      const db = openStoreForReading(opts.db);
      try {
        const report = aggregate(db, { province: opts.province ?? null, asOf: opts.asOf });
        const sections = opts.only ? [opts.only] : [...AGGREGATE_SECTIONS];
        if (opts.format === 'csv') {
          if (sections.length === 1) {
            const csv = aggregateCsv(report, sections[0], { bom: opts.out !== undefined });
            if (opts.out) write(opts.out, csv);
            else process.stdout.write(csv);
          } else {
            if (!opts.out) throw new Error('a CSV file holds one table: choose --only <places|targets|workload|deadlines>, or give --out <file> to write one file per table');
            const stem = opts.out.replace(/\.csv$/i, '');
            for (const s of sections) {
              write(`${stem}-${s}.csv`, aggregateCsv(report, s));
              process.stderr.write(`wrote ${stem}-${s}.csv\n`);
            }
          }
          return;
        }
        let text: string;
        if (opts.format === 'json') {
          const body = opts.only ? { province: report.province, asOf: report.asOf, [opts.only]: report[opts.only] } : report;
          text = `${JSON.stringify(body, null, 2)}\n`;
        } else {
          const limit = Number.parseInt(opts.limit, 10);
          if (!Number.isFinite(limit) || limit < 1) throw new Error(`--limit must be a positive integer, got "${opts.limit}"`);
          text = `${formatAggregateTables(report, { color: !opts.out && process.stdout.isTTY, limit, sections })}\n`;
        }
        if (opts.out) write(opts.out, text);
        else process.stdout.write(text);
      } finally {
        db.close();
      }
    });
}
