#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: from an esbuild bundle of the sources, made on the
// first run after they change (src/runtime/bundle.mjs), or through tsx's loader when bundling is
// not possible. `vnplan run` starts node again under the flags it works best with
// (src/runtime/relaunch.mjs).
import { followLauncher, relaunch, relaunchFlags } from '../src/runtime/relaunch.mjs';

const flags = relaunchFlags(process.argv.slice(2), process.execArgv, process.env);
if (flags) await relaunch(flags);
followLauncher();

const { cliEntry } = await import('../src/runtime/bundle.mjs');
const entry = await cliEntry();
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
