/**
 * The Node flags `vnplan run` works under, and the re-launch that gives them. Plain JavaScript: it
 * runs in bin/vnplan.mjs before any TypeScript can.
 *
 * - `--max-semi-space-size=8`: the writer thread's young generation as small as the workers'
 *   (pool.ts gives them 24 MB, 3 × 8 MB semi-spaces); V8's default for the main thread is 16 MB.
 *   (A V8 flag wins over a worker's resourceLimits: the flag must not be smaller than theirs.)
 * - MALLOC_MMAP_THRESHOLD_=4 MB (glibc; ignored elsewhere): every block of 4 MB or more gets its
 *   own mapping, returned to the system when freed. glibc's threshold is otherwise dynamic: freeing
 *   the 33 MB buffer the language model is read from raised it to 32 MB, and the model's tables
 *   and other large blocks then went into malloc's heaps, which kept 70-150 MB more than they held
 *   (peak RSS of 1,000 plans 646 MB → 573 MB). A fixed threshold of 128 kB gave the same RSS but
 *   cost each worker ~10 % more CPU (a mapping, zeroed pages and an unmapping per message buffer).
 *
 * Measured and left out: `--single-threaded-gc` (V8's GC helper threads' ~20 CPU-s of a 1,000-plan
 * run moved into the workers: the same CPU in all, and 35-90 MB more peak RSS).
 *
 * The flag is a V8 flag of the process, which a worker thread may not be given (pool.ts leaves such
 * flags out of its execArgv and it runs under them anyway), and malloc reads its environment when
 * the process starts. (`v8.setFlagsFromString` once the process runs is no way to set V8 flags
 * either: `--single-threaded-gc` set so, with the flags it implies, made V8 abort in its next
 * collection.) So a `run` started without them starts node again with them: the same script,
 * arguments, stdio and environment (plus RUN_ENV), ~50 ms. The first process only waits: it passes
 * signals on and exits as the second does; if it is killed (kill -9), the second kills itself at
 * once, so stopping vnplan stops the run whatever process one stops.
 */
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';

export const RUN_FLAGS = ['--max-semi-space-size=8'];
/** Environment of the re-launched process (a variable already set is kept as set). */
export const RUN_ENV = { MALLOC_MMAP_THRESHOLD_: String(4 << 20) };
const COMMANDS = new Set(['run']);
/** Set in the re-launched process: never re-launch twice. */
const MARK = 'VNPLAN_RELAUNCHED';
/** The re-launched process's end of a pipe that closes when the first process dies. */
const LIFELINE_FD = 3;

const flagName = (f) => f.split('=')[0].replaceAll('_', '-');

/**
 * The flags to start node again with for this command line, or null when it needs none: not a
 * command that runs the pipeline, already re-launched, or given every flag (by name: a flag the
 * user set to another value is kept as set).
 * @param {readonly string[]} args the arguments after the script
 * @param {readonly string[]} execArgv node's own flags
 * @param {Record<string, string | undefined>} env
 */
export function relaunchFlags(args, execArgv, env) {
  if (env[MARK]) return null;
  const command = args.find((a) => !a.startsWith('-'));
  if (!command || !COMMANDS.has(command)) return null;
  const given = new Set(execArgv.map(flagName));
  const missing = RUN_FLAGS.filter((f) => !given.has(flagName(f)));
  return missing.length > 0 ? missing : null;
}

/** Runs this script again under `flags` and ends this process as that one ends. Never returns. */
export function relaunch(flags) {
  return new Promise(() => {
    const child = spawn(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
      env: { ...RUN_ENV, ...process.env, [MARK]: '1' },
    });
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, () => child.kill(s));
    child.on('error', (e) => {
      console.error(`vnplan: cannot start node again with ${flags.join(' ')}: ${e.message}`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      if (signal) {
        // die of the same signal, as a shell expects
        for (const s of signals) process.removeAllListeners(s);
        process.kill(process.pid, signal);
      }
      process.exit(code ?? 1);
    });
  });
}

/** In a re-launched process: kill it as soon as the process that launched it is gone (its end of the pipe closes). */
export function followLauncher(env = process.env) {
  if (!env[MARK]) return;
  delete env[MARK];
  let lifeline;
  try {
    lifeline = new Socket({ fd: LIFELINE_FD, readable: true, writable: false });
  } catch {
    return; // started by hand with the mark: no launcher to follow
  }
  lifeline.on('error', () => undefined);
  lifeline.on('close', () => process.kill(process.pid, 'SIGKILL'));
  lifeline.resume();
  lifeline.unref();
}
