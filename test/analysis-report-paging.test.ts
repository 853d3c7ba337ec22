/**
 * The report of a store larger than one page: the documents move to per-province pages, only a capped
 * number of documents get a full-text page, every link lands on a file that exists, and the size does
 * not grow with the text of every document.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/analysis/report/build.ts';
import { openStoreReadonly } from '../src/analysis/report/open-db.ts';
import { openStore } from '../src/store/index.ts';
import { generateCorpus } from './helpers/generate-corpus.ts';

const dir = mkdtempSync(join(tmpdir(), 'vnplan-report-paging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function buildStore(n: number): string {
  const path = join(dir, `store-${n}.sqlite`);
  const store = openStore(path);
  for (const g of generateCorpus(n, 4)) store.saveDocument(g.input);
  store.close();
  return path;
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(root, e.name)) : [join(root, e.name)]));
}

/** Every relative href of every page points at a file of the report. */
function brokenLinks(root: string): string[] {
  const broken: string[] = [];
  for (const file of filesUnder(root).filter((f) => f.endsWith('.html'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/href="([^"#]+)(#[^"]*)?"/g)) {
      if (!existsSync(resolve(dirname(file), m[1]!))) broken.push(`${file} → ${m[1]}`);
    }
  }
  return broken;
}

describe('a report larger than a page', () => {
  const db = buildStore(120);
  const out = join(dir, 'report');
  const conn = openStoreReadonly(db);
  const r = buildReport(conn, { outDir: out, pageSize: 20, maxDocumentPages: 15, now: new Date('2026-01-02T00:00:00Z') });
  conn.close();

  it('writes province pages of at most pageSize documents, every document on one of them once', () => {
    const pages = readdirSync(join(out, 'provinces'));
    expect(pages.length).toBe(r.provincePages);
    const rows = pages.flatMap((p) => [...readFileSync(join(out, 'provinces', p), 'utf8').split('<table class="data">')[1]!.split('</table>')[0]!.matchAll(/<td class="num">(\d+)<\/td>\s*<td>/g)].map((m) => Number(m[1])));
    expect(rows.length).toBe(120);
    expect(new Set(rows).size).toBe(120);
    for (const p of pages) {
      const count = (readFileSync(join(out, 'provinces', p), 'utf8').split('<table class="data">')[1]!.match(/<tr>\n  <td class="num">/g) ?? []).length;
      expect(count).toBeLessThanOrEqual(20);
    }
    // The overview no longer lists every document: it links the provinces.
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).not.toContain('<table class="heatmap">');
    expect(index).toMatch(/<a href="provinces\/p\d+-1\.html">/);
  });

  it('writes full-text pages for the capped number of documents, the cluster templates among them', () => {
    expect(r.documentPages).toBe(15);
    expect(readdirSync(join(out, 'docs'))).toHaveLength(15);
    expect(brokenLinks(out)).toEqual([]);
  });

  it('adds the page of a document asked for, keeps the earlier ones, and links it from then on', () => {
    const have = new Set(readdirSync(join(out, 'docs')).map((f) => Number(f.replace('.html', ''))));
    const wanted = [...Array(120).keys()].map((i) => i + 1).find((id) => !have.has(id))!;
    const conn2 = openStoreReadonly(db);
    const again = buildReport(conn2, { outDir: out, pageSize: 20, maxDocumentPages: 15, documentPages: [wanted] });
    conn2.close();
    expect(again.documentPages).toBe(16);
    expect(existsSync(join(out, 'docs', `${wanted}.html`))).toBe(true);
    const linked = readdirSync(join(out, 'provinces')).some((p) => readFileSync(join(out, 'provinces', p), 'utf8').includes(`href="../docs/${wanted}.html"`));
    expect(linked).toBe(true);
    expect(brokenLinks(out)).toEqual([]);
  });

  it('grows with the number of documents far less than with their text', () => {
    const big = buildStore(480);
    const out2 = join(dir, 'report-big');
    const c = openStoreReadonly(big);
    const r2 = buildReport(c, { outDir: out2, pageSize: 20, maxDocumentPages: 15 });
    c.close();
    const size = (root: string) => filesUnder(root).reduce((n, f) => n + statSync(f).size, 0);
    const docPages = (root: string) => filesUnder(join(root, 'docs')).reduce((n, f) => n + statSync(f).size, 0);
    // Four times the documents: the same number of full-text pages, and well under four times the bytes.
    expect(r2.documentPages).toBe(15);
    expect(docPages(out2)).toBeLessThan(docPages(out) * 1.5);
    expect(size(out2)).toBeLessThan(size(out) * 3);
  });
});
