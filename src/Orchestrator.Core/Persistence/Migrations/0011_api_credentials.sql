-- Credentials of the HTTP API (docs/security.md, "The HTTP API"). Only SHA-256 hashes of the secrets are stored:
-- each secret is 32 random bytes, so a fast hash is enough, and the database alone never lets anyone in.

-- Bearer tokens for scripts and the orch CLI: made by an admin with /token new NAME, revoked with /token revoke NAME.
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL,
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    last_used_at TEXT NULL,
    revoked_at  TEXT NULL
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (user_id, name) WHERE revoked_at IS NULL;

-- One-time login links sent by /web: valid for minutes, used once.
CREATE TABLE web_logins (
    code_hash   TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT NULL
);

-- Browser sessions made by a login link: the cookie's hash and the anti-forgery token that goes with it.
CREATE TABLE web_sessions (
    session_hash TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
