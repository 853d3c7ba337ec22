/**
 * Several processes opening one new store at the same instant (two `vnplan run` on a fresh --db, or
 * a run and an analyst) all get it: none fails with "database is locked" while another sets the
 * store up (WAL switch, migrations).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/index.ts';

const HELPER = join(import.meta.dirname, 'helpers', 'open-stores-at.ts');

function openStoresAt(dir: string, count: number, start: number, step: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', HELPER, dir, String(count), String(start), String(step)], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}`));
      else resolve(stdout.trim().split('\n'));
    });
  });
}

describe('opening a new store from several processes at once', () => {
  it('every process gets the store, set up once, in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-open-race-'));
    const count = 30;
    // Before openStore waited for the WAL switch, about one store in five failed for one process.
    const start = Date.now() + 4000; // after every process has started
    const results = await Promise.all([0, 1, 2].map(() => openStoresAt(dir, count, start, 60)));
    for (const lines of results) expect(lines.filter((l) => l !== 'ok')).toEqual([]);
    for (let i = 0; i < count; i++) {
      const db = new Database(join(dir, `store-${i}.sqlite`), { readonly: true });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      db.close();
    }
  }, 60_000);
});
