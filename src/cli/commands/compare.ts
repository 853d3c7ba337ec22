import type { Command } from 'commander';
import { comparePlans, formatComparison, loadPlanDocs, resolveDocumentRef, storeIdf } from '../../analysis/compare.ts';
import { DEFAULT_DB, openStoreReadonly } from '../../analysis/report/open-db.ts';

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Compare two stored plans: aligned sections, text similarity, tasks and targets one has and the other lacks')
    .argument('<a>', 'document: row id, doc id or source path in the store')
    .argument('<b>', 'document: row id, doc id or source path in the store')
    .option('--db <path>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the comparison as JSON')
    .action((a: string, b: string, opts: { db: string; json?: boolean }) => {
      const db = openStoreReadonly(opts.db);
      try {
        const ids = [resolveDocumentRef(db, a), resolveDocumentRef(db, b)];
        const all = loadPlanDocs(db);
        const byId = new Map(all.map((d) => [d.id, d]));
        const c = comparePlans(byId.get(ids[0])!, byId.get(ids[1])!, storeIdf(all));
        console.log(opts.json ? JSON.stringify(c, null, 2) : formatComparison(c));
      } finally {
        db.close();
      }
    });
}
