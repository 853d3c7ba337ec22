/**
 * The command line as a user meets it: --version, an example in every command's --help, --json on
 * every command that prints data, and OCR engine chatter kept off the terminal unless --verbose.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAN_LINES, PLAN_LINES_2, makeScannedPdf, renderPagePng, speckle } from './fixtures/ingest/build.ts';
import { vnplan } from './helpers/cli.ts';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
const COMMANDS = ['run', 'repair', 'extract', 'compare', 'similar', 'report', 'qa', 'aggregate'];

describe('version and help', () => {
  it('--version names vnplan and every model with a content hash', async () => {
    const r = await vnplan(['--version']);
    expect(r.status).toBe(0);
    const [first, ...models] = r.stdout.trim().split('\n');
    expect(first).toBe(`vnplan ${pkg.version}`);
    expect(models.some((l) => /model language-model\/\S+\.bin [0-9a-f]{12}$/.test(l))).toBe(true);
    expect(models.some((l) => /model channel\/\S+\.json [0-9a-f]{12}$/.test(l))).toBe(true);
  });

  it('every command shows an example in its --help', async () => {
    const helps = await Promise.all(COMMANDS.map((c) => vnplan([c, '--help'])));
    helps.forEach((h, i) => {
      expect(h.status, COMMANDS[i]).toBe(0);
      expect(h.stdout, COMMANDS[i]).toMatch(new RegExp(`Examples?:\\n  \\$ vnplan ${COMMANDS[i]}[ \\n]`));
    });
  });
});

describe('--json on every command that prints data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-cli-'));
  const db = join(dir, 'plans.sqlite');
  const a = join(dir, 'a.txt');
  const b = join(dir, 'b.txt');

  beforeAll(async () => {
    writeFileSync(a, [...PLAN_LINES, ...PLAN_LINES_2].join('\n'));
    writeFileSync(b, PLAN_LINES.join('\n').replace(/TÂN PHÚ/g, 'AN HÒA'));
  });

  it('run --json prints the summary and stores the pipeline version with each document', async () => {
    const r = await vnplan(['run', a, b, '--db', db, '--no-progress', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ files: 2, documents: 2, errors: [], database: db });
    const version = (await vnplan(['--version'])).stdout.trim().split('\n');
    const conn = new Database(db, { readonly: true });
    const rows = conn.prepare('SELECT vnplan_version, pipeline_version FROM documents').all() as { vnplan_version: string; pipeline_version: string }[];
    conn.close();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.vnplan_version).toBe(pkg.version);
      // The stamp holds the same model hashes --version prints.
      for (const line of version.slice(1)) {
        const [, name, hash] = line.trim().split(' ');
        expect(row.pipeline_version).toContain(`${name}@${hash}`);
      }
    }
  });

  it('qa, aggregate, similar, compare and report print parseable JSON; aggregate --json is --format json', async () => {
    const [qa, agg, aggFormat, similar, compare, report] = await Promise.all([
      vnplan(['qa', '--db', db, '--json']),
      vnplan(['aggregate', '--db', db, '--json', '--as-of', '2026-01-01']),
      vnplan(['aggregate', '--db', db, '--format', 'json', '--as-of', '2026-01-01']),
      vnplan(['similar', '--db', db, '--json']),
      vnplan(['compare', 'a', 'b', '--db', db, '--json']),
      vnplan(['report', '--db', db, '--out', join(dir, 'report'), '--json']),
    ]);
    for (const r of [qa, agg, aggFormat, similar, compare, report]) expect(r.status, r.stderr).toBe(0);
    // The written plans have no number, date or signer: qa finds that on both.
    const qaDocs = JSON.parse(qa.stdout).documents as { findings: { check: string }[] }[];
    expect(qaDocs).toHaveLength(2);
    for (const d of qaDocs) expect(d.findings.map((f) => f.check)).toContain('no_number');
    expect(agg.stdout).toBe(aggFormat.stdout);
    expect(JSON.parse(agg.stdout).places.length).toBeGreaterThan(0);
    // b is a's first page for another commune: one template.
    const sim = JSON.parse(similar.stdout);
    expect(sim.documents).toBe(2);
    expect(sim.clusters.map((c: { size: number }) => c.size)).toEqual([2]);
    expect(JSON.parse(compare.stdout).similarity).toBeGreaterThan(0.5);
    expect(JSON.parse(report.stdout).documentPages).toBe(2);
    const conflict = await vnplan(['aggregate', '--db', db, '--json', '--format', 'csv']);
    expect(conflict.status).not.toBe(0);
    expect(conflict.stderr).toMatch(/cannot be used with/);
  });

  it('repair --json and extract --json print one JSON document of the file', async () => {
    const [repair, extract] = await Promise.all([vnplan(['repair', a, '--json']), vnplan(['extract', a, '--json'])]);
    expect(repair.status, repair.stderr).toBe(0);
    const repaired = JSON.parse(repair.stdout);
    expect(repaired.lines).toHaveLength(PLAN_LINES.length + PLAN_LINES_2.length);
    expect(repaired.lines[0]).toMatchObject({ line: 1, text: PLAN_LINES[0] });
    expect(JSON.parse(extract.stdout).meta.doc_type).toBe('ke_hoach');
  });
});

describe('OCR engine messages', () => {
  it('stay off stderr, and --verbose lets them through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-quiet-'));
    const scan = join(dir, 'dusty-scan.pdf');
    // Dust on the glass makes tesseract report the specks it takes for diacritics.
    writeFileSync(scan, await makeScannedPdf([await speckle(renderPagePng(PLAN_LINES), 1500)]));
    const [quiet, verbose] = await Promise.all([vnplan(['repair', scan]), vnplan(['--verbose', 'repair', scan])]);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(verbose.status, verbose.stderr).toBe(0);
    expect(verbose.stderr).toMatch(/Detected \d+ diacritics/);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(verbose.stdout);
  }, 60_000);
});
