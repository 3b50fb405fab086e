-- Daduk Server, schema version 2: a hash is a name, not a permission.

-- The units that proved they hold a blob's bytes (they uploaded them and the
-- server hashed them): their sides may refer to the blob and their tokens may
-- read it. Anyone else reaches a blob only through a side they may read.
CREATE TABLE blob_grants (
    sha256      text NOT NULL REFERENCES blobs(sha256),
    unit        text NOT NULL REFERENCES units(code),
    token_id    bigint,
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, unit)
);
CREATE INDEX blob_grants_unit ON blob_grants(unit);
-- Blobs a unit's side already refers to stay the unit's.
INSERT INTO blob_grants (sha256, unit)
    SELECT DISTINCT ab.sha256, ab.unit FROM assessment_blobs ab
    JOIN blobs b ON b.sha256 = ab.sha256
    WHERE ab.side = 'unit'
    ON CONFLICT DO NOTHING;

-- The token that first stored a blob: its storage quota counts the blob
-- while no side refers to it.
ALTER TABLE blobs ADD COLUMN token_id bigint;
CREATE INDEX blobs_token ON blobs(token_id);

-- An upload belongs to the token that started it. Uploads started before
-- this version have no owner: nobody resumes them, and they are collected
-- as abandoned. A completion is claimed with a transaction-scoped advisory
-- lock (it dies with the connection that holds it), not a timestamp.
ALTER TABLE uploads ADD COLUMN token_id bigint;
CREATE INDEX uploads_token ON uploads(token_id);
DROP INDEX uploads_sha;
CREATE INDEX uploads_sha ON uploads(sha256, size, token_id);
ALTER TABLE uploads DROP COLUMN completing;

-- A refused fetch may come with a token the server does not know.
ALTER TABLE fetches ALTER COLUMN token_id DROP NOT NULL;
