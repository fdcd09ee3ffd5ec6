-- Coding sessions: one task of one agent on one project (a worktree and branch for implement/plan), with its lifecycle
-- state; and every command that created or drove one (who, when, the text, the parsed parts).
CREATE TABLE coding_sessions (
    id             TEXT PRIMARY KEY,
    project_id     TEXT NOT NULL REFERENCES projects(id),
    agent          TEXT NOT NULL,
    engine         TEXT NOT NULL,
    action         TEXT NOT NULL,
    task           TEXT NOT NULL,
    model          TEXT NULL,
    state          TEXT NOT NULL,
    branch         TEXT NULL,
    worktree_path  TEXT NULL,
    base_commit    TEXT NULL,
    thread_id      TEXT NULL,
    requester_id   INTEGER NOT NULL,
    requester_name TEXT NOT NULL,
    chat_id        INTEGER NOT NULL,
    topic_id       INTEGER NOT NULL DEFAULT 0,
    message_id     INTEGER NULL,
    reason         TEXT NULL,
    turns          INTEGER NOT NULL DEFAULT 0,
    input_tokens   INTEGER NOT NULL DEFAULT 0,
    output_tokens  INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX ix_coding_sessions_project ON coding_sessions (project_id, state);
CREATE INDEX ix_coding_sessions_state ON coding_sessions (state);

CREATE TABLE session_commands (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NULL,
    user_id    INTEGER NOT NULL,
    user_name  TEXT NOT NULL,
    chat_id    INTEGER NOT NULL,
    at         TEXT NOT NULL,
    text       TEXT NOT NULL,
    parsed     TEXT NULL
);
CREATE INDEX ix_session_commands_session ON session_commands (session_id, id);
