-- The durable inbox: every update received from getUpdates is stored here (one transaction per batch, together with
-- the next offset) before Telegram is told it arrived, and handled from here. It replaces handled_updates.
CREATE TABLE inbox (
    update_id   INTEGER PRIMARY KEY,
    chat_id     INTEGER NULL,
    payload     TEXT NULL,                        -- the update's JSON; cleared once it is no longer pending
    status      TEXT NOT NULL DEFAULT 'pending',  -- pending | done | set_aside
    attempts    INTEGER NOT NULL DEFAULT 0,       -- handlings started (a crash mid-handling counts as one)
    received_at TEXT NOT NULL,
    done_at     TEXT NULL,
    error       TEXT NULL
);

CREATE INDEX inbox_pending ON inbox (status, update_id);

-- Ids already handled stay known, so an update Telegram redelivers after the upgrade is not handled again.
INSERT INTO inbox (update_id, chat_id, payload, status, attempts, received_at, done_at)
SELECT update_id, chat_id, NULL, 'done', 1, handled_at, handled_at FROM handled_updates;

DROP TABLE handled_updates;
