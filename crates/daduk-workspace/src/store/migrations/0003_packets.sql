-- Review packets sent and received, and the conflicts a review brought.

-- Every packet this workspace exported or imported, by manifest hash, so a
-- review can be matched with the submission it is based on.
CREATE TABLE packet_log (
    id              INTEGER PRIMARY KEY,
    assessment_id   INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    direction       TEXT NOT NULL CHECK (direction IN ('export', 'import')),
    kind            TEXT NOT NULL CHECK (kind IN ('submission', 'review')),
    manifest_sha256 TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX packet_log_by_assessment ON packet_log(assessment_id, id);

-- An item whose unit answer changed after the submission the review judged.
-- Both answers are kept: the current one stays the unit's, the TPI's verdict
-- on the sent one is stored as TPI's; this row records the difference.
CREATE TABLE review_conflict (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    sent_value    TEXT,
    current_value TEXT,
    tpi_value     TEXT,
    packet_sha256 TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX review_conflict_by_assessment ON review_conflict(assessment_id, item);
