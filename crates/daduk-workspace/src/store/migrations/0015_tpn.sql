-- TPN's side (issue 27): KemenPANRB's national evaluators' values and notes
-- per item, recorded in a unit's or TPI's workspace from the LHE, and the
-- stages the unit went through after its proposal. The tables whose role or
-- side was 'unit' or 'tpi' are rebuilt to allow 'tpn' (SQLite cannot alter a
-- CHECK); every row and id is kept.

CREATE TABLE answer_new (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('unit', 'tpi', 'tpn')),
    value         TEXT,
    note          TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    carried_from  INTEGER CHECK (carried_from IS NULL OR carried_from BETWEEN 2000 AND 2100),
    PRIMARY KEY (assessment_id, item, role)
) WITHOUT ROWID;
INSERT INTO answer_new (assessment_id, item, role, value, note, updated_by, updated_at, carried_from)
    SELECT assessment_id, item, role, value, note, updated_by, updated_at, carried_from FROM answer;
DROP TABLE answer;
ALTER TABLE answer_new RENAME TO answer;

CREATE TABLE sync_snapshot_new (
    server    TEXT NOT NULL,
    unit      TEXT NOT NULL,
    year      INTEGER NOT NULL,
    side      TEXT NOT NULL CHECK (side IN ('unit', 'tpi', 'tpn')),
    version   INTEGER NOT NULL,
    manifest  TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (server, unit, year, side)
);
INSERT INTO sync_snapshot_new SELECT server, unit, year, side, version, manifest, synced_at FROM sync_snapshot;
DROP TABLE sync_snapshot;
ALTER TABLE sync_snapshot_new RENAME TO sync_snapshot;

CREATE TABLE conflict_new (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    source        TEXT NOT NULL,
    side          TEXT NOT NULL CHECK (side IN ('unit', 'tpi', 'tpn')),
    what          TEXT NOT NULL,
    key           TEXT NOT NULL,
    base_value    TEXT,
    local_value   TEXT,
    remote_value  TEXT,
    at            TEXT NOT NULL,
    resolved_at   TEXT,
    resolved_by   TEXT,
    origin        TEXT NOT NULL DEFAULT 'sync' CHECK (origin IN ('packet', 'sync', 'worksheet'))
);
INSERT INTO conflict_new (id, assessment_id, source, side, what, key, base_value, local_value, remote_value, at,
                          resolved_at, resolved_by, origin)
    SELECT id, assessment_id, source, side, what, key, base_value, local_value, remote_value, at,
           resolved_at, resolved_by, origin FROM conflict;
DROP INDEX conflict_by_assessment;
DROP TABLE conflict;
ALTER TABLE conflict_new RENAME TO conflict;
CREATE INDEX conflict_by_assessment ON conflict(assessment_id, id);

-- The stages of the national evaluation the unit reached: each once, with
-- its date and how it ended (none while under way). The order and what may
-- follow what are the domain's (`tpn::check`).
CREATE TABLE tpn_stage (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    stage         TEXT NOT NULL CHECK (stage IN ('usulan', 'seleksi_administrasi', 'desk_evaluation',
                                                 'wawancara', 'verifikasi_lapangan', 'hasil')),
    date          TEXT NOT NULL,
    outcome       TEXT CHECK (outcome IS NULL OR outcome IN ('lolos', 'tidak_lolos', 'wbk', 'wbbm')),
    note          TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, stage)
) WITHOUT ROWID;
