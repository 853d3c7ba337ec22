/**
 * Opens the built report in headless Chromium driven by playwright-core (the system's Chromium when
 * installed, else the binary the npm package @sparticuz/chromium ships: never skipped): no console errors, no failed loads (no network, no missing asset), the
 * hostile document shown as text, line anchors reachable. Set VNPLAN_SCREENSHOT=path to keep a
 * screenshot of the index (docs/report-screenshot.png is made that way).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/analysis/report/build.ts';
import { openStoreReadonly } from '../src/analysis/report/open-db.ts';
import { buildHostileStore, HOSTILE } from './analysis-compare-fixtures.ts';
import { findChromium } from './helpers/chromium.ts';

describe('the report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-browser-'));
  const out = join(dir, 'report');
  let browser: BrowserContext;

  beforeAll(async () => {
    const dbPath = join(dir, 'plans.sqlite');
    buildHostileStore(dbPath, 14);
    const db = openStoreReadonly(dbPath);
    buildReport(db, { outDir: out, dbPath: 'output/plans.sqlite' });
    db.close();
    // A new, empty profile: playwright takes it as the persistent context's user-data-dir.
    const { executablePath, args } = await findChromium();
    browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath, args, viewport: { width: 1280, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(relative: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed load: ${r.url()}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(pathToFileURL(join(out, relative)).href);
    await page.waitForLoadState('load');
    return { page, problems };
  }

  it('shows the index without console errors, with its charts and styles', async () => {
    const { page, problems } = await open('index.html');
    expect(problems).toEqual([]);
    expect(await page.title()).toBe('Overview · vnplan');
    expect(await page.locator('#coverage table.heatmap tbody tr').count()).toBe(15);
    expect(await page.locator('#targets circle').count()).toBeGreaterThan(14);
    expect(await page.locator('#workload rect').count()).toBeGreaterThan(0);
    expect(await page.locator('script').count()).toBe(0);
    // The stylesheet loaded: the header bar is dark.
    const bg = await page.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(bg).toBe('rgb(22, 50, 79)');
    const shot = process.env.VNPLAN_SCREENSHOT ?? join(dir, 'index.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    await page.close();
  }, 30_000);

  it('renders a hostile document as text and jumps to a task line', async () => {
    const { page, problems } = await open('index.html');
    await page.getByRole('link', { name: 'evil' }).first().click();
    await page.waitForLoadState('load');
    expect(problems).toEqual([]);
    expect(await page.locator('h1').textContent()).toBe(`Kế hoạch ${HOSTILE}`);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    // A task's line link lands on its row, which :target highlights.
    const link = page.locator('table.data a[href^="#L"]').last();
    const href = (await link.getAttribute('href'))!;
    await link.click();
    expect(new URL(page.url()).hash).toBe(href);
    const row = page.locator(`tr${href}`);
    expect(await row.locator('td.fixed').textContent()).toContain('Gỡ bỏ <script>');
    expect(await row.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 248, 214)');
    expect(await page.locator('mark.low').count()).toBeGreaterThan(0);
    await page.close();
  }, 30_000);
});
