import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Default store path, as `vnplan run` writes it. */
export const DEFAULT_DB = 'output/plans.sqlite';

/**
 * Opens a store read-only for analysis: a missing file is an error that names it (opening
 * read-write would silently create an empty store and report "no documents").
 */
export function openStoreReadonly(path: string): Database.Database {
  if (!existsSync(path)) throw new Error(`${path}: no such store (run \`vnplan run <files> --db ${path}\` first)`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version < 1) {
    db.close();
    throw new Error(`${path}: not a vnplan store (schema version ${version})`);
  }
  return db;
}
