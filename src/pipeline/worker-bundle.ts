/**
 * The worker threads' code as one plain JavaScript file. A worker that loads the TypeScript sources
 * through tsx starts its own module-hooks thread and compiles every module again: about 15 MB and
 * a second of CPU per worker. esbuild (already installed: tsx runs on it) bundles the worker's
 * sources once per process, in about 0.2 s, into node_modules/.cache/vnplan/ (beside the packages
 * the bundle imports, so Node resolves them as from the sources). Each module's import.meta.url is
 * kept pointing at its source file, so model files are found beside the code that reads them.
 * When bundling is impossible (a read-only install), the workers load the sources through tsx.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** The fallback: a bootstrap that registers tsx, then imports worker.ts. */
export const SOURCE_WORKER = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

export interface WorkerFile {
  path: string;
  /** Removes the bundle (no-op for the source fallback). */
  dispose(): void;
}

export async function bundleWorker(): Promise<WorkerFile> {
  try {
    const { build } = await import('esbuild');
    const dir = join(ROOT, 'node_modules', '.cache', 'vnplan');
    mkdirSync(dir, { recursive: true });
    // A run killed with -9 leaves its bundle behind: clear those older than a day.
    for (const f of readdirSync(dir)) {
      const old = join(dir, f);
      if (/^worker-.*\.mjs$/.test(f) && Date.now() - statSync(old).mtimeMs > 86_400_000) rmSync(old, { force: true });
    }
    const path = join(dir, `worker-${process.pid}-${Date.now().toString(36)}.mjs`);
    await build({
      entryPoints: [ENTRY],
      outfile: path,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
      plugins: [
        {
          name: 'source-import-meta-url',
          setup(b) {
            b.onLoad({ filter: /\.ts$/ }, (args) => ({
              contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
              loader: 'ts',
            }));
          },
        },
      ],
    });
    return { path, dispose: () => rmSync(path, { force: true }) };
  } catch {
    return { path: SOURCE_WORKER, dispose: () => undefined };
  }
}
