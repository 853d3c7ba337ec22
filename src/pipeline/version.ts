import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which vnplan and which models produced a document: stored with every document so an analyst can
 * tell rows of different versions apart and an upgrade can re-process only what it changes.
 */
export interface PipelineVersion {
  /** package.json's version. */
  vnplan: string;
  /** Each model file under src/repair/<model>/ (path relative to src/repair) → first 12 hex digits of its SHA-1. */
  models: Record<string, string>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Model files sit beside the code that reads them: binary and JSON files in the repair stage's folders. */
const MODEL_FILE = /\.(bin|json)$/;

/** Reads the version and hashes the model files (about 20 ms for the 33 MB language model). */
export function readPipelineVersion(root: string = ROOT): PipelineVersion {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const repairDir = join(root, 'src', 'repair');
  const models: Record<string, string> = {};
  for (const folder of readdirSync(repairDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(repairDir, folder)).filter((f) => MODEL_FILE.test(f)).sort()) {
      models[`${folder}/${file}`] = createHash('sha1').update(readFileSync(join(repairDir, folder, file))).digest('hex').slice(0, 12);
    }
  }
  return { vnplan: version, models };
}

/** One comparable string: equal stamps mean the same code version and byte-identical models. */
export function versionStamp(v: PipelineVersion): string {
  return [`vnplan ${v.vnplan}`, ...Object.entries(v.models).map(([name, hash]) => `${name}@${hash}`)].join(' ');
}

/** What `vnplan --version` prints. */
export function formatVersion(v: PipelineVersion): string {
  return [`vnplan ${v.vnplan}`, ...Object.entries(v.models).map(([name, hash]) => `  model ${name} ${hash}`)].join('\n');
}
