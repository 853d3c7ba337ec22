/**
 * The worker threads' code as one plain JavaScript file. A worker that loads the TypeScript sources
 * through tsx starts its own module-hooks thread and compiles every module again: about 15 MB and
 * a second of CPU per worker. The sources are bundled once per process instead
 * (src/runtime/bundle.mjs). When bundling is impossible (a read-only install), the workers load
 * the sources through tsx.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSources, CACHE_DIR, clearStale } from '../runtime/bundle.mjs';

const ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** The fallback: a bootstrap that registers tsx, then imports worker.ts. */
export const SOURCE_WORKER = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));

export interface WorkerFile {
  path: string;
  /** True for the bundle, false for the source fallback (which loads TypeScript through tsx). */
  bundled: boolean;
  /**
   * Removes the bundle when this process exits (no-op for the source fallback). Not at once: a pool
   * that has just stopped a thread (a task over its time limit) may still be starting the thread
   * that replaces it, which would then fail to load a file removed under it.
   */
  dispose(): void;
}

export async function bundleWorker(): Promise<WorkerFile> {
  try {
    // A run killed with -9 leaves its bundle behind.
    clearStale(/^worker-.*\.mjs$/);
    const path = join(CACHE_DIR, `worker-${process.pid}-${Date.now().toString(36)}.mjs`);
    await bundleSources({ entryPoints: [ENTRY], outfile: path });
    return { path, bundled: true, dispose: () => void process.once('exit', () => rmSync(path, { force: true })) };
  } catch {
    return { path: SOURCE_WORKER, bundled: false, dispose: () => undefined };
  }
}
