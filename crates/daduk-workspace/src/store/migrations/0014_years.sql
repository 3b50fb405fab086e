-- A year started from the one before (`assessment new --from`): which year
-- it came from, which answers are still the old year's (shown "dari TTTT —
-- periksa" until someone answers again), which files were carried over
-- (same blob, no copy) and until when a lasting document is valid.
ALTER TABLE assessment
    ADD COLUMN carried_from INTEGER CHECK (carried_from IS NULL OR carried_from BETWEEN 2000 AND 2100);
ALTER TABLE answer
    ADD COLUMN carried_from INTEGER CHECK (carried_from IS NULL OR carried_from BETWEEN 2000 AND 2100);
ALTER TABLE evidence
    ADD COLUMN carried_from INTEGER CHECK (carried_from IS NULL OR carried_from BETWEEN 2000 AND 2100);
ALTER TABLE evidence
    ADD COLUMN valid_until TEXT;

-- An earlier year's recommendation (TPI's note on an item) followed up by an
-- activity of this year's plan: the link goes with the activity.
CREATE TABLE plan_followup (
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    from_year     INTEGER NOT NULL CHECK (from_year BETWEEN 2000 AND 2100),
    source        TEXT NOT NULL CHECK (source IN ('tpi', 'tpn')),
    item          TEXT NOT NULL,
    activity_id   INTEGER NOT NULL REFERENCES plan_activity(id) ON DELETE CASCADE,
    PRIMARY KEY (assessment_id, from_year, source, item)
) WITHOUT ROWID;
