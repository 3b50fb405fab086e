-- Syncing with a Daduk server (issue 16).

-- The last state of each side of an assessment this workspace agreed on
-- with a server: the side's version there and its manifest (JSON) as
-- pushed or pulled. It is the base of the three-way merge when someone
-- else changed the side meanwhile.
CREATE TABLE sync_snapshot (
    server    TEXT NOT NULL,
    unit      TEXT NOT NULL,
    year      INTEGER NOT NULL,
    side      TEXT NOT NULL CHECK (side IN ('unit', 'tpi')),
    version   INTEGER NOT NULL,
    manifest  TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    PRIMARY KEY (server, unit, year, side)
);

-- What a merge could not decide: the same thing changed here and on the
-- server since the last sync, differently. The local value was kept (and
-- pushed); the server's is kept here to be shown.
CREATE TABLE sync_conflict (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    server        TEXT NOT NULL,
    side          TEXT NOT NULL CHECK (side IN ('unit', 'tpi')),
    what          TEXT NOT NULL,
    key           TEXT NOT NULL,
    base_value    TEXT,
    local_value   TEXT,
    remote_value  TEXT,
    at            TEXT NOT NULL
);
CREATE INDEX sync_conflict_by_assessment ON sync_conflict(assessment_id, id);
