import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepairedToken } from '../schemas/index.ts';
import { inputsFromRecord } from '../src/store/from-record.ts';
import { migrate, MIGRATIONS, openStore } from '../src/store/index.ts';
import { decodeStoredTokens, encodeStoredTokens, NO_TOKENS } from '../src/store/tokens.ts';
import { loadGoldRecords } from './helpers/store-gold.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vnplan-tokens-'));
  dirs.push(dir);
  return join(dir, 'plans.sqlite');
};

describe('the compact form of a line\'s tokens', () => {
  const raw = 'Ke hoach so 15-KH/UBND cua UBND xa Tan Phu, tinh Dong Nai ngay 12/3/2025 · ủy ban';
  const tokens: RepairedToken[] = [
    { original: 'Ke', repaired: 'Kế', confidence: 0.9876543210123457, start: 0 },
    { original: 'hoach', repaired: 'hoạch', confidence: 1, start: 3 },
    { original: 'cua', repaired: 'cua', confidence: 0.41, start: 23 },
    // a word the repair joined: the second half keeps an empty repaired word
    { original: 'Tan', repaired: 'Tân', confidence: 2 ** -30, start: 35 },
    { original: 'Phu,', repaired: '', confidence: 0.5, start: 39 },
    // an original that is not the raw text at its offset is stored in full
    { original: 'Đồng', repaired: 'Đồng', confidence: 0.3, start: 50 },
    { original: 'ủy', repaired: 'Ủy', confidence: 0, start: raw.indexOf('ủy') },
  ];

  it('gives back every token exactly, confidences bit for bit', () => {
    const stored = encodeStoredTokens(tokens, raw);
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect(decodeStoredTokens(stored, raw)).toEqual(tokens);
    expect(Object.is(decodeStoredTokens(stored, raw)[3]!.confidence, 2 ** -30)).toBe(true);
  });

  it('is much smaller than the JSON it replaces', () => {
    const stored = encodeStoredTokens(tokens, raw) as Buffer;
    expect(stored.length * 2.5).toBeLessThan(JSON.stringify(tokens).length);
  });

  it('handles long lines (offsets beyond one and two bytes of varint) and long words', () => {
    const long = `${'x '.repeat(40_000)}Nghiêm${'y'.repeat(300)}`;
    const at = long.indexOf('Nghiêm');
    const t: RepairedToken[] = [
      { original: 'x', repaired: 'ở', confidence: 0.25, start: 200 },
      { original: long.slice(at), repaired: 'z'.repeat(70_000), confidence: 0.75, start: at },
    ];
    expect(decodeStoredTokens(encodeStoredTokens(t, long), long)).toEqual(t);
  });

  it('stores a line without notable tokens as an empty JSON list, and reads JSON from older stores', () => {
    expect(encodeStoredTokens([], raw)).toBe(NO_TOKENS);
    expect(decodeStoredTokens(NO_TOKENS, raw)).toEqual([]);
    expect(decodeStoredTokens(JSON.stringify(tokens), raw)).toEqual(tokens);
    expect(() => decodeStoredTokens(Buffer.from([9, 1, 2]), raw)).toThrow(/unknown format/);
    expect(() => decodeStoredTokens(Buffer.from([1, 0x80]), raw)).toThrow(/cut short/);
  });
});

describe('a store written before the compact tokens', () => {
  it('migrates, keeps its JSON rows readable beside new binary ones, and an older vnplan refuses it', () => {
    const path = tempPath();
    const records = [...loadGoldRecords().values()];
    // a store as the previous schema version wrote it, with one document whose tokens are JSON
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, MIGRATIONS.length - 1));
    old.close();
    const before = openStoreWithout(path, MIGRATIONS.length - 1);
    const first = inputsFromRecord(records[0]!);
    first.repaired.lines[0]!.tokens = [{ original: 'x', repaired: 'ở', confidence: 0.5, start: 0 }];
    before.saveDocument(first);
    const db = before.db;
    db.prepare('UPDATE lines SET tokens = ? WHERE line_no = 1').run(JSON.stringify(first.repaired.lines[0]!.tokens));
    before.close();

    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const second = inputsFromRecord(records[1]!);
    second.repaired.lines[0]!.tokens = [{ original: 'y', repaired: 'ý', confidence: 0.25, start: 0 }];
    store.saveDocument(second);
    const idOf = (h: string) => store.findByHash(h)!.id;
    expect(store.loadRepaired(idOf(first.ingested.contentHash)).repaired.lines[0]!.tokens).toEqual(first.repaired.lines[0]!.tokens);
    expect(store.loadRepaired(idOf(second.ingested.contentHash)).repaired.lines[0]!.tokens).toEqual(second.repaired.lines[0]!.tokens);
    const kinds = store.db.prepare('SELECT typeof(tokens) AS t FROM lines WHERE line_no = 1 ORDER BY document_id').all() as { t: string }[];
    expect(kinds.map((k) => k.t)).toEqual(['text', 'blob']);
    store.close();

    const older = new Database(path);
    expect(() => migrate(older, MIGRATIONS.slice(0, MIGRATIONS.length - 1))).toThrow(/newer than this vnplan/);
    older.close();
  });
});

/** openStore on a database kept at `version` (the store code is the current one; only the schema is older). */
function openStoreWithout(path: string, version: number) {
  const db = new Database(path);
  expect(db.pragma('user_version', { simple: true })).toBe(version);
  db.close();
  // the current writer on the older schema: the tokens column is the same column
  const store = openStore(path);
  store.db.pragma(`user_version = ${version}`);
  return store;
}
