/**
 * Refreshes docs/report-screenshot.png from a built report (run `npm start` first):
 *   node --import tsx scripts/screenshot-report.ts [output/report/index.html] [docs/report-screenshot.png]
 * Uses the system's Chromium, or the one @sparticuz/chromium ships, through playwright-core, offline,
 * with a fresh profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { findChromium } from '../test/helpers/chromium.ts';

const [page = 'output/report/index.html', shot = 'docs/report-screenshot.png'] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'vnplan-shot-'));
const { executablePath, args } = await findChromium();
const browser = await chromium.launchPersistentContext(profile, { executablePath, args, viewport: { width: 1280, height: 900 } });
try {
  const tab = await browser.newPage();
  await tab.goto(pathToFileURL(resolve(page)).href);
  await tab.screenshot({ path: shot, fullPage: true });
  console.log(`wrote ${shot}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
