import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestError } from '../../schemas/index.ts';

/**
 * Expands the command-line arguments into files: folders are walked recursively (hidden
 * entries skipped) in sorted order so a batch is processed deterministically. A path that
 * does not exist becomes an error row instead of stopping the batch.
 */
export async function collectInputFiles(args: string[]): Promise<{ files: string[]; errors: IngestError[] }> {
  const files: string[] = [];
  const errors: IngestError[] = [];
  const walk = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (e) {
      errors.push({ sourcePath: path, stage: 'ingest', message: `${path}: no such file or folder (${(e as NodeJS.ErrnoException).code})` });
      return;
    }
    if (!info.isDirectory()) {
      files.push(path);
      return;
    }
    const entries = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
    for (const name of entries) await walk(join(path, name));
  };
  for (const arg of args) await walk(arg);
  return { files, errors };
}
