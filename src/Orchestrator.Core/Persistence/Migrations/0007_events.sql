-- The control plane's event log: every state change, worktree, artifact, approval and turn boundary, for /events,
-- the events chat and the HTTP event stream (GET /events, Last-Event-ID resumes from id).
CREATE TABLE control_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    project_id  TEXT NULL,
    session_id  TEXT NULL,
    agent_id    INTEGER NULL,
    chat_id     INTEGER NULL,
    actor       TEXT NULL,
    summary     TEXT NOT NULL,
    data        TEXT NULL
);
CREATE INDEX ix_control_events_session ON control_events (session_id, id);
CREATE INDEX ix_control_events_project ON control_events (project_id, id);
