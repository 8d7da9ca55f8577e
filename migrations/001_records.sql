-- 001_records: one table per record kind of DATA.md.
-- `key` is the record's id (registration: EVENT/WHO; meeting_request without
-- id: EVENT/FROM/TO); `doc` is the canonical JSON line, the system of record.
-- The other columns are copies of fields that queries filter on.
-- References to one kind are foreign keys, deferred to the commit so that
-- records may arrive in any order within a transaction. References that may
-- name a person or an org (who, from, to, parties[]) and lists of references
-- are checked by the importer.

CREATE TABLE org (
    key      TEXT PRIMARY KEY NOT NULL,
    name     TEXT NOT NULL,
    type     TEXT NOT NULL,
    zone     TEXT,
    external INTEGER NOT NULL DEFAULT 0,
    doc      TEXT NOT NULL
);

CREATE TABLE person (
    key  TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    org  TEXT REFERENCES org(key) DEFERRABLE INITIALLY DEFERRED,
    doc  TEXT NOT NULL
);
CREATE INDEX person_org ON person(org);

CREATE TABLE achievement (
    key       TEXT PRIMARY KEY NOT NULL,
    org       TEXT NOT NULL REFERENCES org(key) DEFERRABLE INITIALLY DEFERRED,
    status    TEXT NOT NULL,
    published TEXT,
    trl       INTEGER,
    price     INTEGER,
    zone      TEXT,
    doc       TEXT NOT NULL
);
CREATE INDEX achievement_org ON achievement(org);

CREATE TABLE demand (
    key       TEXT PRIMARY KEY NOT NULL,
    org       TEXT NOT NULL REFERENCES org(key) DEFERRABLE INITIALLY DEFERRED,
    status    TEXT NOT NULL,
    published TEXT,
    trl_min   INTEGER,
    budget    INTEGER,
    deadline  TEXT,
    zone      TEXT,
    doc       TEXT NOT NULL
);
CREATE INDEX demand_org ON demand(org);

CREATE TABLE event (
    key    TEXT PRIMARY KEY NOT NULL,
    type   TEXT NOT NULL,
    starts TEXT NOT NULL,
    ends   TEXT,
    doc    TEXT NOT NULL
);

CREATE TABLE registration (
    key   TEXT PRIMARY KEY NOT NULL,
    event TEXT NOT NULL REFERENCES event(key) DEFERRABLE INITIALLY DEFERRED,
    who   TEXT NOT NULL,
    doc   TEXT NOT NULL
);
CREATE INDEX registration_event ON registration(event);

CREATE TABLE meeting_request (
    key      TEXT PRIMARY KEY NOT NULL,
    event    TEXT NOT NULL REFERENCES event(key) DEFERRABLE INITIALLY DEFERRED,
    from_id  TEXT NOT NULL,
    to_id    TEXT NOT NULL,
    status   TEXT NOT NULL,
    priority INTEGER NOT NULL,
    slot     INTEGER,
    tbl      INTEGER,
    locked   INTEGER NOT NULL DEFAULT 0,
    doc      TEXT NOT NULL
);
CREATE INDEX meeting_request_event ON meeting_request(event);

CREATE TABLE project (
    key         TEXT PRIMARY KEY NOT NULL,
    achievement TEXT REFERENCES achievement(key) DEFERRABLE INITIALLY DEFERRED,
    demand      TEXT REFERENCES demand(key) DEFERRABLE INITIALLY DEFERRED,
    event       TEXT REFERENCES event(key) DEFERRABLE INITIALLY DEFERRED,
    stage       TEXT,
    doc         TEXT NOT NULL
);
CREATE INDEX project_achievement ON project(achievement);
CREATE INDEX project_demand ON project(demand);
CREATE INDEX project_event ON project(event);
