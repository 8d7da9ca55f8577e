-- 016_lookups: what the pages ask per request, answered by index instead of
-- reading whole tables (src/store/sqlite_lookup.c, contract in store.h).
--
-- project_parties: one row per (project, party) of a project's parties[],
-- kept by triggers from the canonical document (as record_chains is), so that
-- "the projects my org takes part in" is an index lookup: by the org itself,
-- or by the persons of the org (person_org) and then by each person.
-- achievement_published / demand_published: "published since my last visit",
-- newest first, reads only the records published since then.

CREATE TABLE project_parties (
    party   TEXT NOT NULL,
    project TEXT NOT NULL,
    PRIMARY KEY (party, project)
) WITHOUT ROWID;
CREATE INDEX project_parties_project ON project_parties(project);

CREATE TRIGGER project_parties_ins AFTER INSERT ON project BEGIN
    INSERT OR IGNORE INTO project_parties(party, project)
        SELECT value, NEW.key FROM json_each(NEW.doc, '$.parties') WHERE type = 'text';
END;
CREATE TRIGGER project_parties_upd AFTER UPDATE OF doc ON project BEGIN
    DELETE FROM project_parties WHERE project = OLD.key;
    INSERT OR IGNORE INTO project_parties(party, project)
        SELECT value, NEW.key FROM json_each(NEW.doc, '$.parties') WHERE type = 'text';
END;
CREATE TRIGGER project_parties_del AFTER DELETE ON project BEGIN
    DELETE FROM project_parties WHERE project = OLD.key;
END;

-- the projects already stored
INSERT OR IGNORE INTO project_parties(party, project)
    SELECT j.value, p.key FROM project p, json_each(p.doc, '$.parties') j WHERE j.type = 'text';

CREATE INDEX achievement_published ON achievement(published, key);
CREATE INDEX demand_published ON demand(published, key);
