import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { vnplan } from './helpers/cli.ts';
import { encodeLegacy } from '../src/ingest/legacy.ts';
import { PLAN_LINES, makeDocx, makeScannedPdf, makeTextPdf, renderPagePng } from './fixtures/ingest/build.ts';

describe('vnplan run over every input format', () => {
  it('stores a scanned PDF, a PNG, a DOCX, a TCVN3 file and a text PDF chosen by content, and reports a corrupt PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-formats-'));
    const png = renderPagePng(PLAN_LINES);
    // Extensions are deliberately misleading: the reader is chosen by the bytes.
    writeFileSync(join(dir, 'scan.dat'), await makeScannedPdf([png]));
    writeFileSync(join(dir, 'photo.bin'), png);
    writeFileSync(join(dir, 'word.docx'), await makeDocx());
    writeFileSync(join(dir, 'legacy.txt'), encodeLegacy(PLAN_LINES.join('\n') + '\n', 'tcvn3'));
    writeFileSync(join(dir, 'digital.pdf'), await makeTextPdf([PLAN_LINES]));
    writeFileSync(join(dir, 'broken.pdf'), Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog'));
    const db = join(dir, 'out.sqlite');
    const r = await vnplan(['run', dir, '--db', db, '--no-progress']);
    expect(r.status, r.stderr + r.stdout).toBe(3);
    const conn = new Database(db, { readonly: true });
    const kinds = Object.fromEntries(
      (conn.prepare('select doc_id, source_kind, encoding from documents').all() as { doc_id: string; source_kind: string; encoding: string | null }[]).map((d) => [d.doc_id, d]),
    );
    expect(kinds.scan.source_kind).toBe('pdf-ocr');
    expect(kinds.photo.source_kind).toBe('image-ocr');
    expect(kinds.word.source_kind).toBe('docx');
    expect(kinds.digital.source_kind).toBe('pdf-text');
    expect(kinds.legacy.encoding).toMatch(/tcvn3/);
    const titleLine = PLAN_LINES[2];
    for (const id of ['scan', 'photo', 'legacy', 'digital']) {
      const text = (conn.prepare('select group_concat(l.text, char(10)) t from lines l join documents d on d.id = l.document_id where d.doc_id = ?').get(id) as { t: string }).t;
      expect(text, id).toContain(titleLine);
    }
    const errors = conn.prepare('select source_path, message from ingest_errors').all() as { source_path: string; message: string }[];
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('broken.pdf');
    conn.close();
  });

  it('extract reads a scanned page image into the structured record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vnplan-extract-scan-'));
    const file = join(dir, 'scan.png');
    writeFileSync(file, renderPagePng(PLAN_LINES));
    const r = await vnplan(['extract', file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const record = JSON.parse(r.stdout);
    expect(record.meta.doc_type).toBe('ke_hoach');
    expect(record.sections.map((s: { kind: string }) => s.kind)).toContain('purpose');
  });
});
