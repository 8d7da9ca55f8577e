-- 007_visits: what a signed-in user has not seen yet (the dashboard's "new
-- since my last visit"; src/store/sqlite_visits.c, contract in store.h).
-- IF NOT EXISTS: stores served by earlier builds of qiao already have these
-- tables and triggers (created then by the web module on its own connection,
-- as "011_visits"); they keep their rows.
--
-- web_visits: each account's last two sign-ins (unix seconds); `previous` is
-- the sign-in of the session before the current one (0 = none).
-- web_record_changes: when each achievement and demand was last written.
-- Triggers on the record tables keep it, so that records written by the
-- CLI (import) count as well as those saved through the web. A write that
-- leaves the stored document as it was is not a change. Deletes are not
-- tracked: a reader skips keys that no longer exist.

CREATE TABLE IF NOT EXISTS web_visits (
    login    TEXT PRIMARY KEY NOT NULL,
    last     INTEGER NOT NULL,
    previous INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS web_record_changes (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    at   INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS web_record_changes_at ON web_record_changes(at);

CREATE TRIGGER IF NOT EXISTS web_changes_achievement_ins AFTER INSERT ON achievement BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('achievement', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER IF NOT EXISTS web_changes_achievement_upd AFTER UPDATE ON achievement
WHEN OLD.doc IS NOT NEW.doc BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('achievement', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER IF NOT EXISTS web_changes_demand_ins AFTER INSERT ON demand BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('demand', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
CREATE TRIGGER IF NOT EXISTS web_changes_demand_upd AFTER UPDATE ON demand
WHEN OLD.doc IS NOT NEW.doc BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('demand', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
