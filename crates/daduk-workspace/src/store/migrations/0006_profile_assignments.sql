-- Who uses this workspace, and where files of a folder import were placed by hand.

-- Settings of the workspace itself, one row per key. `role` says whose
-- workspace this is: a unit's Tim Kerja ('unit') or an evaluator's ('tpi').
CREATE TABLE workspace_setting (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- A file of an imported folder that the user placed on an item (and kind)
-- because its name names none. Keyed by the path relative to the imported
-- folder, so the next import of that folder places it the same way.
CREATE TABLE evidence_assignment (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    source_path   TEXT NOT NULL,
    item          TEXT NOT NULL,
    kind          TEXT,
    assigned_by   TEXT NOT NULL,
    assigned_at   TEXT NOT NULL,
    PRIMARY KEY (assessment_id, source_path)
) WITHOUT ROWID;
