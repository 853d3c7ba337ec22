import type { Command } from 'commander';
import type { Extraction } from '../../../schemas/index.ts';
import { createIngestor } from '../../ingest/index.ts';
import { createRepairer } from '../../repair/index.ts';
import { analyseRepaired } from '../../pipeline/batch.ts';
import { examples, globalOptions, printJson } from '../options.ts';

/** Human-readable digest of a record for the terminal. */
export function describeExtraction(x: Extraction): string {
  const r = x.record;
  const m = r.meta;
  return [
    `${r.doc_id}: ${m.doc_type} ${m.number ?? '(no number)'} ${m.issued_date ?? '(no date)'}`,
    `  issuer: ${m.issuer ?? '-'}  commune: ${m.commune ?? '-'} (${m.commune_type ?? '-'})  province: ${m.province ?? '-'}`,
    `  title: ${m.title ?? '-'}`,
    `  signer: ${m.signer ?? '-'} ${m.signer_role ? `(${m.signer_role})` : ''}`,
    `  sections: ${r.sections.map((s) => `${s.numbering}.${s.kind}`).join(' ') || '-'}`,
    `  tasks: ${r.tasks.length}  targets: ${r.targets.length}  references: ${r.references.length}  responsibilities: ${r.responsibilities.length}  deadlines: ${r.deadlines.length}  recipients: ${r.recipients.length}  funding: ${r.funding.present ? 'yes' : 'no'}`,
  ].join('\n');
}

export async function extractFile(path: string, opts: { verbose?: boolean } = {}): Promise<Extraction> {
  const ingestor = createIngestor({ verbose: opts.verbose });
  try {
    const doc = await ingestor.ingest(path);
    return analyseRepaired(doc, createRepairer().repairDocument(doc)).extraction;
  } finally {
    await ingestor.close();
  }
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('run the whole pipeline on one file and print its structured record')
    .argument('<file>', 'a text, PDF, image or DOCX file')
    .option('--json', 'print the SCHEMA.md record as JSON')
    .option('--provenance', 'with --json: include the line span of every extracted item')
    .addHelpText('after', examples('vnplan extract corpus/003_27ba9e7f774b227c.txt', 'vnplan extract scan.pdf --json --provenance > record.json'))
    .action(async (file: string, opts: { json?: boolean; provenance?: boolean }, command: Command) => {
      const extraction = await extractFile(file, globalOptions(command));
      if (opts.json) printJson(opts.provenance ? extraction : extraction.record);
      else console.log(describeExtraction(extraction));
    });
}
