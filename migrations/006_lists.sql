-- 005_lists: what store_list needs to filter, sort and page in SQL.
-- record_chains: one row per (record, chain) of the kinds that have chains[]
-- (org, achievement, demand, event), kept by triggers from the canonical
-- document, so that "records of chain X" is an index lookup instead of
-- parsing every document. Indexes for the default list order (status, then
-- newest published first) and for the zone filter.

CREATE TABLE record_chains (
    kind  TEXT NOT NULL,
    key   TEXT NOT NULL,
    chain TEXT NOT NULL,
    PRIMARY KEY (kind, chain, key)
) WITHOUT ROWID;
CREATE INDEX record_chains_key ON record_chains(kind, key);

CREATE TRIGGER org_chains_ins AFTER INSERT ON org BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'org', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER org_chains_upd AFTER UPDATE OF doc ON org BEGIN
    DELETE FROM record_chains WHERE kind = 'org' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'org', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER org_chains_del AFTER DELETE ON org BEGIN
    DELETE FROM record_chains WHERE kind = 'org' AND key = OLD.key;
END;

CREATE TRIGGER achievement_chains_ins AFTER INSERT ON achievement BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'achievement', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER achievement_chains_upd AFTER UPDATE OF doc ON achievement BEGIN
    DELETE FROM record_chains WHERE kind = 'achievement' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'achievement', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER achievement_chains_del AFTER DELETE ON achievement BEGIN
    DELETE FROM record_chains WHERE kind = 'achievement' AND key = OLD.key;
END;

CREATE TRIGGER demand_chains_ins AFTER INSERT ON demand BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'demand', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER demand_chains_upd AFTER UPDATE OF doc ON demand BEGIN
    DELETE FROM record_chains WHERE kind = 'demand' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'demand', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER demand_chains_del AFTER DELETE ON demand BEGIN
    DELETE FROM record_chains WHERE kind = 'demand' AND key = OLD.key;
END;

CREATE TRIGGER event_chains_ins AFTER INSERT ON event BEGIN
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'event', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER event_chains_upd AFTER UPDATE OF doc ON event BEGIN
    DELETE FROM record_chains WHERE kind = 'event' AND key = OLD.key;
    INSERT OR IGNORE INTO record_chains(kind, key, chain)
        SELECT 'event', NEW.key, value FROM json_each(NEW.doc, '$.chains') WHERE type = 'text';
END;
CREATE TRIGGER event_chains_del AFTER DELETE ON event BEGIN
    DELETE FROM record_chains WHERE kind = 'event' AND key = OLD.key;
END;

-- the records already stored
INSERT OR IGNORE INTO record_chains(kind, key, chain)
    SELECT 'org', o.key, j.value FROM org o, json_each(o.doc, '$.chains') j WHERE j.type = 'text';
INSERT OR IGNORE INTO record_chains(kind, key, chain)
    SELECT 'achievement', a.key, j.value FROM achievement a, json_each(a.doc, '$.chains') j
    WHERE j.type = 'text';
INSERT OR IGNORE INTO record_chains(kind, key, chain)
    SELECT 'demand', d.key, j.value FROM demand d, json_each(d.doc, '$.chains') j
    WHERE j.type = 'text';
INSERT OR IGNORE INTO record_chains(kind, key, chain)
    SELECT 'event', v.key, j.value FROM event v, json_each(v.doc, '$.chains') j
    WHERE j.type = 'text';

CREATE INDEX achievement_status_published ON achievement(status, published, key);
CREATE INDEX achievement_zone ON achievement(zone);
CREATE INDEX demand_status_published ON demand(status, published, key);
CREATE INDEX demand_zone ON demand(zone);
CREATE INDEX org_zone ON org(zone);
