-- Daduk workspace schema, version 1.

-- Templates are stored whole, so an assessment keeps the exact template it
-- was scored with even when the app ships a newer one.
CREATE TABLE template (
    sha256   TEXT PRIMARY KEY,
    id       TEXT NOT NULL,
    name     TEXT NOT NULL,
    json     TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- A unit (satuan kerja) that builds its Zona Integritas.
CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    instansi    TEXT NOT NULL DEFAULT '',
    parent_id   INTEGER REFERENCES unit(id) ON DELETE RESTRICT,
    kepala_name TEXT NOT NULL DEFAULT '',
    kepala_nip  TEXT NOT NULL DEFAULT '',
    ketua_name  TEXT NOT NULL DEFAULT '',
    ketua_nip   TEXT NOT NULL DEFAULT '',
    target      TEXT NOT NULL DEFAULT 'wbk' CHECK (target IN ('wbk', 'wbbm')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- One LKE self-assessment of a unit for a year.
CREATE TABLE assessment (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    template_sha256 TEXT NOT NULL REFERENCES template(sha256),
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'submitted', 'reviewed', 'final')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (unit_id, year)
);

-- The answer of one role (unit or TPI) to one item. `value` is the canonical
-- answer text (ya, b, a=5;b=7, 3.61); NULL while only a note is written.
CREATE TABLE answer (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('unit', 'tpi')),
    value         TEXT,
    note          TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item, role)
) WITHOUT ROWID;

-- Every change, appended, never edited. No foreign keys: the log outlives
-- what it describes.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    assessment_id INTEGER,
    entity        TEXT NOT NULL,
    key           TEXT NOT NULL,
    action        TEXT NOT NULL,
    old           TEXT,
    new           TEXT
);
CREATE INDEX audit_by_assessment ON audit(assessment_id, id);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
