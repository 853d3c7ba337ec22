/**
 * How vnplan's TypeScript runs without a build step. tsx compiles every module of a process on
 * start (about 0.4 s for the CLI, more for each worker thread); esbuild, which tsx runs on and so
 * is installed anyway, bundles the same sources in about 0.2 s into node_modules/.cache/vnplan/,
 * beside the packages the bundles import (so Node resolves them as from the sources). Each
 * module's import.meta.url keeps pointing at its source file, so model files are still found
 * beside the code that reads them. Plain JavaScript: it runs before any TypeScript can.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'vnplan');
const DAY_MS = 86_400_000;

// Spelt in pieces: this file is bundled too, and the loader below would rewrite the literal.
const IMPORT_META_URL = ['import', 'meta', 'url'].join('.');

/** esbuild loader for vnplan's sources (.ts, .mjs): import.meta.url replaced by the source file's URL. */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(ts|mjs)$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll(IMPORT_META_URL, JSON.stringify(pathToFileURL(args.path).href)),
      loader: args.path.endsWith('.ts') ? 'ts' : 'js',
    }));
  },
};

/**
 * Bundles entry points of the sources for Node 20 (packages stay external imports).
 * @param {{ entryPoints: string[], outfile?: string, outdir?: string, splitting?: boolean }} options
 */
export async function bundleSources(options) {
  const { build } = await import('esbuild');
  await build({
    ...options,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    plugins: [sourceImportMetaUrl],
  });
}

/** Removes the cache entries `name` matches that are older than a day (left by killed runs or old sources). */
export function clearStale(name, keep) {
  let entries = [];
  try {
    entries = readdirSync(CACHE_DIR);
  } catch {
    return;
  }
  for (const f of entries) {
    const path = join(CACHE_DIR, f);
    if (f !== keep && name.test(f) && Date.now() - statSync(path).mtimeMs > DAY_MS) rmSync(path, { recursive: true, force: true });
  }
}

/** A key that changes whenever a file the CLI is built from changes (path, size, modification time) or moves. */
function sourcesKey() {
  // The bundle holds absolute source paths (import.meta.url): a checkout moved elsewhere rebuilds.
  const hash = createHash('sha1').update(ROOT);
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs|js|json)$/.test(e.name)) {
        const s = statSync(path);
        hash.update(`${relative(ROOT, path)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(join(ROOT, 'src'));
  walk(join(ROOT, 'schemas'));
  hash.update(readFileSync(join(ROOT, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The CLI's entry module, bundled for the current sources (built on the first run after a change,
 * by whichever process gets there first: others use its bundle), or null when bundling is not
 * possible here (no esbuild, a read-only install): the caller then runs the sources through tsx.
 */
export async function cliEntry() {
  try {
    const name = `cli-${sourcesKey()}`;
    const dir = join(CACHE_DIR, name);
    const entry = join(dir, 'main.js');
    try {
      statSync(entry);
      return entry;
    } catch {
      // not built yet for these sources
    }
    mkdirSync(CACHE_DIR, { recursive: true });
    clearStale(/^cli-/, name);
    const building = `${dir}.building-${process.pid}`;
    await bundleSources({ entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')], outdir: building, splitting: true });
    try {
      renameSync(building, dir);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process finished first: use its bundle
    }
    return entry;
  } catch {
    return null;
  }
}
