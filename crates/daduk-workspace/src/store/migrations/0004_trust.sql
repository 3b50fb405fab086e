-- Trust: where each template came from, when and by which key each packet
-- imported was made, and which files came in a unit's packet.

-- 'builtin' (shipped with Daduk), 'local' (loaded by this workspace's user
-- with --template), 'accepted' (came in a packet and the user accepted it
-- explicitly), 'unverified' (stored before Daduk kept track). A packet may
-- use an official template (known by hash), or a 'local' or 'accepted' one;
-- anything else needs the user's explicit consent.
ALTER TABLE template ADD COLUMN origin TEXT NOT NULL DEFAULT 'unverified'
    CHECK (origin IN ('builtin', 'local', 'accepted', 'unverified'));

-- The packet's own signed creation time (the signer's fingerprint is
-- already kept), so an older packet replayed is noticed.
ALTER TABLE packet_log ADD COLUMN created_at TEXT;

-- Files a unit's submission brought; a later submission that no longer
-- lists one withdraws it. Files attached in this workspace are never
-- withdrawn by a packet.
ALTER TABLE evidence ADD COLUMN from_packet INTEGER NOT NULL DEFAULT 0
    CHECK (from_packet IN (0, 1));
