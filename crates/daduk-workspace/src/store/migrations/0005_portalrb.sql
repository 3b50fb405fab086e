-- PortalRB: references to evidence kept on an item, and the afirmasi flag.

-- A reference to evidence that is not a stored file: a line of a
-- worksheet's evidence list and/or a link (text and URL), kept on the item
-- as the sheet gave it, never downloaded.
CREATE TABLE item_reference (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    CHECK (length(text) > 0 OR length(url) > 0),
    UNIQUE (assessment_id, item, text, url)
);
CREATE INDEX item_reference_by_item ON item_reference(assessment_id, item, id);

-- A unit proposed under the afirmasi scheme (PortalRB kategori WBK-AFIRMASI).
ALTER TABLE unit ADD COLUMN afirmasi INTEGER NOT NULL DEFAULT 0 CHECK (afirmasi IN (0, 1));
