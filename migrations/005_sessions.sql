-- 004_sessions: the web layer's state kept in the store so that several
-- `qiao serve` nodes sharing one store share it too: sessions, API tokens and
-- sign-in throttling (src/store/sqlite_sessions.c; store.h has the contract).
-- Session ids and API tokens are never stored: only their BLAKE2b-256 hash
-- (hex), so that a copy of the database signs nobody in.
-- IF NOT EXISTS: stores written by earlier builds of qiao already have these
-- tables (created then by the web module on its own connection).

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
    first_at INTEGER NOT NULL            -- unix seconds of the window's first failure
);
