-- A month's realisation may be "belum dicatat": a kendala, solusi or note
-- written before anything realised is recorded (the month is not done).
-- SQLite cannot change a CHECK in place, so plan_progress is rebuilt. Foreign
-- keys are on during migrations: the evidence links are set aside first, so
-- dropping plan_progress cascades to nothing, and put back after.

CREATE TABLE plan_progress_evidence_old AS SELECT * FROM plan_progress_evidence;
DROP TABLE plan_progress_evidence;
CREATE TABLE plan_progress_old AS SELECT * FROM plan_progress;
DROP TABLE plan_progress;

CREATE TABLE plan_progress (
    activity_id INTEGER NOT NULL REFERENCES plan_activity(id) ON DELETE CASCADE,
    month       INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    status      TEXT NOT NULL CHECK (status IN ('selesai', 'sebagian', 'belum', 'belum_dicatat')),
    percent     INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    note        TEXT NOT NULL DEFAULT '',
    kendala     TEXT NOT NULL DEFAULT '',
    solusi      TEXT NOT NULL DEFAULT '',
    rekomendasi TEXT NOT NULL DEFAULT '',
    updated_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (activity_id, month)
) WITHOUT ROWID;
INSERT INTO plan_progress (activity_id, month, status, percent, note, kendala, solusi, rekomendasi, updated_by, updated_at)
    SELECT activity_id, month, status, percent, note, kendala, solusi, rekomendasi, updated_by, updated_at
    FROM plan_progress_old;
DROP TABLE plan_progress_old;

CREATE TABLE plan_progress_evidence (
    activity_id INTEGER NOT NULL,
    month       INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, month, evidence_id),
    FOREIGN KEY (activity_id, month) REFERENCES plan_progress(activity_id, month) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO plan_progress_evidence (activity_id, month, evidence_id)
    SELECT activity_id, month, evidence_id FROM plan_progress_evidence_old;
DROP TABLE plan_progress_evidence_old;
CREATE INDEX plan_progress_evidence_by_evidence ON plan_progress_evidence(evidence_id);
