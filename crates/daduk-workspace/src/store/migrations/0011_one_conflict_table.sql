-- One table for every conflict, whichever way the other side's change came:
-- a packet (a review whose TPI value met a unit answer changed since the
-- submission), a sync, or a worksheet. Each can be settled the same way.
ALTER TABLE sync_conflict RENAME TO conflict;
ALTER TABLE conflict RENAME COLUMN server TO source;
ALTER TABLE conflict ADD COLUMN origin TEXT NOT NULL DEFAULT 'sync'
    CHECK (origin IN ('packet', 'sync', 'worksheet'));
DROP INDEX sync_conflict_by_assessment;
CREATE INDEX conflict_by_assessment ON conflict(assessment_id, id);
-- A review conflict: TPI's side came in; before = what the unit sent, here =
-- the unit's answer now, other = TPI's value.
INSERT INTO conflict (assessment_id, source, side, what, key, base_value, local_value, remote_value, at, origin)
    SELECT assessment_id, packet_sha256, 'tpi', 'jawaban', item, sent_value, current_value, tpi_value, at, 'packet'
    FROM review_conflict ORDER BY id;
DROP TABLE review_conflict;
