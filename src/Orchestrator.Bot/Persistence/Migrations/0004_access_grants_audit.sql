-- Users allowed by an admin's /allow in a chat (in addition to Access:AllowedUserIds). Removed by /deny.
CREATE TABLE access_grants (
    user_id        INTEGER PRIMARY KEY,
    granted_by     INTEGER NOT NULL,
    granted_in     INTEGER NOT NULL,          -- the chat where /allow was sent
    note           TEXT NULL,                 -- the user's name when known
    granted_at     TEXT NOT NULL
);

-- Who did what where: admin commands, approval decisions, turn starts.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    user_id   INTEGER NOT NULL,
    user_name TEXT NULL,
    chat_id   INTEGER NOT NULL,
    topic_id  INTEGER NOT NULL DEFAULT 0,
    action    TEXT NOT NULL,                 -- command | approval | turn | migration
    detail    TEXT NOT NULL
);

CREATE INDEX audit_log_by_chat ON audit_log (chat_id, id);
