-- Daduk Server, schema version 4: the instansi's prerequisites for
-- proposing units (opini BPK, SAKIP, Indeks RB, maturitas SPIP, …), one
-- value per code and year, as the admin recorded it. The codes and what a
-- value may be are the server's rules (assets/prerequisites), not a table.
CREATE TABLE instansi_prerequisites (
    year         integer NOT NULL,
    code         text NOT NULL,
    value        text NOT NULL,
    note         text NOT NULL DEFAULT '',
    document     text NOT NULL DEFAULT '',
    recorded_by  text NOT NULL,
    token_id     bigint,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (year, code)
);
