-- Media: images users sent to agents, stored under <DataDirectory>/images/<agent>/telegram/<file_name>.
CREATE TABLE media_images (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id   TEXT NOT NULL,
    file_id    TEXT NOT NULL,           -- Telegram's file id (the file name is its sanitized form + sniffed extension)
    file_name  TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (agent_id, file_name)
);

CREATE INDEX media_images_by_file ON media_images (agent_id, file_id);

-- Which engine sessions used an image (cleanup when a session is reset).
CREATE TABLE media_image_sessions (
    image_id   INTEGER NOT NULL REFERENCES media_images(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    PRIMARY KEY (image_id, session_id)
);

CREATE INDEX media_image_sessions_by_session ON media_image_sessions (session_id);
