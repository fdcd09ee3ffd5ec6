-- Updates: the getUpdates offset and the ids already handled (idempotency across crashes).
CREATE TABLE bot_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE handled_updates (
    update_id  INTEGER PRIMARY KEY,
    chat_id    INTEGER NULL,
    handled_at TEXT NOT NULL
);

-- Agents: named, per chat (and forum topic; 0 = none).
CREATE TABLE agents (
    id                TEXT PRIMARY KEY,
    chat_id           INTEGER NOT NULL,
    topic_id          INTEGER NOT NULL DEFAULT 0,
    name              TEXT NOT NULL,
    emoji             TEXT NOT NULL DEFAULT '🤖',
    engine            TEXT NOT NULL,
    model             TEXT NULL,
    working_directory TEXT NOT NULL,
    persona           TEXT NULL,
    session_id        TEXT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (chat_id, topic_id, name)
);

CREATE TABLE chat_state (
    chat_id          INTEGER NOT NULL,
    topic_id         INTEGER NOT NULL DEFAULT 0,
    current_agent_id TEXT NOT NULL REFERENCES agents(id),
    PRIMARY KEY (chat_id, topic_id)
);

-- Turns: every prompt given to an agent and how it ended.
CREATE TABLE turns (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id         TEXT NOT NULL REFERENCES agents(id),
    session_id       TEXT NULL,
    chat_id          INTEGER NOT NULL,
    topic_id         INTEGER NOT NULL DEFAULT 0,
    user_id          INTEGER NOT NULL,
    update_id        INTEGER NULL,
    prompt           TEXT NOT NULL,
    status           TEXT NOT NULL,           -- running | completed | interrupted | failed
    final_text       TEXT NULL,
    error            TEXT NULL,
    reply_message_id INTEGER NULL,
    input_tokens     INTEGER NULL,
    output_tokens    INTEGER NULL,
    started_at       TEXT NOT NULL,
    ended_at         TEXT NULL
);

CREATE INDEX turns_by_status ON turns (status);
CREATE INDEX turns_by_agent ON turns (agent_id, id);
