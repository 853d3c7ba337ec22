import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StructuredRecord } from '../schemas/index.ts';
import { ingestFile } from '../src/ingest/index.ts';
import { analyseRepaired } from '../src/pipeline/batch.ts';
import { createRepairer } from '../src/repair/index.ts';

/**
 * The held-out documents (test/fixtures/heldout, docs/heldout.md): written after the rules, with
 * hand-made gold. The clean texts run through the whole pipeline (ingest → repair → segment →
 * extract) and the key fields must equal the gold, so a rule change that breaks documents the
 * rules were not written on shows here. The OCR'd copies are measured by score.py, not asserted.
 */
const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'heldout');
const ids = readdirSync(join(dir, 'gold')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
const gold = (id: string): StructuredRecord => JSON.parse(readFileSync(join(dir, 'gold', `${id}.json`), 'utf8')) as StructuredRecord;

const records = new Map<string, StructuredRecord>();

beforeAll(async () => {
  const repairer = createRepairer();
  for (const id of ids) {
    const ingested = await ingestFile(join(dir, `${id}.txt`));
    records.set(id, analyseRepaired(ingested, repairer.repairDocument(ingested)).extraction.record);
  }
}, 60_000);

/** Unit names compared as the scorer does: case-free, spacing of hyphens unified. */
const unitKey = (u: string) => u.normalize('NFC').toLocaleLowerCase('vi').replace(/\s*-\s*/g, ' - ').trim();

describe.each(ids)('held-out %s', (id) => {
  const g = gold(id);
  const r = () => records.get(id)!;

  it('meta fields equal the gold', () => {
    const { title, ...rest } = r().meta;
    const { title: goldTitle, ...goldRest } = g.meta;
    expect(rest).toEqual(goldRest);
    expect(title).toBe(goldTitle);
  });

  it('sections, numbering and kinds equal the gold', () => {
    expect(r().sections.map((s) => [s.numbering, s.kind])).toEqual(g.sections.map((s) => [s.numbering, s.kind]));
  });

  it('tasks: numbering, lead and partner units and timeline equal the gold', () => {
    const pick = (t: StructuredRecord['tasks'][number]) => ({
      at: `${t.section_numbering}/${t.numbering}`,
      lead: t.lead_units.map(unitKey),
      partner: t.partner_units.map(unitKey),
      timeline: t.timeline,
    });
    expect(r().tasks.map(pick)).toEqual(g.tasks.map(pick));
  });

  it('targets (year, value, unit), references, deadlines and responsibilities equal the gold', () => {
    expect(r().targets.map((t) => [t.year, t.value, t.unit])).toEqual(g.targets.map((t) => [t.year, t.value, t.unit]));
    expect(r().references.map((x) => [x.number, x.date])).toEqual(g.references.map((x) => [x.number, x.date]));
    expect(r().deadlines.map((d) => d.date)).toEqual(g.deadlines.map((d) => d.date));
    expect(r().responsibilities.map((x) => [unitKey(x.unit), x.duties])).toEqual(g.responsibilities.map((x) => [unitKey(x.unit), x.duties]));
    expect(r().funding.present).toBe(g.funding.present);
    expect(r().recipients.length).toBe(g.recipients.length);
  });
});
