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
