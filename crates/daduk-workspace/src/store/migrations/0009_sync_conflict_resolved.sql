-- A sync conflict the user has looked at and settled (kept what is here, or
-- typed in what the server had): it stays on record, no longer shown as
-- open. Who and when, as in the audit log.
ALTER TABLE sync_conflict ADD COLUMN resolved_at TEXT;
ALTER TABLE sync_conflict ADD COLUMN resolved_by TEXT;
