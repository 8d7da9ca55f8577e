-- 020_project_history: the dated, attributed stage changes of cooperation
-- projects (src/project/). One row per change, in the order they happened
-- (id). from_stage is '' for the entry that started the project; at is ISO
-- 8601 with an offset (qiao writes Beijing time, +08:00); by is the user or
-- person who made the change ('' when unknown). A project's history goes
-- with it when the project is deleted.

CREATE TABLE project_history (
    id         INTEGER PRIMARY KEY,
    project    TEXT NOT NULL REFERENCES project(key) ON DELETE CASCADE
                    DEFERRABLE INITIALLY DEFERRED,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    at         TEXT NOT NULL,
    by         TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_history_project ON project_history(project, id);
