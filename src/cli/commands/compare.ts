import { existsSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Command } from 'commander';
import {
  comparePlans,
  formatComparison,
  loadPlanDocs,
  planDocFromRecords,
  resolveDocumentRef,
  storeIdf,
  type PlanDoc,
} from '../../analysis/compare.ts';
import { DEFAULT_DB, openStoreReadonly } from '../../analysis/report/open-db.ts';
import type { Repairer } from '../../repair/index.ts';
import { examples, globalOptions, printJson } from '../options.ts';

const isFile = (p: string) => existsSync(p) && statSync(p).isFile();

/**
 * A file not in the store goes through ingest → repair → segment → extract, nothing saved. The
 * stages load on demand: comparing stored plans need not load OCR and the language model.
 */
async function planDocFromFile(path: string, repairer: () => Promise<Repairer>, verbose: boolean): Promise<PlanDoc> {
  const [{ createIngestor }, { segmentDocument }, { extractRecord }] = await Promise.all([
    import('../../ingest/index.ts'),
    import('../../segment/index.ts'),
    import('../../extract/index.ts'),
  ]);
  const ingestor = createIngestor({ verbose });
  let ingested;
  try {
    ingested = await ingestor.ingest(path);
  } finally {
    await ingestor.close();
  }
  const segmented = segmentDocument((await repairer()).repairDocument(ingested));
  return planDocFromRecords(segmented, extractRecord(segmented));
}

function storedId(db: Database.Database | null, ref: string): number | null {
  if (!db) return null;
  try {
    return resolveDocumentRef(db, ref);
  } catch (e) {
    if (isFile(ref)) return null;
    throw e;
  }
}

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('Compare two plans: aligned sections, text similarity, tasks and targets one has and the other lacks')
    .argument('<a>', 'document: row id, doc id or source path in the store, or a file to read')
    .argument('<b>', 'document: row id, doc id or source path in the store, or a file to read')
    .option('--db <path>', 'SQLite store', DEFAULT_DB)
    .option('--json', 'print the comparison as JSON')
    .addHelpText('after', examples('vnplan compare 000_329415de9d9b3952 003_27ba9e7f774b227c', 'vnplan compare plan-a.pdf plan-b.docx --json'))
    .action(async (a: string, b: string, opts: { db: string; json?: boolean }, command: Command) => {
      const { verbose } = globalOptions(command);
      // Two files compare without a store; a stored reference needs it.
      const db = existsSync(opts.db) || !(isFile(a) && isFile(b)) ? openStoreReadonly(opts.db) : null;
      try {
        const ids = [storedId(db, a), storedId(db, b)];
        const stored = db ? loadPlanDocs(db) : [];
        const byId = new Map(stored.map((d) => [d.id, d]));
        let repairer: Promise<Repairer> | null = null;
        const getRepairer = () => (repairer ??= import('../../repair/index.ts').then((m) => m.createRepairer()));
        const [x, y] = await Promise.all(
          [a, b].map((ref, k) => (ids[k] !== null ? Promise.resolve(byId.get(ids[k])!) : planDocFromFile(ref, getRepairer, verbose))),
        );
        const c = comparePlans(x, y, storeIdf(stored));
        if (opts.json) printJson(c);
        else console.log(formatComparison(c));
      } finally {
        db?.close();
      }
    });
}
