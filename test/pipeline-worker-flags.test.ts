import { describe, expect, it } from 'vitest';
import { bundleExecArgv } from '../src/pipeline/pool.ts';

describe('the flags a pipeline thread running the bundle gets', () => {
  it('leave out the TypeScript loader, keep the other per-thread options', () => {
    expect(bundleExecArgv(['--import', 'tsx'])).toEqual([]);
    expect(bundleExecArgv(['--import=tsx', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(bundleExecArgv(['--loader', '/x/node_modules/tsx/dist/loader.mjs', '--cpu-prof', '--cpu-prof-dir=/tmp/p'])).toEqual(['--cpu-prof', '--cpu-prof-dir=/tmp/p']);
    expect(bundleExecArgv(['--import', './instrument.mjs', '--import', 'tsx'])).toEqual(['--import', './instrument.mjs']);
  });

  it('leave out the V8 and process-wide options a thread may not be given, keep the rest', () => {
    // (V8 options are process-wide: the thread runs under them anyway)
    expect(bundleExecArgv(['--import', 'tsx', '--single-threaded-gc'])).toEqual([]);
    expect(bundleExecArgv(['--max-old-space-size=4000', '--import', 'tsx', '--enable-source-maps'])).toEqual(['--enable-source-maps']);
    expect(bundleExecArgv(['--single-threaded-gc', '--max-semi-space-size', '8', '--cpu-prof'])).toEqual(['--cpu-prof']);
  });
});
