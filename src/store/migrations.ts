import type Database from 'better-sqlite3';

/**
 * Versioned schema. Migration i (0-based) brings the database from `PRAGMA user_version` i to
 * i + 1. Never edit a migration that has shipped: append a new one, so existing databases
 * upgrade in place. Every table holding extracted data references documents with
 * ON DELETE CASCADE, so replacing a document is one DELETE.
 */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}

const SPAN = 'start_line INTEGER, end_line INTEGER';
const DOC_FK = 'document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE';

const CORE_TABLES = `
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  source_path TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  encoding TEXT,
  was_clean INTEGER NOT NULL CHECK (was_clean IN (0, 1)),
  page_count INTEGER NOT NULL,
  line_count INTEGER NOT NULL,
  preamble_end INTEGER,
  warnings TEXT NOT NULL DEFAULT '[]',
  doc_type TEXT NOT NULL,
  number TEXT,
  issued_date TEXT,
  issuer TEXT,
  commune TEXT,
  commune_type TEXT,
  province TEXT,
  title TEXT,
  signer TEXT,
  signer_role TEXT,
  funding_present INTEGER NOT NULL CHECK (funding_present IN (0, 1)),
  funding_start_line INTEGER,
  funding_end_line INTEGER,
  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX documents_place ON documents(province, commune);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE TABLE lines (
  ${DOC_FK},
  line_no INTEGER NOT NULL,
  page INTEGER NOT NULL,
  raw TEXT NOT NULL,
  text TEXT NOT NULL,
  confidence REAL NOT NULL,
  tokens TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (document_id, line_no)
) WITHOUT ROWID;

CREATE TABLE sections (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  parent_id INTEGER REFERENCES sections(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  numbering TEXT NOT NULL,
  marker TEXT NOT NULL,
  heading TEXT NOT NULL,
  kind TEXT NOT NULL,
  level INTEGER NOT NULL,
  ${SPAN}
);
CREATE INDEX sections_document ON sections(document_id);
CREATE INDEX sections_parent ON sections(parent_id);

CREATE TABLE record_sections (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  numbering TEXT NOT NULL,
  heading TEXT NOT NULL,
  kind TEXT NOT NULL,
  ${SPAN}
);
CREATE INDEX record_sections_document ON record_sections(document_id);

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  canonical_name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL
);

CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  section_numbering TEXT,
  numbering TEXT NOT NULL,
  title TEXT NOT NULL,
  timeline TEXT,
  due_date TEXT,
  ${SPAN}
);
CREATE INDEX tasks_document ON tasks(document_id);

CREATE TABLE task_units (
  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
  ordinal INTEGER NOT NULL,
  printed_name TEXT NOT NULL,
  PRIMARY KEY (task_id, role, ordinal)
);
CREATE INDEX task_units_unit ON task_units(unit_id);

CREATE TABLE targets (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  year INTEGER,
  value REAL NOT NULL,
  unit TEXT,
  population TEXT,
  statement TEXT NOT NULL,
  ${SPAN}
);
CREATE INDEX targets_document ON targets(document_id);

CREATE TABLE refs (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  kind TEXT,
  number TEXT NOT NULL,
  date TEXT,
  issuer TEXT,
  ${SPAN}
);
CREATE INDEX refs_document ON refs(document_id);
CREATE INDEX refs_number ON refs(number);

CREATE TABLE deadlines (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  date TEXT NOT NULL,
  what TEXT NOT NULL,
  ${SPAN}
);
CREATE INDEX deadlines_document ON deadlines(document_id);
CREATE INDEX deadlines_date ON deadlines(date);

CREATE TABLE responsibilities (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  printed_name TEXT NOT NULL,
  duties INTEGER NOT NULL,
  ${SPAN}
);
CREATE INDEX responsibilities_document ON responsibilities(document_id);
CREATE INDEX responsibilities_unit ON responsibilities(unit_id);

CREATE TABLE funding_sources (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  source TEXT NOT NULL,
  ${SPAN}
);
CREATE INDEX funding_sources_document ON funding_sources(document_id);

CREATE TABLE recipients (
  id INTEGER PRIMARY KEY,
  ${DOC_FK},
  ordinal INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  ${SPAN}
);
CREATE INDEX recipients_document ON recipients(document_id);

CREATE TABLE ingest_errors (
  id INTEGER PRIMARY KEY,
  source_path TEXT NOT NULL,
  stage TEXT NOT NULL,
  message TEXT NOT NULL,
  content_hash TEXT,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX ingest_errors_path ON ingest_errors(source_path);
`;

const ANALYST_VIEWS = `
-- One row per document: where it is from and how much was extracted.
CREATE VIEW v_document_summary AS
SELECT d.id AS document_id, d.doc_id, d.source_path, d.doc_type, d.number, d.issued_date,
       d.province, d.commune, d.commune_type, d.title, d.signer, d.was_clean,
       d.funding_present, d.line_count,
       (SELECT count(*) FROM record_sections s WHERE s.document_id = d.id) AS sections,
       (SELECT count(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
       (SELECT count(*) FROM targets t WHERE t.document_id = d.id) AS targets,
       (SELECT count(*) FROM refs r WHERE r.document_id = d.id) AS refs,
       (SELECT count(*) FROM deadlines x WHERE x.document_id = d.id) AS deadlines,
       (SELECT count(*) FROM responsibilities x WHERE x.document_id = d.id) AS responsibilities,
       (SELECT round(avg(l.confidence), 4) FROM lines l WHERE l.document_id = d.id) AS mean_line_confidence
FROM documents d;

-- Every (unit, document) pair with the work the document gives that unit.
CREATE VIEW v_unit_document_work AS
WITH lead AS (
  SELECT t.document_id, tu.unit_id, count(DISTINCT t.id) AS n FROM task_units tu JOIN tasks t ON t.id = tu.task_id
  WHERE tu.role = 'lead' GROUP BY 1, 2),
partner AS (
  SELECT t.document_id, tu.unit_id, count(DISTINCT t.id) AS n FROM task_units tu JOIN tasks t ON t.id = tu.task_id
  WHERE tu.role = 'partner' GROUP BY 1, 2),
duty AS (
  SELECT document_id, unit_id, sum(duties) AS n FROM responsibilities GROUP BY 1, 2),
pairs AS (
  SELECT document_id, unit_id FROM lead UNION SELECT document_id, unit_id FROM partner
  UNION SELECT document_id, unit_id FROM duty)
SELECT p.document_id, p.unit_id, coalesce(l.n, 0) AS tasks_led, coalesce(pa.n, 0) AS tasks_supported,
       coalesce(du.n, 0) AS duties
FROM pairs p
LEFT JOIN lead l ON l.document_id = p.document_id AND l.unit_id = p.unit_id
LEFT JOIN partner pa ON pa.document_id = p.document_id AND pa.unit_id = p.unit_id
LEFT JOIN duty du ON du.document_id = p.document_id AND du.unit_id = p.unit_id;

-- Work per canonical unit across all documents.
CREATE VIEW v_unit_workload AS
SELECT u.id AS unit_id, u.canonical_name, u.display_name,
       count(DISTINCT w.document_id) AS documents,
       count(DISTINCT coalesce(d.province, '') || '/' || coalesce(d.commune, '')) AS places,
       sum(w.tasks_led) AS tasks_led, sum(w.tasks_supported) AS tasks_supported, sum(w.duties) AS duties
FROM units u JOIN v_unit_document_work w ON w.unit_id = u.id JOIN documents d ON d.id = w.document_id
GROUP BY u.id;

-- Dated commitments: deadlines and task due dates, with where they come from.
CREATE VIEW v_deadlines AS
SELECT d.id AS document_id, d.doc_id, d.province, d.commune, x.date, x.what, 'deadline' AS source,
       x.start_line, x.end_line
FROM deadlines x JOIN documents d ON d.id = x.document_id
UNION ALL
SELECT d.id, d.doc_id, d.province, d.commune, t.due_date, t.title, 'task', t.start_line, t.end_line
FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.due_date IS NOT NULL;

-- Targets with their document's place, for side-by-side comparison.
CREATE VIEW v_targets AS
SELECT d.id AS document_id, d.doc_id, d.doc_type, d.province, d.commune, t.year, t.value, t.unit,
       t.population, t.statement, t.start_line, t.end_line
FROM targets t JOIN documents d ON d.id = t.document_id;
`;


const QA_VIEWS = `
-- What each document type is expected to contain (SCHEMA.md); analysts may add rows.
CREATE TABLE qa_expected_sections (
  doc_type TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY (doc_type, kind)
);
INSERT INTO qa_expected_sections (doc_type, kind) VALUES
  ('ke_hoach', 'purpose'), ('ke_hoach', 'content'), ('ke_hoach', 'funding'), ('ke_hoach', 'organization'),
  ('bao_cao', 'results'), ('bao_cao', 'next_steps');

-- Tunable QA thresholds. low_line_confidence: a line whose weakest token repair has a posterior
-- below this is one a reader should check against the scan.
CREATE TABLE qa_settings (key TEXT PRIMARY KEY, value REAL NOT NULL);
INSERT INTO qa_settings (key, value) VALUES ('low_line_confidence', 0.5);

CREATE VIEW v_qa_missing_sections AS
SELECT d.id AS document_id, d.doc_id, d.doc_type, e.kind AS expected_kind
FROM documents d JOIN qa_expected_sections e ON e.doc_type = d.doc_type
WHERE NOT EXISTS (SELECT 1 FROM record_sections s WHERE s.document_id = d.id AND s.kind = e.kind);

CREATE VIEW v_qa_tasks AS
SELECT d.id AS document_id, d.doc_id, t.id AS task_id, t.section_numbering, t.numbering, t.title,
       'no_lead_unit' AS problem, t.start_line, t.end_line
FROM tasks t JOIN documents d ON d.id = t.document_id
WHERE NOT EXISTS (SELECT 1 FROM task_units u WHERE u.task_id = t.id AND u.role = 'lead')
UNION ALL
SELECT d.id, d.doc_id, t.id, t.section_numbering, t.numbering, t.title, 'no_timeline', t.start_line, t.end_line
FROM tasks t JOIN documents d ON d.id = t.document_id
WHERE t.timeline IS NULL AND t.due_date IS NULL;

CREATE VIEW v_qa_targets AS
SELECT d.id AS document_id, d.doc_id, t.id AS target_id, t.value, t.unit, t.statement,
       'no_year' AS problem, t.start_line, t.end_line
FROM targets t JOIN documents d ON d.id = t.document_id
WHERE t.year IS NULL;

CREATE VIEW v_qa_meta AS
SELECT id AS document_id, doc_id, 'no_number' AS problem FROM documents WHERE number IS NULL OR trim(number) = ''
UNION ALL SELECT id, doc_id, 'no_issued_date' FROM documents WHERE issued_date IS NULL
UNION ALL SELECT id, doc_id, 'no_signer' FROM documents WHERE signer IS NULL OR trim(signer) = ''
UNION ALL SELECT id, doc_id, 'no_commune_or_province' FROM documents WHERE commune IS NULL AND province IS NULL
UNION ALL SELECT d.id, d.doc_id, 'no_tasks' FROM documents d
  WHERE d.doc_type = 'ke_hoach' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = d.id)
UNION ALL SELECT d.id, d.doc_id, 'funding_without_sources' FROM documents d
  WHERE d.funding_present = 1 AND NOT EXISTS (SELECT 1 FROM funding_sources f WHERE f.document_id = d.id);

-- Dates that contradict the issue date, compared at the precision both share ("2025-09-26" is
-- not before "2025-09"): a deadline or due date before the document was issued, or a cited
-- document dated after it.
CREATE VIEW v_qa_dates AS
WITH dated AS (
  SELECT x.document_id, 'deadline_before_issue' AS problem, x.date, x.what, x.start_line, x.end_line
  FROM deadlines x
  UNION ALL
  SELECT t.document_id, 'due_date_before_issue', t.due_date, t.numbering || '. ' || t.title, t.start_line, t.end_line
  FROM tasks t WHERE t.due_date IS NOT NULL
  UNION ALL
  SELECT r.document_id, 'reference_after_issue', r.date, coalesce(r.kind || ' ', '') || r.number, r.start_line, r.end_line
  FROM refs r WHERE r.date IS NOT NULL)
SELECT d.id AS document_id, d.doc_id, x.problem, x.date, d.issued_date, x.what, x.start_line, x.end_line
FROM dated x JOIN documents d ON d.id = x.document_id
WHERE d.issued_date IS NOT NULL
  AND CASE x.problem WHEN 'reference_after_issue'
        THEN substr(x.date, 1, min(length(x.date), length(d.issued_date))) > substr(d.issued_date, 1, min(length(x.date), length(d.issued_date)))
        ELSE substr(x.date, 1, min(length(x.date), length(d.issued_date))) < substr(d.issued_date, 1, min(length(x.date), length(d.issued_date)))
      END;

CREATE VIEW v_qa_low_confidence AS
SELECT d.id AS document_id, d.doc_id, l.line_no, l.page, l.confidence, l.raw, l.text
FROM lines l JOIN documents d ON d.id = l.document_id
WHERE l.confidence < (SELECT value FROM qa_settings WHERE key = 'low_line_confidence');

-- Every finding in one shape: (document, check, detail, line span).
CREATE VIEW v_qa_findings AS
SELECT document_id, doc_id, 'missing_section' AS "check", expected_kind AS detail, NULL AS start_line, NULL AS end_line
FROM v_qa_missing_sections
UNION ALL SELECT document_id, doc_id, 'task_' || problem, numbering || '. ' || title, start_line, end_line FROM v_qa_tasks
UNION ALL SELECT document_id, doc_id, 'target_' || problem, statement, start_line, end_line FROM v_qa_targets
UNION ALL SELECT document_id, doc_id, problem, NULL, NULL, NULL FROM v_qa_meta
UNION ALL SELECT document_id, doc_id, problem, date || ' vs issued ' || issued_date || ': ' || what, start_line, end_line FROM v_qa_dates
UNION ALL SELECT document_id, doc_id, 'low_confidence_line', printf('%.2f: %s', confidence, text), line_no, line_no FROM v_qa_low_confidence;

-- One row per document with the number of findings of each check (0 when clean).
CREATE VIEW v_qa_summary AS
SELECT d.id AS document_id, d.doc_id, d.doc_type, d.province, d.commune,
       (SELECT count(*) FROM v_qa_missing_sections x WHERE x.document_id = d.id) AS missing_sections,
       (SELECT count(*) FROM v_qa_tasks x WHERE x.document_id = d.id AND x.problem = 'no_lead_unit') AS tasks_without_lead,
       (SELECT count(*) FROM v_qa_tasks x WHERE x.document_id = d.id AND x.problem = 'no_timeline') AS tasks_without_timeline,
       (SELECT count(*) FROM v_qa_targets x WHERE x.document_id = d.id) AS targets_without_year,
       (SELECT count(*) FROM v_qa_meta x WHERE x.document_id = d.id) AS meta_gaps,
       (SELECT count(*) FROM v_qa_dates x WHERE x.document_id = d.id) AS date_conflicts,
       (SELECT count(*) FROM v_qa_low_confidence x WHERE x.document_id = d.id) AS low_confidence_lines
FROM documents d;
`;

// A task's due date is usually also read as a deadline from the same lines ("Thời gian hoàn thành:
// trước ngày 30/6/2026"): one commitment, listed once (as the deadline).
const DEADLINES_ONCE = `
DROP VIEW v_deadlines;
CREATE VIEW v_deadlines AS
SELECT d.id AS document_id, d.doc_id, d.province, d.commune, x.date, x.what, 'deadline' AS source,
       x.start_line, x.end_line
FROM deadlines x JOIN documents d ON d.id = x.document_id
UNION ALL
SELECT d.id, d.doc_id, d.province, d.commune, t.due_date, t.title, 'task', t.start_line, t.end_line
FROM tasks t JOIN documents d ON d.id = t.document_id
WHERE t.due_date IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM deadlines x WHERE x.document_id = t.document_id AND x.date = t.due_date
                  AND x.start_line <= t.end_line AND x.end_line >= t.start_line);
`;

// Which vnplan (package version) and which models (the full stamp, src/pipeline/version.ts) made
// each document's rows; NULL for rows stored before the stamp existed.
const PIPELINE_VERSION = `
ALTER TABLE documents ADD COLUMN vnplan_version TEXT;
ALTER TABLE documents ADD COLUMN pipeline_version TEXT;
`;

// Per-stage versions (src/pipeline/version.ts), so a run re-does only the stages a new version
// changes; and each document's similarity features (src/analysis/features.ts), computed once by the
// pipeline so corpus-wide similarity never re-reads and re-tokenises every line of the store.
const STAGES_AND_FEATURES = `
ALTER TABLE documents ADD COLUMN ingest_version TEXT;
ALTER TABLE documents ADD COLUMN repair_version TEXT;
ALTER TABLE documents ADD COLUMN extract_version TEXT;
-- QA's low-confidence check reads the few uncertain lines through it instead of scanning every line.
CREATE INDEX lines_confidence ON lines(confidence);
CREATE TABLE document_features (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  terms BLOB NOT NULL,
  counts BLOB NOT NULL,
  minhash BLOB NOT NULL
);
`;

/**
 * What the writer keeps with each document for the analyst commands, so that `aggregate` over a
 * national store reads one row per document and one per (document, unit) instead of grouping
 * every task, unit link and section. One SELECT each, over the documents a filter picks: all of
 * them when the migration fills the tables, the one being saved afterwards (store/index.ts).
 */
export function documentSummarySelect(documentFilter: string): string {
  return `SELECT d.id,
       (SELECT count(*) FROM tasks t WHERE t.document_id = d.id),
       (SELECT count(*) FROM targets t WHERE t.document_id = d.id),
       coalesce((SELECT sum(1 << b.bit) FROM (SELECT DISTINCT kind FROM record_sections s WHERE s.document_id = d.id) k
                 JOIN section_kind_bits b ON b.kind = k.kind), 0)
FROM documents d WHERE ${documentFilter}`;
}

export function unitWorkSelect(documentFilter: string): string {
  return `SELECT document_id, unit_id, sum(led), sum(supported), sum(duties) FROM (
  SELECT t.document_id, tu.unit_id, count(DISTINCT CASE WHEN tu.role = 'lead' THEN t.id END) AS led,
         count(DISTINCT CASE WHEN tu.role = 'partner' THEN t.id END) AS supported, 0 AS duties
  FROM tasks t JOIN task_units tu ON tu.task_id = t.id JOIN documents d ON d.id = t.document_id
  WHERE ${documentFilter} GROUP BY 1, 2
  UNION ALL
  SELECT r.document_id, r.unit_id, 0, 0, sum(r.duties) FROM responsibilities r JOIN documents d ON d.id = r.document_id
  WHERE ${documentFilter} GROUP BY 1, 2)
GROUP BY 1, 2`;
}

const ANALYST_SUMMARIES = `
-- A bit per section kind: a document's kinds are one integer, coverage and QA's expected sections masks.
CREATE TABLE section_kind_bits (kind TEXT PRIMARY KEY, bit INTEGER NOT NULL UNIQUE);
INSERT INTO section_kind_bits (kind, bit) VALUES
  ('purpose', 0), ('targets', 1), ('content', 2), ('funding', 3), ('timeline', 4), ('organization', 5),
  ('situation', 6), ('results', 7), ('assessment', 8), ('next_steps', 9), ('other', 10);

CREATE TABLE document_summary (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  tasks INTEGER NOT NULL,
  targets INTEGER NOT NULL,
  -- bit set (section_kind_bits) of the kinds among the document's top-level sections
  kinds INTEGER NOT NULL
);
INSERT INTO document_summary (document_id, tasks, targets, kinds) ${documentSummarySelect('1')};

CREATE TABLE unit_work (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  tasks_led INTEGER NOT NULL,
  tasks_supported INTEGER NOT NULL,
  duties INTEGER NOT NULL,
  PRIMARY KEY (document_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX unit_work_unit ON unit_work(unit_id);
INSERT INTO unit_work (document_id, unit_id, tasks_led, tasks_supported, duties) ${unitWorkSelect('1')};

-- The view keeps its name and columns for analysts' queries; the work is now stored, not recomputed.
DROP VIEW v_unit_document_work;
CREATE VIEW v_unit_document_work AS
SELECT document_id, unit_id, tasks_led, tasks_supported, duties FROM unit_work;

-- The printed forms of each unit (for its display name) read from the index alone.
CREATE INDEX task_units_forms ON task_units(unit_id, printed_name);
CREATE INDEX responsibilities_forms ON responsibilities(unit_id, printed_name);
`;

// Lines' tokens (lines.tokens) are written in a compact binary form (src/store/tokens.ts) from this
// version on; the rows of older versions keep their JSON, which the readers still read. Nothing to
// convert: the version only stops an older vnplan, which reads JSON only, from opening the store.
const COMPACT_TOKENS = `SELECT 1;`;

export const MIGRATIONS: readonly Migration[] = [
  { name: 'core tables', sql: CORE_TABLES },
  { name: 'analyst views', sql: ANALYST_VIEWS },
  { name: 'qa views', sql: QA_VIEWS },
  { name: 'deadlines listed once', sql: DEADLINES_ONCE },
  { name: 'pipeline version per document', sql: PIPELINE_VERSION },
  { name: 'stage versions and similarity features', sql: STAGES_AND_FEATURES },
  { name: 'analyst summaries kept per document', sql: ANALYST_SUMMARIES },
  { name: 'compact line tokens', sql: COMPACT_TOKENS },
];

/**
 * Applies the migrations the database has not seen yet, each in its own IMMEDIATE transaction that
 * reads the version again once it holds the write lock: two processes opening a new store at once
 * apply each migration once (the second waits, then finds it done).
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const step = db.transaction((): boolean => {
    const v = db.pragma('user_version', { simple: true }) as number;
    if (v > migrations.length) throw new Error(`database schema version ${v} is newer than this vnplan (${migrations.length})`);
    if (v === migrations.length) return false;
    db.exec(migrations[v].sql);
    db.pragma(`user_version = ${v + 1}`);
    return true;
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) throw new Error(`database schema version ${current} is newer than this vnplan (${migrations.length})`);
  while (current < migrations.length && step.immediate());
  return migrations.length;
}
