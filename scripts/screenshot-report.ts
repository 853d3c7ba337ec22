/**
 * Refreshes docs/report-screenshot.png from a built report (run `npm start` first):
 *   node --import tsx scripts/screenshot-report.ts [output/report/index.html] [docs/report-screenshot.png]
 * Uses Debian's Chromium through playwright-core, offline, with a fresh profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [page = 'output/report/index.html', shot = 'docs/report-screenshot.png'] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'vnplan-shot-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage();
  await tab.goto(pathToFileURL(resolve(page)).href);
  await tab.screenshot({ path: shot, fullPage: true });
  console.log(`wrote ${shot}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
