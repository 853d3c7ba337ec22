import type { Command } from 'commander';
import { loadPlanDocs } from '../../analysis/compare.ts';
import { DEFAULT_DB, openStoreReadonly } from '../../analysis/report/open-db.ts';
import { DEFAULT_CLUSTER_THRESHOLD, findSimilar, formatSimilarity, similarityJson } from '../../analysis/similar.ts';
import { examples, printJson } from '../options.ts';

export function registerSimilar(program: Command): void {
  program
    .command('similar')
    .description('Corpus-wide similarity: clusters of plans copied from one template, and what each adds of its own')
    .option('--db <path>', 'SQLite store', DEFAULT_DB)
    .option('--threshold <t>', 'cosine above which plans share a template (0..1)', String(DEFAULT_CLUSTER_THRESHOLD))
    .option('--json', 'print clusters, own content and nearest neighbours as JSON')
    .option('--matrix', 'with --json: include the full similarity matrix')
    .addHelpText('after', examples('vnplan similar', 'vnplan similar --threshold 0.6 --json'))
    .action((opts: { db: string; threshold: string; json?: boolean; matrix?: boolean }) => {
      const threshold = Number(opts.threshold);
      if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
        throw new Error(`--threshold must be a number in (0, 1], got "${opts.threshold}"`);
      }
      const db = openStoreReadonly(opts.db);
      try {
        const docs = loadPlanDocs(db);
        const result = findSimilar(docs, { threshold });
        if (opts.json) printJson(similarityJson(docs, result, Boolean(opts.matrix)));
        else console.log(formatSimilarity(docs, result));
      } finally {
        db.close();
      }
    });
}
