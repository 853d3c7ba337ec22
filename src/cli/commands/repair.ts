import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { IngestedDocument, RepairedDocument } from '../../../schemas/index.ts';
import { createIngestor, IngestFailure } from '../../ingest/index.ts';
import { createRepairer } from '../../repair/index.ts';
import { collectInputFiles } from '../../pipeline/inputs.ts';
import { EXIT_PARTIAL } from './run.ts';
import { examples, globalOptions, printJson } from '../options.ts';

/** One JSON object per input line: keeps the one-output-line-per-input-line contract. */
export function tokensAsJsonLines(doc: RepairedDocument): string {
  return doc.lines.map((l) => JSON.stringify({ line: l.lineNo, confidence: l.confidence, tokens: l.tokens })).join('\n') + '\n';
}

/** `vnplan repair <file> --json`: the repaired document, every line with its raw text, confidence and tokens. */
export function repairedJson(source: string, doc: RepairedDocument) {
  return {
    source,
    wasClean: doc.wasClean,
    lines: doc.lines.map((l) => ({ line: l.lineNo, page: l.pageNumber, raw: l.raw, text: l.text, confidence: l.confidence, tokens: l.tokens })),
  };
}

export function repairedText(doc: RepairedDocument): string {
  return doc.lines.map((l) => l.text).join('\n') + '\n';
}

async function ingestAll(files: string[], verbose: boolean): Promise<{ docs: IngestedDocument[]; failed: string[] }> {
  const ingestor = createIngestor({ verbose });
  const docs: IngestedDocument[] = [];
  const failed: string[] = [];
  try {
    // The pool-aware reader: scans of a batch are OCR'd on every core.
    for (const result of await ingestor.ingestAll(files)) {
      if (result instanceof IngestFailure) failed.push(result.message);
      else docs.push(result);
    }
  } finally {
    await ingestor.close();
  }
  return { docs, failed };
}

export function register(program: Command): void {
  program
    .command('repair')
    .description('repair OCR-damaged Vietnamese: one file alone to stdout, or files/folders as one batch into --out')
    .argument('<inputs...>', 'files or folders')
    .option('--out <dir>', 'write same-named repaired .txt files here (batch mode, with adaptation)')
    .option('--tokens', 'per-token records (original, repair, confidence) as JSON lines')
    .option('--json', 'one file: its repaired lines with confidences and tokens as one JSON object; with --out: the summary as JSON')
    .addHelpText('after', examples('vnplan repair corpus/000_329415de9d9b3952.txt', 'vnplan repair scan.pdf --json', 'vnplan repair corpus --out output/repaired --tokens'))
    .action(async (inputs: string[], opts: { out?: string; tokens?: boolean; json?: boolean }, command: Command) => {
      const { files, errors } = await collectInputFiles(inputs);
      if (!opts.out && (files.length !== 1 || errors.length)) {
        throw new Error(files.length > 1 ? 'several inputs need --out <dir> (batch mode)' : errors[0]?.message ?? 'no input file');
      }
      const { docs, failed } = await ingestAll(files, globalOptions(command).verbose);
      const messages = [...errors.map((e) => e.message), ...failed];
      const repairer = createRepairer();
      if (!opts.out) {
        if (!docs.length) throw new Error(messages.join('; '));
        const doc = repairer.repairDocument(docs[0]);
        if (opts.json) printJson(repairedJson(docs[0].sourcePath, doc));
        else process.stdout.write(opts.tokens ? tokensAsJsonLines(doc) : repairedText(doc));
        return;
      }
      await mkdir(opts.out, { recursive: true });
      const repaired = repairer.repairBatch(docs);
      for (const [i, doc] of repaired.entries()) {
        const name = basename(docs[i].sourcePath, extname(docs[i].sourcePath));
        await writeFile(join(opts.out, `${name}.txt`), repairedText(doc));
        if (opts.tokens) await writeFile(join(opts.out, `${name}.tokens.jsonl`), tokensAsJsonLines(doc));
      }
      if (opts.json) printJson({ files: files.length, repaired: repaired.length, out: opts.out, errors: messages });
      else {
        for (const m of messages) console.error(`vnplan: error: ${m}`);
        console.error(`repaired ${repaired.length} of ${files.length} files into ${opts.out}`);
      }
      if (messages.length) process.exitCode = repaired.length ? EXIT_PARTIAL : 1;
    });
}
