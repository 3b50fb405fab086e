-- What each stored file says, read once per content hash: its text (PDF
-- text layer, Office/OpenDocument, plain text), what was read of it (kind,
-- date, number, title) and, for a file that could not be read, why. A text
-- read by an older reader (`reader`) is read again.
CREATE TABLE content (
    sha256   TEXT PRIMARY KEY,
    state    TEXT NOT NULL CHECK (state IN ('read', 'empty', 'unsupported', 'failed')),
    reader   INTEGER NOT NULL,
    format   TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL DEFAULT '',
    chars    INTEGER NOT NULL DEFAULT 0,
    ocr      INTEGER NOT NULL DEFAULT 0 CHECK (ocr IN (0, 1)),
    kind     TEXT,
    doc_date TEXT,
    number   TEXT,
    title    TEXT,
    problem  TEXT NOT NULL DEFAULT '',
    read_at  TEXT NOT NULL
);
-- Search: the words as written, and their roots (so "rapat" finds
-- "merapatkan").
CREATE VIRTUAL TABLE content_search USING fts5(
    sha256 UNINDEXED,
    body,
    roots,
    tokenize = 'unicode61 remove_diacritics 2'
);
