-- A place a folder import took from what the file's content says (the
-- reader was sure, or the person took its suggestion), rather than from its
-- name or a person's own choice: shown beside the file it placed.
ALTER TABLE evidence_assignment
    ADD COLUMN by_content INTEGER NOT NULL DEFAULT 0 CHECK (by_content IN (0, 1));
