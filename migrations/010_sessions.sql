-- 010_sessions: the web layer's tables (sessions, API tokens, sign-in
-- throttling). Applied by src/web/sessdb.c on its own connection; every
-- statement is idempotent so that it can run at each start.
-- Session ids and API tokens are never stored: only their BLAKE2b-256 hash,
-- so that a copy of the database does not sign anyone in.

CREATE TABLE IF NOT EXISTS web_sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    login   TEXT NOT NULL,           -- '' for a visitor who has not signed in
    csrf    TEXT NOT NULL,           -- synchroniser token for the session's forms
    created INTEGER NOT NULL,        -- unix seconds
    expires INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS web_sessions_expires ON web_sessions(expires);
CREATE INDEX IF NOT EXISTS web_sessions_login ON web_sessions(login);

CREATE TABLE IF NOT EXISTS web_tokens (
    hash    TEXT PRIMARY KEY NOT NULL,
    login   TEXT NOT NULL,
    label   TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS web_throttle (
    key      TEXT PRIMARY KEY NOT NULL,  -- 'login:NAME' or 'ip:ADDRESS'
    failures INTEGER NOT NULL,
    first_at INTEGER NOT NULL
);
