-- 017_bulk_writes: bulk writes (`qiao import`) keep the change log, the
-- chains list table, web_record_changes and records_version set-based, once
-- per batch, instead of a trigger firing per row (src/store/sqlite_bulk.c,
-- contract in store.h: store_bulk_begin / store_bulk_end; why in
-- docs/architecture.md).
--
-- bulk_writer holds a row only inside a bulk writer's transaction: written by
-- store_bulk_begin, deleted by store_bulk_end before the commit (a rollback
-- removes it as well), so no committed state ever has one. SQLite has one
-- writer at a time, so while the row exists no other connection can write;
-- every other writer (the web, the CLI, a `sqlite3` shell, another process)
-- still sees an empty table and the triggers below fire for it as before.
-- The INSERT and UPDATE triggers of the record tables skip their work while
-- the row exists; the bulk writer does the same work itself, set-based,
-- before the commit. DELETE triggers are unchanged (a bulk writer deletes
-- nothing in bulk).

CREATE TABLE bulk_writer (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);

-- the change log of the indexed kinds (004)
DROP TRIGGER IF EXISTS achievement_ins_log;
CREATE TRIGGER achievement_ins_log AFTER INSERT ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT INTO index_changes(kind, key) VALUES ('achievement', NEW.key);
END;
DROP TRIGGER IF EXISTS achievement_upd_log;
CREATE TRIGGER achievement_upd_log AFTER UPDATE ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT INTO index_changes(kind, key) VALUES ('achievement', NEW.key);
END;
DROP TRIGGER IF EXISTS demand_ins_log;
CREATE TRIGGER demand_ins_log AFTER INSERT ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT INTO index_changes(kind, key) VALUES ('demand', NEW.key);
END;
DROP TRIGGER IF EXISTS demand_upd_log;
CREATE TRIGGER demand_upd_log AFTER UPDATE ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT INTO index_changes(kind, key) VALUES ('demand', NEW.key);
END;
DROP TRIGGER IF EXISTS person_ins_log;
CREATE TRIGGER person_ins_log AFTER INSERT ON person
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT INTO index_changes(kind, key) VALUES ('person', NEW.key);
END;
DROP TRIGGER IF EXISTS person_upd_log;
CREATE TRIGGER person_upd_log AFTER UPDATE ON person
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT INTO index_changes(kind, key) VALUES ('person', NEW.key);
END;

-- the chains of list filters (006)
DROP TRIGGER IF EXISTS org_chains_ins;
CREATE TRIGGER org_chains_ins AFTER INSERT ON org
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'org', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS org_chains_upd;
CREATE TRIGGER org_chains_upd AFTER UPDATE OF doc ON org
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    DELETE FROM record_chains WHERE kind = 'org' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'org', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS achievement_chains_ins;
CREATE TRIGGER achievement_chains_ins AFTER INSERT ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'achievement', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS achievement_chains_upd;
CREATE TRIGGER achievement_chains_upd AFTER UPDATE OF doc ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    DELETE FROM record_chains WHERE kind = 'achievement' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'achievement', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS demand_chains_ins;
CREATE TRIGGER demand_chains_ins AFTER INSERT ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'demand', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS demand_chains_upd;
CREATE TRIGGER demand_chains_upd AFTER UPDATE OF doc ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    DELETE FROM record_chains WHERE kind = 'demand' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'demand', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS event_chains_ins;
CREATE TRIGGER event_chains_ins AFTER INSERT ON event
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'event', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
DROP TRIGGER IF EXISTS event_chains_upd;
CREATE TRIGGER event_chains_upd AFTER UPDATE OF doc ON event
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    DELETE FROM record_chains WHERE kind = 'event' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'event', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;

-- what changed since a visit (007)
DROP TRIGGER IF EXISTS web_changes_achievement_ins;
CREATE TRIGGER web_changes_achievement_ins AFTER INSERT ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('achievement', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
DROP TRIGGER IF EXISTS web_changes_achievement_upd;
CREATE TRIGGER web_changes_achievement_upd AFTER UPDATE ON achievement
WHEN OLD.doc IS NOT NEW.doc AND NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('achievement', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
DROP TRIGGER IF EXISTS web_changes_demand_ins;
CREATE TRIGGER web_changes_demand_ins AFTER INSERT ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('demand', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;
DROP TRIGGER IF EXISTS web_changes_demand_upd;
CREATE TRIGGER web_changes_demand_upd AFTER UPDATE ON demand
WHEN OLD.doc IS NOT NEW.doc AND NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    INSERT OR REPLACE INTO web_record_changes(kind, key, at)
    VALUES ('demand', NEW.key, CAST(strftime('%s', 'now') AS INTEGER));
END;

-- the records version of cached figures (011)
DROP TRIGGER IF EXISTS records_version_org_ins;
CREATE TRIGGER records_version_org_ins AFTER INSERT ON org
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_org_upd;
CREATE TRIGGER records_version_org_upd AFTER UPDATE ON org
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_person_ins;
CREATE TRIGGER records_version_person_ins AFTER INSERT ON person
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_person_upd;
CREATE TRIGGER records_version_person_upd AFTER UPDATE ON person
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_achievement_ins;
CREATE TRIGGER records_version_achievement_ins AFTER INSERT ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_achievement_upd;
CREATE TRIGGER records_version_achievement_upd AFTER UPDATE ON achievement
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_demand_ins;
CREATE TRIGGER records_version_demand_ins AFTER INSERT ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_demand_upd;
CREATE TRIGGER records_version_demand_upd AFTER UPDATE ON demand
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_event_ins;
CREATE TRIGGER records_version_event_ins AFTER INSERT ON event
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_event_upd;
CREATE TRIGGER records_version_event_upd AFTER UPDATE ON event
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_registration_ins;
CREATE TRIGGER records_version_registration_ins AFTER INSERT ON registration
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_registration_upd;
CREATE TRIGGER records_version_registration_upd AFTER UPDATE ON registration
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_meeting_request_ins;
CREATE TRIGGER records_version_meeting_request_ins AFTER INSERT ON meeting_request
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_meeting_request_upd;
CREATE TRIGGER records_version_meeting_request_upd AFTER UPDATE ON meeting_request
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_project_ins;
CREATE TRIGGER records_version_project_ins AFTER INSERT ON project
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
DROP TRIGGER IF EXISTS records_version_project_upd;
CREATE TRIGGER records_version_project_upd AFTER UPDATE ON project
WHEN NOT EXISTS (SELECT 1 FROM bulk_writer) BEGIN
    UPDATE records_version SET v = v + 1 WHERE id = 1;
END;
