#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: from an esbuild bundle of the sources, made on the
// first run after they change (src/runtime/bundle.mjs), or through tsx's loader when bundling is
// not possible.
import { cliEntry } from '../src/runtime/bundle.mjs';

const entry = await cliEntry();
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
