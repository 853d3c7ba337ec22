import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  Extraction,
  IngestError,
  type IngestedDocument,
  type LineSpan,
  type RepairedDocument,
  type RepairedToken,
  type SectionNode,
  type SegmentedDocument,
} from '../../schemas/index.ts';
import { canonicalUnitName, displayUnitName } from '../gazetteer/units.ts';
import { versionStamp, type PipelineVersion, type Stage } from '../pipeline/version.ts';
import { documentSummarySelect, MIGRATIONS, migrate, unitWorkSelect } from './migrations.ts';
import { decodeStoredTokens, encodeStoredTokens } from './tokens.ts';

export { MIGRATIONS, migrate };

export interface SaveInput {
  ingested: IngestedDocument;
  repaired: RepairedDocument;
  segmented: SegmentedDocument;
  extraction: Extraction;
  /**
   * Similarity features of the repaired text (src/analysis/features.ts; the pipeline computes them
   * in its workers). Without them no row is written, and `similar` computes them from the lines.
   */
  features?: StoredFeatures;
}

/** A document's similarity features as stored (document_features): what src/analysis/features.ts computes. */
export interface StoredFeatures {
  version: number;
  terms: Uint32Array;
  counts: Uint16Array;
  minhash: Uint32Array;
}

const blobOf = (a: Uint32Array | Uint16Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** What the store knows of a document with a given content hash: enough to decide to skip it. */
export interface StoredDocumentInfo {
  id: number;
  sourcePath: string;
  pipelineVersion: string | null;
  versions: Record<Stage, string | null>;
}

export interface StoreCounts {
  documents: number;
  sections: number;
  tasks: number;
  targets: number;
  errors: number;
}

export interface Store {
  readonly db: Database.Database;
  /**
   * One transaction per document. Same contentHash already stored, or a document from the same
   * source path (an edited file) → its rows are replaced, not duplicated, under the same id.
   */
  saveDocument(input: SaveInput): { documentId: number; replaced: boolean };
  /** A file that failed at some stage: one row, the batch goes on. */
  saveError(error: IngestError & { contentHash?: string | null }): void;
  /**
   * Repaired text of documents stored as already-clean Vietnamese (for batch adaptation), in row
   * order, at most `maxChars` characters in all, leaving out the documents whose content hash is in
   * `exclude`.
   */
  cleanDocumentTexts(options?: { maxChars?: number; exclude?: ReadonlySet<string> }): string[];
  /** The stored document with these bytes, if any. */
  findByHash(contentHash: string): StoredDocumentInfo | undefined;
  /**
   * A stored document's ingest record rebuilt from its rows (its raw lines, page by page), so a
   * new repair model can re-repair it without reading (or OCR-ing) the file again. OCR page
   * confidences are not stored: they come back null.
   */
  loadIngested(id: number): IngestedDocument;
  /** A stored document's ingest and repair records rebuilt from its rows (repaired text, the tokens the store keeps), to re-extract it. */
  loadRepaired(id: number): { ingested: IngestedDocument; repaired: RepairedDocument };
  counts(): StoreCounts;
  close(): void;
}

/** Raised when a document cannot be stored (inconsistent input); names the file. */
export class StoreFailure extends Error {
  constructor(readonly sourcePath: string, reason: string) {
    super(`${sourcePath}: ${reason}`);
    this.name = 'StoreFailure';
  }
}

/** Tokens worth keeping per line: the ones repair changed or is unsure of (the rest are the raw text). */
export function notableTokens(tokens: readonly RepairedToken[]): RepairedToken[] {
  return tokens.filter((t) => t.confidence < 1 || t.repaired !== t.original);
}

const PROVENANCE_LISTS = ['sections', 'tasks', 'targets', 'references', 'responsibilities', 'deadlines', 'recipients'] as const;

/** The extraction's provenance must have one span per list item; a mismatch is an extractor bug, not data. */
function checkProvenance(sourcePath: string, extraction: Extraction): void {
  for (const list of PROVENANCE_LISTS) {
    const items = extraction.record[list].length;
    const spans = extraction.provenance[list].length;
    if (items !== spans) {
      throw new StoreFailure(sourcePath, `extraction has ${items} ${list} but ${spans} provenance spans`);
    }
  }
}

export interface StoreOptions {
  /** The vnplan and model versions written with every document saved through this store. */
  version?: PipelineVersion;
}

/** How long a connection waits for another process's lock on the store before it gives up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Puts the store in WAL mode. SQLite does not call the busy handler for this switch: when two
 * processes open a new store at the same moment (two `vnplan run` on one fresh --db), one of them
 * got "database is locked" at once (10 of 40 raced triples of openStore). So it is tried again
 * until `timeoutMs` has passed, as any other statement would wait.
 */
export function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      const busy = (e as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false;
      if (!busy || Date.now() >= deadline) throw e;
      // a synchronous pause (opening a store is synchronous), growing from 2 to 50 ms
      Atomics.wait(pause, 0, 0, Math.min(50, 2 << Math.min(attempt, 5)));
    }
  }
}

/**
 * Opens (creating if needed) the SQLite store at `path`: parent directories created,
 * migrations applied, foreign keys on, WAL journal. `:memory:` works for tests.
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  enableWal(db, BUSY_TIMEOUT_MS);
  db.pragma('foreign_keys = ON');
  migrate(db);

  const stmt = {
    findByHash: db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE content_hash = ?'),
    findByPath: db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE source_path = ? ORDER BY id'),
    deleteDocument: db.prepare<[number]>('DELETE FROM documents WHERE id = ?'),
    insertDocument: db.prepare(`INSERT INTO documents (
        id, doc_id, source_path, source_kind, content_hash, encoding, was_clean, page_count, line_count,
        preamble_end, warnings, doc_type, number, issued_date, issuer, commune, commune_type, province,
        title, signer, signer_role, funding_present, funding_start_line, funding_end_line, vnplan_version,
        pipeline_version, ingest_version, repair_version, extract_version)
      VALUES (@id, @doc_id, @source_path, @source_kind, @content_hash, @encoding, @was_clean, @page_count,
        @line_count, @preamble_end, @warnings, @doc_type, @number, @issued_date, @issuer, @commune,
        @commune_type, @province, @title, @signer, @signer_role, @funding_present, @funding_start_line,
        @funding_end_line, @vnplan_version, @pipeline_version, @ingest_version, @repair_version, @extract_version)`),
    insertLine: db.prepare(`INSERT INTO lines (document_id, line_no, page, raw, text, confidence, tokens)
      VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertSection: db.prepare(`INSERT INTO sections (document_id, parent_id, ordinal, numbering, marker, heading,
        kind, level, start_line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertRecordSection: db.prepare(`INSERT INTO record_sections (document_id, ordinal, numbering, heading, kind,
        start_line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    findUnit: db.prepare<[string], { id: number }>('SELECT id FROM units WHERE canonical_name = ?'),
    insertUnit: db.prepare('INSERT INTO units (canonical_name, display_name) VALUES (?, ?)'),
    insertTask: db.prepare(`INSERT INTO tasks (document_id, ordinal, section_numbering, numbering, title, timeline,
        due_date, start_line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertTaskUnit: db.prepare(`INSERT INTO task_units (task_id, unit_id, role, ordinal, printed_name)
      VALUES (?, ?, ?, ?, ?)`),
    insertTarget: db.prepare(`INSERT INTO targets (document_id, ordinal, year, value, unit, population, statement,
        start_line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertRef: db.prepare(`INSERT INTO refs (document_id, ordinal, kind, number, date, issuer, start_line, end_line)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    insertDeadline: db.prepare(`INSERT INTO deadlines (document_id, ordinal, date, what, start_line, end_line)
      VALUES (?, ?, ?, ?, ?, ?)`),
    insertResponsibility: db.prepare(`INSERT INTO responsibilities (document_id, ordinal, unit_id, printed_name,
        duties, start_line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    insertFunding: db.prepare(`INSERT INTO funding_sources (document_id, ordinal, source, start_line, end_line)
      VALUES (?, ?, ?, ?, ?)`),
    insertRecipient: db.prepare(`INSERT INTO recipients (document_id, ordinal, recipient, start_line, end_line)
      VALUES (?, ?, ?, ?, ?)`),
    // Units no task or responsibility refers to any more (after a replace): not worth keeping.
    deleteOrphanUnits: db.prepare(`DELETE FROM units WHERE id NOT IN (SELECT unit_id FROM task_units)
      AND id NOT IN (SELECT unit_id FROM responsibilities)`),
    deleteErrorsForPath: db.prepare<[string]>('DELETE FROM ingest_errors WHERE source_path = ?'),
    insertSummary: db.prepare<[number]>(`INSERT INTO document_summary (document_id, tasks, targets, kinds) ${documentSummarySelect('d.id = ?')}`),
    insertUnitWork: db.prepare<[number, number]>(
      `INSERT INTO unit_work (document_id, unit_id, tasks_led, tasks_supported, duties) ${unitWorkSelect('d.id = ?')}`,
    ),
    insertFeatures: db.prepare('INSERT INTO document_features (document_id, version, terms, counts, minhash) VALUES (?, ?, ?, ?, ?)'),
    info: db.prepare<[string], { id: number; source_path: string; pipeline_version: string | null; ingest_version: string | null; repair_version: string | null; extract_version: string | null }>(
      'SELECT id, source_path, pipeline_version, ingest_version, repair_version, extract_version FROM documents WHERE content_hash = ?',
    ),
    documentRow: db.prepare<[number], { doc_id: string; source_path: string; source_kind: string; content_hash: string; encoding: string | null; warnings: string; was_clean: number; page_count: number }>(
      'SELECT doc_id, source_path, source_kind, content_hash, encoding, warnings, was_clean, page_count FROM documents WHERE id = ?',
    ),
    documentLines: db.prepare<[number], { line_no: number; page: number; raw: string; text: string; confidence: number; tokens: string | Buffer }>(
      'SELECT line_no, page, raw, text, confidence, tokens FROM lines WHERE document_id = ? ORDER BY line_no',
    ),
    insertError: db.prepare('INSERT INTO ingest_errors (source_path, stage, message, content_hash) VALUES (?, ?, ?, ?)'),
  };

  /** Units are shared across documents: the first printed form seen becomes the display name. */
  function unitId(printed: string): number {
    const canonical = canonicalUnitName(printed) || printed.trim() || '(không rõ)';
    const found = stmt.findUnit.get(canonical);
    if (found) return found.id;
    return Number(stmt.insertUnit.run(canonical, displayUnitName(printed) || printed).lastInsertRowid);
  }

  function insertSectionTree(documentId: number, nodes: readonly SectionNode[], parentId: number | null): void {
    nodes.forEach((n, i) => {
      const id = Number(
        stmt.insertSection.run(documentId, parentId, i, n.numbering, n.marker, n.heading, n.kind, n.level, n.startLine, n.endLine)
          .lastInsertRowid,
      );
      insertSectionTree(documentId, n.children, id);
    });
  }

  const save = db.transaction((input: SaveInput, extraction: Extraction): { documentId: number; replaced: boolean } => {
    const { ingested, repaired, segmented } = input;
    const { record, provenance } = extraction;
    // Same bytes (wherever they now are) or a new version of the same file: either replaces.
    const sameHash = stmt.findByHash.get(ingested.contentHash);
    const samePath = stmt.findByPath.all(ingested.sourcePath);
    const previous = sameHash ?? samePath[0];
    for (const old of [sameHash, ...samePath]) if (old) stmt.deleteDocument.run(old.id);
    const m = record.meta;
    const lineCount = repaired.lines.length || ingested.pages.reduce((n, p) => n + p.lines.length, 0);
    const documentId = Number(
      stmt.insertDocument.run({
        id: previous?.id ?? null,
        doc_id: ingested.docId,
        source_path: ingested.sourcePath,
        source_kind: ingested.sourceKind,
        content_hash: ingested.contentHash,
        encoding: ingested.encoding,
        was_clean: repaired.wasClean ? 1 : 0,
        page_count: ingested.pages.length,
        line_count: lineCount,
        preamble_end: segmented.preambleEnd,
        warnings: JSON.stringify(ingested.warnings),
        doc_type: m.doc_type,
        number: m.number,
        issued_date: m.issued_date,
        issuer: m.issuer,
        commune: m.commune,
        commune_type: m.commune_type,
        province: m.province,
        title: m.title,
        signer: m.signer,
        signer_role: m.signer_role,
        funding_present: record.funding.present ? 1 : 0,
        funding_start_line: provenance.funding?.start ?? null,
        funding_end_line: provenance.funding?.end ?? null,
        vnplan_version: options.version?.vnplan ?? null,
        pipeline_version: options.version ? versionStamp(options.version) : null,
        ingest_version: options.version?.stages.ingest ?? null,
        repair_version: options.version?.stages.repair ?? null,
        extract_version: options.version?.stages.extract ?? null,
      }).lastInsertRowid,
    );

    for (const l of repaired.lines) {
      stmt.insertLine.run(documentId, l.lineNo, l.pageNumber, l.raw, l.text, l.confidence, encodeStoredTokens(notableTokens(l.tokens), l.raw));
    }
    insertSectionTree(documentId, segmented.sections, null);

    const span = (s: LineSpan | undefined | null): [number | null, number | null] => [s?.start ?? null, s?.end ?? null];
    record.sections.forEach((s, i) => stmt.insertRecordSection.run(documentId, i, s.numbering, s.heading, s.kind, ...span(provenance.sections[i])));
    record.tasks.forEach((t, i) => {
      const taskId = Number(
        stmt.insertTask.run(documentId, i, t.section_numbering, t.numbering, t.title, t.timeline, t.due_date, ...span(provenance.tasks[i]))
          .lastInsertRowid,
      );
      t.lead_units.forEach((u, j) => stmt.insertTaskUnit.run(taskId, unitId(u), 'lead', j, u));
      t.partner_units.forEach((u, j) => stmt.insertTaskUnit.run(taskId, unitId(u), 'partner', j, u));
    });
    record.targets.forEach((t, i) =>
      stmt.insertTarget.run(documentId, i, t.year, t.value, t.unit, t.population, t.statement, ...span(provenance.targets[i])),
    );
    record.references.forEach((r, i) => stmt.insertRef.run(documentId, i, r.kind, r.number, r.date, r.issuer, ...span(provenance.references[i])));
    record.deadlines.forEach((d, i) => stmt.insertDeadline.run(documentId, i, d.date, d.what, ...span(provenance.deadlines[i])));
    record.responsibilities.forEach((r, i) =>
      stmt.insertResponsibility.run(documentId, i, unitId(r.unit), r.unit, r.duties, ...span(provenance.responsibilities[i])),
    );
    record.funding.sources.forEach((s, i) => stmt.insertFunding.run(documentId, i, s, ...span(provenance.funding)));
    record.recipients.forEach((r, i) => stmt.insertRecipient.run(documentId, i, r, ...span(provenance.recipients[i])));
    stmt.insertSummary.run(documentId);
    stmt.insertUnitWork.run(documentId, documentId);
    const f = input.features;
    if (f) stmt.insertFeatures.run(documentId, f.version, blobOf(f.terms), blobOf(f.counts), blobOf(f.minhash));
    if (previous) stmt.deleteOrphanUnits.run();
    // The file now stores cleanly: an earlier failure of the same path is history, not a current problem.
    stmt.deleteErrorsForPath.run(ingested.sourcePath);
    return { documentId, replaced: previous !== undefined };
  });

  function loadStored(id: number): { ingested: IngestedDocument; repaired: RepairedDocument } {
    const d = stmt.documentRow.get(id);
    if (!d) throw new Error(`no document with id ${id} in the store`);
    const rows = stmt.documentLines.all(id);
    const pages = new Map<number, string[]>();
    for (const r of rows) {
      const lines = pages.get(r.page) ?? [];
      lines.push(r.raw);
      pages.set(r.page, lines);
    }
    const ingested: IngestedDocument = {
      docId: d.doc_id,
      sourcePath: d.source_path,
      sourceKind: d.source_kind as IngestedDocument['sourceKind'],
      contentHash: d.content_hash,
      encoding: d.encoding,
      pages: pages.size > 0 ? [...pages].map(([pageNumber, lines]) => ({ pageNumber, lines, ocrConfidence: null })) : [{ pageNumber: 1, lines: [], ocrConfidence: null }],
      warnings: JSON.parse(d.warnings) as string[],
    };
    const repaired: RepairedDocument = {
      docId: d.doc_id,
      wasClean: d.was_clean === 1,
      lines: rows.map((r) => ({ lineNo: r.line_no, pageNumber: r.page, raw: r.raw, text: r.text, confidence: r.confidence, tokens: decodeStoredTokens(r.tokens, r.raw) })),
    };
    return { ingested, repaired };
  }

  return {
    db,
    saveDocument(input) {
      const parsed = Extraction.safeParse(input.extraction);
      if (!parsed.success) {
        throw new StoreFailure(input.ingested.sourcePath, `invalid extraction: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      checkProvenance(input.ingested.sourcePath, parsed.data);
      // IMMEDIATE: take the write lock before the first read, so a second writer waits (busy_timeout)
      // instead of failing when its read snapshot goes stale under another process's commit.
      return save.immediate(input, parsed.data);
    },
    saveError(error) {
      const e = IngestError.parse(error);
      db.transaction(() => {
        stmt.deleteErrorsForPath.run(e.sourcePath);
        stmt.insertError.run(e.sourcePath, e.stage, e.message, error.contentHash ?? null);
      }).immediate();
    },
    cleanDocumentTexts(opts = {}) {
      const maxChars = opts.maxChars ?? Infinity;
      const docs = db.prepare<[], { id: number; content_hash: string }>('SELECT id, content_hash FROM documents WHERE was_clean = 1 ORDER BY id').all();
      const linesOf = db.prepare<[number], { text: string }>('SELECT text FROM lines WHERE document_id = ? ORDER BY line_no');
      const out: string[] = [];
      let total = 0;
      for (const d of docs) {
        if (opts.exclude?.has(d.content_hash)) continue;
        const text = linesOf.all(d.id).map((l) => l.text).join('\n');
        if (total + text.length > maxChars) break;
        total += text.length;
        out.push(text);
      }
      return out;
    },
    findByHash(contentHash) {
      const r = stmt.info.get(contentHash);
      if (!r) return undefined;
      return {
        id: r.id,
        sourcePath: r.source_path,
        pipelineVersion: r.pipeline_version,
        versions: { ingest: r.ingest_version, repair: r.repair_version, extract: r.extract_version },
      };
    },
    loadIngested(id) {
      return loadStored(id).ingested;
    },
    loadRepaired(id) {
      return loadStored(id);
    },
    counts() {
      const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        documents: n('documents'),
        sections: n('sections'),
        tasks: n('tasks'),
        targets: n('targets'),
        errors: n('ingest_errors'),
      };
    },
    close() {
      db.close();
    },
  };
}

/**
 * A read-only connection for analysis (qa, aggregate). A missing file is an error naming it, not
 * a new empty store. A store made by an older vnplan is first migrated (the only write), so the
 * QA and analyst views exist.
 */
export function openStoreForReading(path: string): Database.Database {
  if (!existsSync(path)) {
    throw new Error(`${path}: no such database (run \`vnplan run <files> --db ${path}\` first)`);
  }
  const probe = new Database(path, { readonly: true, fileMustExist: true });
  const version = probe.pragma('user_version', { simple: true }) as number;
  probe.close();
  if (version < MIGRATIONS.length) openStore(path).close();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}
