import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerAggregate } from '../src/cli/commands/aggregate.ts';
import { registerQa } from '../src/cli/commands/qa.ts';
import { aggregate } from '../src/analysis/aggregate.ts';
import { aggregateCsv, formatAggregateTables } from '../src/analysis/aggregate-format.ts';
import { canonicalUnitName } from '../src/gazetteer/units.ts';
import { inputsFromRecord } from '../src/store/from-record.ts';
import { openStore } from '../src/store/index.ts';
import { loadGoldRecords } from './helpers/store-gold.ts';

const records = [...loadGoldRecords().values()];
const dir = mkdtempSync(join(tmpdir(), 'vnplan-aggregate-'));
const dbPath = join(dir, 'plans.sqlite');
const store = openStore(dbPath);
for (const r of records) store.saveDocument(inputsFromRecord(r));
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('aggregate over the five gold records', () => {
  it('has one place per commune, in Vietnamese alphabetical order within each province', () => {
    const report = aggregate(store.db, { asOf: '2025-01-01' });
    const places = new Set(records.map((r) => `${r.meta.province}|${r.meta.commune}`));
    expect(report.places.map((p) => `${p.province}|${p.commune}`).sort()).toEqual([...places].sort());
    const communes = report.places.filter((p) => p.province === 'Quảng Ngãi').map((p) => p.commune!);
    expect(communes).toEqual([...communes].sort((a, b) => a.localeCompare(b, 'vi')));
    const haLong = report.places.find((p) => records.find((r) => r.meta.commune === p.commune)!.funding.present === false && p.plans === 1)!;
    expect(haLong.coverage.funding).toBe(0);
    expect(haLong.incompleteDocuments).toBe(1);
  });

  it('groups a unit printed with and without a trailing "xã" into one workload row', () => {
    const report = aggregate(store.db, { asOf: '2025-01-01' });
    const key = canonicalUnitName('Phòng Văn hóa - Xã hội');
    const row = report.workload.find((w) => w.canonicalName === key)!;
    const expectedLed = records.reduce((n, r) => n + r.tasks.filter((t) => t.lead_units.some((u) => canonicalUnitName(u) === key)).length, 0);
    const expectedDuties = records.reduce((n, r) => n + r.responsibilities.filter((x) => canonicalUnitName(x.unit) === key).reduce((a, x) => a + x.duties, 0), 0);
    const expectedDocs = records.filter(
      (r) => r.responsibilities.some((x) => canonicalUnitName(x.unit) === key) || r.tasks.some((t) => [...t.lead_units, ...t.partner_units].some((u) => canonicalUnitName(u) === key)),
    ).length;
    expect(expectedLed).toBeGreaterThan(0);
    expect({ led: row.tasksLed, duties: row.duties, docs: row.documents }).toEqual({ led: expectedLed, duties: expectedDuties, docs: expectedDocs });
    expect(row.displayName).toBe('Phòng Văn hóa - Xã hội');
  });

  it('matches a province typed without diacritics and rejects an unknown one', () => {
    const report = aggregate(store.db, { asOf: '2025-01-01', province: 'quang ngai' });
    expect(report.province).toBe('Quảng Ngãi');
    expect(report.places.every((p) => p.province === 'Quảng Ngãi')).toBe(true);
    expect(() => aggregate(store.db, { asOf: '2025-01-01', province: 'Atlantis' })).toThrow(/Atlantis.*stored: /);
  });

  it('lists a deadline repeated as a task due date once, and none before the as-of date', () => {
    const asOf = '2025-09-27';
    const report = aggregate(store.db, { asOf });
    expect(report.deadlines.every((d) => d.date >= asOf)).toBe(true);
    const keys = report.deadlines.map((d) => `${d.docId}|${d.date}`);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = records.flatMap((r) => r.deadlines.filter((d) => d.date >= asOf)).length;
    expect(report.deadlines).toHaveLength(expected);
  });

  it('writes CSV that quotes fields holding commas, and terminal tables for every part', () => {
    const report = aggregate(store.db, { asOf: '2025-01-01' });
    const csv = aggregateCsv(report, 'targets', { bom: false });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('province,commune,doc_id,population,unit,year,value,provincial_value,provincial_doc_id,difference,start_line,statement');
    expect(lines).toHaveLength(1 + report.targets.length);
    expect(csv).toContain('"cán bộ, công chức, viên chức và người lao động trong các cơ quan"');
    const text = formatAggregateTables(report);
    for (const heading of ['Documents and section coverage', 'Targets by population', 'Work per unit', 'Upcoming deadlines']) expect(text).toContain(heading);
  });
});

describe('vnplan aggregate and qa commands', () => {
  /** Runs one command in-process (the full binary loads every stage and is slow to start). */
  async function run(register: (p: Command) => void, args: string[]): Promise<string> {
    const program = new Command('vnplan').exitOverride();
    register(program);
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['node', 'vnplan', ...args]);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    return out;
  }

  it('aggregate --format json prints the report; csv --out writes one file per table', async () => {
    const json = JSON.parse(await run(registerAggregate, ['aggregate', '--db', dbPath, '--format', 'json', '--as-of', '2025-01-01']));
    expect(json.places).toHaveLength(5);
    const out = join(dir, 'exports', 'agg.csv');
    await run(registerAggregate, ['aggregate', '--db', dbPath, '--format', 'csv', '--out', out]);
    for (const s of ['places', 'targets', 'workload', 'deadlines']) {
      expect(readFileSync(join(dir, 'exports', `agg-${s}.csv`), 'utf8').split('\n').length).toBeGreaterThan(1);
    }
    await expect(run(registerAggregate, ['aggregate', '--db', dbPath, '--format', 'csv'])).rejects.toThrow(/--only/);
  });

  it('qa prints JSON for a store with findings and fails on a missing database, naming it', async () => {
    const report = JSON.parse(await run(registerQa, ['qa', '--db', dbPath, '--json']));
    expect(report.documents).toHaveLength(5);
    await expect(run(registerQa, ['qa', '--db', join(dir, 'nope.sqlite')])).rejects.toThrow(/nope\.sqlite: no such database/);
  });

  it('the binary exits 1 on a missing database', () => {
    const r = spawnSync('node', ['bin/vnplan.mjs', 'qa', '--db', join(dir, 'nope.sqlite')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nope.sqlite');
  }, 60_000);
});
