-- Sessions: every engine session (Codex thread, Claude session) an agent had, for /sessions and /status.
-- model, working_directory and persona are the agent's settings when the session started (restored on resume).
CREATE TABLE sessions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id          TEXT NOT NULL REFERENCES agents(id),
    session_id        TEXT NOT NULL,          -- the engine's id
    engine            TEXT NOT NULL,
    model             TEXT NULL,
    working_directory TEXT NOT NULL,
    persona           TEXT NULL,
    started_at        TEXT NOT NULL,
    last_used_at      TEXT NOT NULL,
    turn_count        INTEGER NOT NULL DEFAULT 0,
    first_prompt      TEXT NULL,
    UNIQUE (agent_id, session_id)
);

CREATE INDEX sessions_by_agent ON sessions (agent_id, last_used_at);
CREATE INDEX turns_by_session ON turns (session_id);

-- Sessions that already had turns before this migration.
INSERT INTO sessions (agent_id, session_id, engine, model, working_directory, persona, started_at, last_used_at, turn_count, first_prompt)
SELECT t.agent_id, t.session_id, a.engine, a.model, a.working_directory, a.persona, MIN(t.started_at), MAX(t.started_at), COUNT(*),
       (SELECT f.prompt FROM turns f WHERE f.agent_id = t.agent_id AND f.session_id = t.session_id ORDER BY f.id LIMIT 1)
FROM turns t JOIN agents a ON a.id = t.agent_id
WHERE t.session_id IS NOT NULL
GROUP BY t.agent_id, t.session_id;
