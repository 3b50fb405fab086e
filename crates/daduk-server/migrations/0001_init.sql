-- Daduk Server, schema version 1.
CREATE TABLE units (
    code       text PRIMARY KEY,
    nama       text NOT NULL DEFAULT '',
    instansi   text NOT NULL DEFAULT '',
    afirmasi   boolean NOT NULL DEFAULT false
);

CREATE TABLE tokens (
    id          bigserial PRIMARY KEY,
    hash        bytea NOT NULL UNIQUE,          -- SHA-256 of the token
    role        text NOT NULL CHECK (role IN ('admin', 'unit', 'evaluator', 'integration')),
    label       text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    revoked_at  timestamptz
);

CREATE TABLE token_units (
    token_id  bigint NOT NULL REFERENCES tokens(id),
    unit      text NOT NULL REFERENCES units(code),
    PRIMARY KEY (token_id, unit)
);

CREATE TABLE assessments (
    unit           text NOT NULL REFERENCES units(code),
    year           integer NOT NULL,
    unit_version   bigint NOT NULL DEFAULT 0,
    tpi_version    bigint NOT NULL DEFAULT 0,
    unit_manifest  text,
    tpi_manifest   text,
    unit_summary   text,
    tpi_summary    text,
    unit_synced_at timestamptz,
    tpi_synced_at  timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit, year)
);

-- Which blobs a stored side refers to (who may read a blob).
CREATE TABLE assessment_blobs (
    unit    text NOT NULL,
    year    integer NOT NULL,
    side    text NOT NULL CHECK (side IN ('unit', 'tpi')),
    sha256  text NOT NULL,
    PRIMARY KEY (unit, year, side, sha256),
    FOREIGN KEY (unit, year) REFERENCES assessments(unit, year)
);
CREATE INDEX assessment_blobs_sha ON assessment_blobs(sha256);

-- Blobs whose bytes the server has hashed and stored.
CREATE TABLE blobs (
    sha256      text PRIMARY KEY,
    size        bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE uploads (
    id          text PRIMARY KEY,
    sha256      text NOT NULL,
    size        bigint NOT NULL,
    part_size   bigint NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    completing  timestamptz
);
CREATE INDEX uploads_sha ON uploads(sha256, size);

CREATE TABLE upload_parts (
    upload_id  text NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    n          integer NOT NULL,
    size       bigint NOT NULL,
    PRIMARY KEY (upload_id, n)
);

CREATE TABLE evaluation (
    id              integer PRIMARY KEY CHECK (id = 1),
    year            integer NOT NULL,
    proposal_start  date,
    proposal_end    date
);

CREATE TABLE proposals (
    unit          text NOT NULL REFERENCES units(code),
    year          integer NOT NULL,
    predicate     text NOT NULL CHECK (predicate IN ('wbk', 'wbk-afirmasi', 'wbbm')),
    unit_version  bigint NOT NULL,
    tpi_version   bigint NOT NULL,
    unit_manifest text NOT NULL,
    tpi_manifest  text,
    body          text NOT NULL,
    body_sha256   text NOT NULL,
    frozen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (unit, year)
);

CREATE TABLE audit (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    token_id  bigint,
    actor     text NOT NULL,
    action    text NOT NULL,
    unit      text,
    year      integer,
    detail    text NOT NULL DEFAULT ''
);

CREATE TABLE fetches (
    id           bigserial PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    token_id     bigint NOT NULL,
    actor        text NOT NULL,
    path         text NOT NULL,
    unit         text,
    status       integer NOT NULL,
    body_sha256  text NOT NULL
);
