-- Daduk Server, schema version 5: TPN's side of an assessment (issue 27),
-- written by the unit's token or an evaluator assigned to the unit: TPN's
-- answers and notes per item and the national evaluation's stages, as
-- recorded from the LHE. It refers to no blob.
ALTER TABLE assessments
    ADD COLUMN tpn_version bigint NOT NULL DEFAULT 0,
    ADD COLUMN tpn_manifest text,
    ADD COLUMN tpn_synced_at timestamptz;
