/**
 * `vnplan run` starts node again under the flags it works best with (src/runtime/relaunch.mjs): the
 * second process does the run, the first follows it, and killing the first stops the second.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_ENV, RUN_FLAGS, relaunchFlags } from '../src/runtime/relaunch.mjs';
import { CLI } from './helpers/cli.ts';
import { writePlans } from './helpers/plans.ts';
import { storedCount } from './helpers/store-dump.ts';

const RECORD = join(import.meta.dirname, 'fixtures', 'process', 'record.mjs');

interface Recorded {
  pid: number;
  ppid: number;
  execArgv: string[];
  mmapThreshold: string | null;
}

const records = (file: string): Recorded[] =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Recorded) : [];

function startCli(args: string[], record: string) {
  const child = spawn(process.execPath, ['--import', RECORD, CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, VNPLAN_TEST_RECORD: record, MALLOC_MMAP_THRESHOLD_: undefined },
  });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.resume();
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exit, stdout: () => stdout };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // a killed child not yet reaped by its new parent is a zombie: dead
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

describe('the flags vnplan run starts node with', () => {
  it('are added for run only, once, and never over a flag the user gave', () => {
    expect(relaunchFlags(['run', 'corpus', '--db', 'x.sqlite'], [], {})).toEqual(RUN_FLAGS);
    expect(relaunchFlags(['--verbose', 'run', 'corpus'], ['--import', 'tsx'], {})).toEqual(RUN_FLAGS);
    expect(relaunchFlags(['qa', '--db', 'x.sqlite'], [], {})).toBeNull();
    expect(relaunchFlags(['--help'], [], {})).toBeNull();
    expect(relaunchFlags(['run', 'corpus'], [], { VNPLAN_RELAUNCHED: '1' })).toBeNull();
    expect(relaunchFlags(['run', 'corpus'], RUN_FLAGS, {})).toBeNull();
    expect(relaunchFlags(['run', 'corpus'], ['--max_semi_space_size=32'], {})).toBeNull();
  });

  it('reach the process that does the run, whose output and exit code are the command\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-relaunch-'));
    writePlans(join(dir, 'in'), 3, 5);
    const record = join(dir, 'processes.jsonl');
    const run = startCli(['run', join(dir, 'in'), '--db', join(dir, 'plans.sqlite'), '--jobs', '1', '--no-progress', '--json'], record);
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(JSON.parse(run.stdout())).toMatchObject({ files: 3, documents: 3, errors: [] });
    const [first, second, ...rest] = records(record);
    expect(rest).toEqual([]);
    expect(first!.pid).toBe(run.child.pid);
    for (const f of RUN_FLAGS) expect(first!.execArgv).not.toContain(f);
    expect(second!.ppid).toBe(first!.pid);
    expect(second!.execArgv).toEqual([...RUN_FLAGS, '--import', RECORD]);
    expect(first!.mmapThreshold).toBeNull();
    expect(second!.mmapThreshold).toBe(RUN_ENV.MALLOC_MMAP_THRESHOLD_);

    // a command that does not run the pipeline starts one process
    const qa = startCli(['qa', '--db', join(dir, 'plans.sqlite'), '--json'], join(dir, 'qa.jsonl'));
    expect((await qa.exit).code).toBe(0);
    expect(records(join(dir, 'qa.jsonl'))).toHaveLength(1);
  }, 120_000);

  it('a run whose first process is killed with SIGKILL stops at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-relaunch-kill-'));
    const n = 200;
    writePlans(join(dir, 'in'), n, 9);
    const record = join(dir, 'processes.jsonl');
    const db = join(dir, 'plans.sqlite');
    const run = startCli(['run', join(dir, 'in'), '--db', db, '--jobs', '1', '--no-progress', '--json'], record);
    const deadline = Date.now() + 120_000;
    while (storedCount(db) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    const second = records(record)[1]!;
    expect(alive(second.pid)).toBe(true);
    run.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    while (alive(second.pid) && Date.now() - killedAt < 5_000) await new Promise((r) => setTimeout(r, 10));
    expect(alive(second.pid)).toBe(false);
    expect(storedCount(db)).toBeLessThan(n);
  }, 180_000);
});
