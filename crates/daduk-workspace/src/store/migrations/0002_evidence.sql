-- Evidence (data dukung): content-addressed files tied to items.

-- A stored file, named by its SHA-256 under blobs/. `state` is what the last
-- check found: ok, missing or altered.
CREATE TABLE blob (
    sha256     TEXT PRIMARY KEY,
    size       INTEGER NOT NULL CHECK (size >= 0),
    added_at   TEXT NOT NULL,
    state      TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'missing', 'altered')),
    checked_at TEXT
);

-- A file attached to an item of an assessment.
CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    doc_date      TEXT,
    file_name     TEXT NOT NULL,
    source_path   TEXT,
    source_mtime  INTEGER,
    size          INTEGER NOT NULL,
    media_type    TEXT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES blob(sha256),
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    review_status TEXT NOT NULL DEFAULT 'pending'
                  CHECK (review_status IN ('pending', 'accepted', 'rejected')),
    review_note   TEXT NOT NULL DEFAULT '',
    reviewed_by   TEXT,
    reviewed_at   TEXT,
    UNIQUE (assessment_id, item, sha256)
);
CREATE INDEX evidence_by_item ON evidence(assessment_id, item);
CREATE INDEX evidence_by_blob ON evidence(sha256);
CREATE INDEX evidence_by_source ON evidence(assessment_id, source_path);

-- A required kind the team marked "tidak ada", with the reason.
CREATE TABLE evidence_absent (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    marked_by     TEXT NOT NULL,
    marked_at     TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item, kind)
) WITHOUT ROWID;

-- Paths an import saw whose content was already attached to the item under
-- another path; remembered so the next import skips them without reading.
CREATE TABLE evidence_source (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    source_path   TEXT NOT NULL,
    item          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    source_mtime  INTEGER,
    PRIMARY KEY (assessment_id, source_path)
) WITHOUT ROWID;
