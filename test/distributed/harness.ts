/**
 * A real Redis (the Debian package's redis-server, started here on a free loopback port, no
 * persistence) and real `vnplan worker` child processes, for the distributed tests
 * (`npm run test:distributed`). No system service is used: every process is started and stopped here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { CLI } from '../helpers/cli.ts';

export function redisServerPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) throw new Error('redis-server is not installed: `apt-get install -y redis-server` (npm run test:distributed needs a real one; .ci/run installs it)');
  return path;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  /** Kills it (SIGKILL: no shutdown, no data kept) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const bin = redisServerPath();
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${out}`)), 20_000);
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      c.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      c.once('exit', (code) => {
        clearTimeout(timer);
        if (!out.includes('Ready to accept connections')) reject(new Error(`redis-server exited (${code}): ${out}`));
      });
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await gone;
    },
    start,
  };
}

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  log(): string;
  exited: Promise<number | null>;
  /** SIGTERM (finish the jobs in hand), then SIGKILL if it is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** A `vnplan worker` child process, once it is listening. */
export async function startWorker(url: string, name: string, extra: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--name', name, '--jobs', '1', '--verbose', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (log.includes(`vnplan worker ${name}:`)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`worker ${name} exited: ${log}`));
      }
    }, 50);
  });
  return {
    name,
    child,
    log: () => log,
    exited,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface RunProcess {
  child: ChildProcess;
  done: Promise<{ status: number | null; stdout: string; stderr: string }>;
}

/** `vnplan run … --queue url --json` in a child process. */
export function startQueuedRun(url: string, args: string[]): RunProcess {
  const child = spawn(process.execPath, [CLI, 'run', ...args, '--queue', url, '--json', '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (status) => resolve({ status, stdout, stderr })));
  return { child, done };
}
