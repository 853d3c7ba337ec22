import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StructuredRecord } from '../../schemas/index.ts';

/** The shared folder sits beside the checkout (as in CI); VNPLAN_SHARED overrides. */
export const SHARED_DIR = process.env.VNPLAN_SHARED ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');

/** The gold structured records, keyed by doc id (evaluation data: read, never trained on). */
export function loadGoldRecords(): Map<string, StructuredRecord> {
  const dir = join(SHARED_DIR, 'gold/structured');
  const out = new Map<string, StructuredRecord>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const record = StructuredRecord.parse(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    out.set(record.doc_id, record);
  }
  return out;
}
