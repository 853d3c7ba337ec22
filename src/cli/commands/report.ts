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
    .option('--pages <n>', 'documents that get a page with their full text (templates first, then the least certain repairs)', '300')
    .option('--doc <ids...>', 'also write the pages of these documents (row ids)')
    .option('--page-size <n>', 'rows per page of the documents tables', '500')
    .option('--json', 'print what was written as JSON')
    .addHelpText('after', examples('vnplan report', 'vnplan report --db output/province.sqlite --out output/province-report', 'vnplan report --doc 1234 5678'))
    .action((opts: { db: string; out: string; threshold: string; pages: string; doc?: string[]; pageSize: string; json?: boolean }) => {
      const threshold = Number(opts.threshold);
      if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
        throw new Error(`--threshold must be a number in (0, 1], got "${opts.threshold}"`);
      }
      const db = openStoreReadonly(opts.db);
      try {
        const whole = (name: string, v: string) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${v}"`);
          return n;
        };
        const documentPages = (opts.doc ?? []).map((id) => whole('--doc', id));
        const r = buildReport(db, {
          outDir: opts.out,
          dbPath: opts.db,
          threshold,
          maxDocumentPages: whole('--pages', opts.pages),
          pageSize: whole('--page-size', opts.pageSize),
          documentPages,
        });
        if (opts.json) printJson(r);
        else console.log(`report: ${r.index}, ${r.provincePages} province pages and ${r.documentPages} document pages (${(r.bytes / 1e6).toFixed(1)} MB)`);
      } finally {
        db.close();
      }
    });
}
