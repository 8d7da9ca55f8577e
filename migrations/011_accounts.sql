-- 011_accounts: credentials that can be revoked, and what visitors may
-- read without writing (src/store/sqlite_accounts.c, contract in store.h).
--
-- users.disabled: a disabled account cannot sign in; its sessions and API
-- tokens end (trigger below).
-- web_tokens gains an id (to list and revoke), an expiry and the time of its
-- last use; the table is rebuilt for the id. Tokens made before this
-- migration expire 90 days after it.
-- password_resets: one-time links to set a new password; only the link's
-- BLAKE2b hash is kept; used_at 0 = not used yet.
-- account_audit: every change staff make to an account (who, when, what).
-- server_keys: secrets the server keeps (the key of visitors' form tokens),
-- made once on first use.
-- records_version: a counter that only writes of records (and project
-- history) move, for caches of figures computed from them (the home page);
-- sessions, throttling, visits and mail leave it alone.
--
-- The rule "a new password or a disabled account ends every session and API
-- token of the account" is kept here by triggers, so that it holds whoever
-- writes the account, in the writer's transaction.

ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

CREATE TABLE web_tokens_new (
    id        INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL UNIQUE,
    login     TEXT NOT NULL,
    label     TEXT NOT NULL DEFAULT '',
    created   INTEGER NOT NULL,
    expires   INTEGER NOT NULL,            -- unix seconds
    last_used INTEGER NOT NULL DEFAULT 0   -- unix seconds, 0 = never
);
INSERT INTO web_tokens_new(hash, login, label, created, expires)
SELECT hash, login, label, created, CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400
FROM web_tokens ORDER BY created, hash;
DROP TABLE web_tokens;
ALTER TABLE web_tokens_new RENAME TO web_tokens;
CREATE INDEX web_tokens_login ON web_tokens(login);

CREATE TABLE password_resets (
    hash    TEXT PRIMARY KEY NOT NULL,
    login   TEXT NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    used_at INTEGER NOT NULL DEFAULT 0,
    by      TEXT NOT NULL DEFAULT ''       -- staff login that issued it, '' = the holder
);
CREATE INDEX password_resets_login ON password_resets(login);

CREATE TABLE account_audit (
    id     INTEGER PRIMARY KEY,
    at     INTEGER NOT NULL,               -- unix seconds
    actor  TEXT NOT NULL,                  -- who did it (login)
    target TEXT NOT NULL,                  -- the account changed
    action TEXT NOT NULL,                  -- disable, enable, role, reset_link, password, token_revoke
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_audit_target ON account_audit(target, id);

CREATE TABLE server_keys (
    name TEXT PRIMARY KEY NOT NULL,
    key  TEXT NOT NULL                     -- 32 random bytes in hex
);

CREATE TABLE records_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    v  INTEGER NOT NULL
);
INSERT INTO records_version(id, v) VALUES (1, 1);

CREATE TRIGGER users_revoke_on_password AFTER UPDATE OF pwhash ON users
WHEN OLD.pwhash IS NOT NEW.pwhash BEGIN
    DELETE FROM web_sessions WHERE login = NEW.login;
    DELETE FROM web_tokens WHERE login = NEW.login;
    DELETE FROM password_resets WHERE login = NEW.login AND used_at = 0;
END;
CREATE TRIGGER users_revoke_on_disable AFTER UPDATE OF disabled ON users
WHEN NEW.disabled <> 0 AND OLD.disabled = 0 BEGIN
    DELETE FROM web_sessions WHERE login = NEW.login;
    DELETE FROM web_tokens WHERE login = NEW.login;
    DELETE FROM password_resets WHERE login = NEW.login AND used_at = 0;
END;

CREATE TRIGGER records_version_org_ins AFTER INSERT ON org BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_org_upd AFTER UPDATE ON org BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_org_del AFTER DELETE ON org BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_person_ins AFTER INSERT ON person BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_person_upd AFTER UPDATE ON person BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_person_del AFTER DELETE ON person BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_achievement_ins AFTER INSERT ON achievement BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_achievement_upd AFTER UPDATE ON achievement BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_achievement_del AFTER DELETE ON achievement BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_demand_ins AFTER INSERT ON demand BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_demand_upd AFTER UPDATE ON demand BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_demand_del AFTER DELETE ON demand BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_event_ins AFTER INSERT ON event BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_event_upd AFTER UPDATE ON event BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_event_del AFTER DELETE ON event BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_registration_ins AFTER INSERT ON registration BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_registration_upd AFTER UPDATE ON registration BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_registration_del AFTER DELETE ON registration BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_meeting_request_ins AFTER INSERT ON meeting_request BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_meeting_request_upd AFTER UPDATE ON meeting_request BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_meeting_request_del AFTER DELETE ON meeting_request BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_project_ins AFTER INSERT ON project BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_project_upd AFTER UPDATE ON project BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_project_del AFTER DELETE ON project BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_project_history_ins AFTER INSERT ON project_history BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_project_history_upd AFTER UPDATE ON project_history BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
CREATE TRIGGER records_version_project_history_del AFTER DELETE ON project_history BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
