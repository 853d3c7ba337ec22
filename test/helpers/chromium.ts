/**
 * The Chromium the browser tests and the screenshot script drive through playwright-core: the
 * system's (Debian's /usr/bin/chromium) when it is installed, otherwise the one the npm package
 * @sparticuz/chromium ships inside itself (unpacked to the temp folder on first use), so the report
 * is tested on a machine that has nothing but Node and `npm ci`.
 */
import { existsSync } from 'node:fs';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags that keep a headless Chromium off this machine's closed network and first-run screens. */
const OFFLINE_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ChromiumLaunch {
  executablePath: string;
  args: string[];
  /** Where the binary came from, for test names and messages. */
  source: 'system' | '@sparticuz/chromium';
}

export async function findChromium(): Promise<ChromiumLaunch> {
  const system = process.env.VNPLAN_CHROMIUM ?? SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return { executablePath: system, args: ['--headless', ...OFFLINE_FLAGS], source: 'system' };
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  // The package's own flags (single process, software GL) are what its binary is built to run with.
  const args = [...new Set([...packaged.args, ...OFFLINE_FLAGS])];
  return { executablePath, args, source: '@sparticuz/chromium' };
}
