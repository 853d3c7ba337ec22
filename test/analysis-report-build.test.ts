import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/analysis/report/build.ts';
import { rawPieces, repairedPieces } from '../src/analysis/report/highlight.ts';
import { openStoreReadonly } from '../src/analysis/report/open-db.ts';
import { buildHostileStore } from './analysis-compare-fixtures.ts';

/** The page without the highlighting marks, to read its text. */
const unmark = (html: string) => html.replace(/<mark [^>]*>|<\/mark>/g, '');

const dir = mkdtempSync(join(tmpdir(), 'vnplan-report-'));
const dbPath = join(dir, 'plans.sqlite');
const out = join(dir, 'report');

beforeAll(() => {
  buildHostileStore(dbPath, 8);
  const db = openStoreReadonly(dbPath);
  buildReport(db, { outDir: out, dbPath, now: new Date('2026-01-02T03:04:00Z') });
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vnplan report files', () => {
  it('writes an index, one page per document and the stylesheet', () => {
    expect(readdirSync(join(out, 'docs')).sort()).toEqual(['1.html', '2.html', '3.html', '4.html', '5.html', '6.html', '7.html', '8.html', '9.html']);
    expect(readFileSync(join(out, 'assets', 'report.css'), 'utf8')).toContain('mark.low');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('generated 2026-01-02 03:04 UTC');
  });

  it('escapes document text everywhere: no markup from a document survives', () => {
    for (const file of ['index.html', 'docs/9.html']) {
      const html = readFileSync(join(out, file), 'utf8');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain('<b>Phú</b>');
      expect(html).toContain('Tân &lt;b&gt;Phú&lt;/b&gt;');
    }
    const page = unmark(readFileSync(join(out, 'docs/9.html'), 'utf8'));
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('&amp; &quot;ngoặc&quot; &#39;đơn&#39;');
  });

  it('links every task and target to an existing line anchor', () => {
    const page = readFileSync(join(out, 'docs/2.html'), 'utf8');
    const ids = new Set([...page.matchAll(/<tr id="(L\d+)"/g)].map((m) => m[1]));
    const links = [...page.matchAll(/href="#(L\d+)"/g)].map((m) => m[1]);
    expect(ids.size).toBeGreaterThan(20);
    expect(links.length).toBeGreaterThan(ids.size);
    for (const l of links) expect(ids.has(l)).toBe(true);
    // The OCR and the repaired column side by side, the diacritics restored on the right.
    expect(unmark(page)).toMatch(/<td class="raw">ke hoach<\/td><td class="fixed">KẾ HOẠCH<\/td>/);
    expect(page).toMatch(/<mark class="(low|changed)" title="hoach → HOẠCH · \d+%">HOẠCH<\/mark>/);
  });

  it('puts every document in the coverage heatmap and the targets chart', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const rows = html.split('<table class="heatmap">')[1].split('</table>')[0].match(/<tr><th><a href="docs\/\d+\.html">/g) ?? [];
    expect(rows).toHaveLength(9);
    expect((html.match(/<circle /g) ?? []).length).toBeGreaterThan(8);
  });
});

describe('highlighting doubtful tokens', () => {
  const tokens = [
    { original: 'Ke', repaired: 'Kế', confidence: 0.95, start: 0 },
    { original: 'hoach', repaired: 'hoạch', confidence: 0.4, start: 3 },
    { original: 'xa', repaired: 'xã', confidence: 0.9, start: 13 },
  ];

  it('marks tokens at their raw offsets in the OCR column', () => {
    const pieces = rawPieces('Ke hoach cua xa', tokens, 0.6);
    expect(pieces.map((p) => [p.text, p.mark?.low ?? null])).toEqual([
      ['Ke', false],
      [' ', null],
      ['hoach', true],
      [' cua ', null],
      ['xa', false],
    ]);
  });

  it('finds the same tokens in the repaired line even when lengths change', () => {
    const pieces = repairedPieces('Kế hoạch của xã', tokens, 0.6);
    expect(pieces.map((p) => [p.text, p.mark?.low ?? null])).toEqual([
      ['Kế', false],
      [' ', null],
      ['hoạch', true],
      [' của ', null],
      ['xã', false],
    ]);
  });

  it('leaves a line whole when its tokens do not fit it', () => {
    expect(rawPieces('abc', [{ original: 'zzz', repaired: 'z', confidence: 0.1, start: 0 }], 0.6)).toEqual([{ text: 'abc', mark: null }]);
  });
});

describe('what gets a mark', () => {
  it('leaves kept tokens of middling confidence plain, marks kept tokens under the threshold', () => {
    const tokens = [
      { original: 'ban', repaired: 'ban', confidence: 0.8, start: 0 },
      { original: 'hoc', repaired: 'hoc', confidence: 0.3, start: 4 },
    ];
    expect(repairedPieces('ban hoc', tokens, 0.6)).toEqual([
      { text: 'ban ', mark: null },
      { text: 'hoc', mark: { confidence: 0.3, low: true, original: 'hoc', repaired: 'hoc' } },
    ]);
  });
});

describe('similar plans on a document page', () => {
  it('places a plan in its template cluster and a stand-alone plan outside any', () => {
    // generatePlans(8, …): plans 0 and 5 share a template; plan 3 is the only one on its topic.
    const clustered = unmark(readFileSync(join(out, 'docs/1.html'), 'utf8'));
    expect(clustered).toMatch(/In template cluster \d+ \(2 plans\)/);
    expect(clustered).toMatch(/<a href="6\.html">plan-0005<\/a><\/td><td class="num">\d+%/);
    const alone = readFileSync(join(out, 'docs/4.html'), 'utf8');
    expect(alone).toContain('Not a near-copy of any other plan in the store.');
  });
});

describe('by-province roll-up', () => {
  it('counts documents per province and the share with each section kind', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const table = html.split('<table class="heatmap provinces">')[1].split('</table>')[0].split('<tbody>')[1];
    // The generated plans carry no province: one row for all nine, every one with a funding section.
    const rows = table.match(/<tr><th><a href="[^"]*">[^<]*<\/a><\/th>/g) ?? [];
    expect(rows).toEqual(['<tr><th><a href="provinces/p1-1.html">(province not found)</a></th>']);
    expect(table).toContain('<td>9</td><td>9</td><td>0</td>');
    expect(table).toContain('funding: 100% of documents');
    expect(table).toContain('situation: 0% of documents');
  });
});
