import type { Command } from 'commander';
import { buildReport } from '../../analysis/report/build.ts';
import { DEFAULT_DB, openStoreReadonly } from '../../analysis/report/open-db.ts';
import { DEFAULT_CLUSTER_THRESHOLD } from '../../analysis/similar.ts';
import { examples, printJson } from '../options.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Static HTML report: coverage heatmap, targets, unit workload, similarity, and one page per document')
    .option('--db <path>', 'SQLite store', DEFAULT_DB)
    .option('--out <dir>', 'output folder', 'output/report')
    .option('--threshold <t>', 'cosine above which plans share a template (0..1)', String(DEFAULT_CLUSTER_THRESHOLD))
    .option('--json', 'print what was written as JSON')
    .addHelpText('after', examples('vnplan report', 'vnplan report --db output/province.sqlite --out output/province-report'))
    .action((opts: { db: string; out: string; threshold: string; json?: boolean }) => {
      const threshold = Number(opts.threshold);
      if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
        throw new Error(`--threshold must be a number in (0, 1], got "${opts.threshold}"`);
      }
      const db = openStoreReadonly(opts.db);
      try {
        const r = buildReport(db, { outDir: opts.out, dbPath: opts.db, threshold });
        if (opts.json) printJson(r);
        else console.log(`report: ${r.index} and ${r.documentPages} document pages`);
      } finally {
        db.close();
      }
    });
}
