-- The plan of an assessment year (Rencana Aksi dan Target Prioritas) and its
-- monthly monitoring. Months are bit sets: bit 0 January … bit 11 December.

-- A plan exists once the team changed something; until then the template's
-- defaults are shown and nothing is stored.
CREATE TABLE plan (
    assessment_id INTEGER PRIMARY KEY REFERENCES assessment(id) ON DELETE CASCADE,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

-- Per LKE item: target period, penanggung jawab, note.
CREATE TABLE plan_item (
    assessment_id INTEGER NOT NULL REFERENCES plan(assessment_id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    months        INTEGER NOT NULL CHECK (months BETWEEN 0 AND 4095),
    pic           TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item)
) WITHOUT ROWID;

-- Per change area: the activities (implementasi program) of its programs.
-- `outputs` (evidence kind codes) and `items` (item codes) are JSON arrays.
CREATE TABLE plan_activity (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES plan(assessment_id) ON DELETE CASCADE,
    area          INTEGER NOT NULL CHECK (area BETWEEN 1 AND 20),
    position      INTEGER NOT NULL,
    program       TEXT NOT NULL CHECK (length(trim(program)) > 0),
    activity      TEXT NOT NULL CHECK (length(trim(activity)) > 0),
    target        TEXT NOT NULL DEFAULT '',
    months        INTEGER NOT NULL CHECK (months BETWEEN 1 AND 4095),
    pic           TEXT NOT NULL DEFAULT '',
    outputs       TEXT NOT NULL DEFAULT '[]',
    items         TEXT NOT NULL DEFAULT '[]',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX plan_activity_by_assessment ON plan_activity(assessment_id, area, position);

-- What was realised of an activity in one planned month.
CREATE TABLE plan_progress (
    activity_id INTEGER NOT NULL REFERENCES plan_activity(id) ON DELETE CASCADE,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    status      TEXT NOT NULL CHECK (status IN ('selesai', 'sebagian', 'belum')),
    percent     INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note        TEXT NOT NULL DEFAULT '',
    kendala     TEXT NOT NULL DEFAULT '',
    solusi      TEXT NOT NULL DEFAULT '',
    rekomendasi TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (activity_id, month)
) WITHOUT ROWID;

-- The evidence files (of the same assessment) that prove a month's work. A
-- file removed from the assessment leaves its links with it.
CREATE TABLE plan_progress_evidence (
    activity_id INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, month, evidence_id),
    FOREIGN KEY (activity_id, month) REFERENCES plan_progress(activity_id, month) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX plan_progress_evidence_by_evidence ON plan_progress_evidence(evidence_id);
