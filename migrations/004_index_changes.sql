-- 003_index_changes: what the matching index needs to restart from its
-- snapshot instead of re-segmenting the catalogue (docs/matching.md).
-- store_uid names this store, so that a snapshot is never applied to
-- another database; index_changes logs every write to the indexed kinds
-- (achievement, demand, person): a snapshot taken at generation G is brought
-- up to date by re-reading the records logged after G. AUTOINCREMENT keeps
-- generations increasing even after old log rows are deleted.

CREATE TABLE store_uid (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    uid TEXT NOT NULL
);
INSERT INTO store_uid(id, uid) VALUES (1, lower(hex(randomblob(16))));

CREATE TABLE index_changes (
    gen  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    key  TEXT NOT NULL
);

CREATE TRIGGER achievement_ins_log AFTER INSERT ON achievement
BEGIN INSERT INTO index_changes(kind, key) VALUES ('achievement', new.key); END;
CREATE TRIGGER achievement_upd_log AFTER UPDATE ON achievement
BEGIN INSERT INTO index_changes(kind, key) VALUES ('achievement', new.key); END;
CREATE TRIGGER achievement_del_log AFTER DELETE ON achievement
BEGIN INSERT INTO index_changes(kind, key) VALUES ('achievement', old.key); END;
CREATE TRIGGER demand_ins_log AFTER INSERT ON demand
BEGIN INSERT INTO index_changes(kind, key) VALUES ('demand', new.key); END;
CREATE TRIGGER demand_upd_log AFTER UPDATE ON demand
BEGIN INSERT INTO index_changes(kind, key) VALUES ('demand', new.key); END;
CREATE TRIGGER demand_del_log AFTER DELETE ON demand
BEGIN INSERT INTO index_changes(kind, key) VALUES ('demand', old.key); END;
CREATE TRIGGER person_ins_log AFTER INSERT ON person
BEGIN INSERT INTO index_changes(kind, key) VALUES ('person', new.key); END;
CREATE TRIGGER person_upd_log AFTER UPDATE ON person
BEGIN INSERT INTO index_changes(kind, key) VALUES ('person', new.key); END;
CREATE TRIGGER person_del_log AFTER DELETE ON person
BEGIN INSERT INTO index_changes(kind, key) VALUES ('person', old.key); END;
