-- 013_alerts: standing subscriptions and deadlines (src/alert/alert.h; the
-- rules in docs/notify.md, the store contract in store.h).
--
-- alert_pos: how far a pass of the alerts has read a log ('changes': the
-- generation of index_changes read so far). It starts at the log's current
-- end, so that a store with records before this migration does not alert
-- about all of them at once.
-- alert_sent: what was notified once and must not be again: (kind, subject,
-- object) such as ('new_match', demand, achievement), ('deadline_soon',
-- demand, deadline), ('milestone_overdue', project, number).
-- alert_bars: each open demand's best scores (its top N, best first, as text
-- "s1 s2 ..."): a new achievement must beat the N-th to enter the demand's
-- top N. Recomputed when the demand changes.

CREATE TABLE alert_pos (
    name TEXT PRIMARY KEY,
    pos  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO alert_pos(name, pos)
    VALUES ('changes', COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'index_changes'), 0));

CREATE TABLE alert_sent (
    kind    TEXT NOT NULL,
    subject TEXT NOT NULL,
    object  TEXT NOT NULL DEFAULT '',
    at      INTEGER NOT NULL,            -- unix seconds
    PRIMARY KEY (kind, subject, object)
) WITHOUT ROWID;

CREATE TABLE alert_bars (
    demand TEXT PRIMARY KEY,
    scores TEXT NOT NULL,
    at     INTEGER NOT NULL
) WITHOUT ROWID;

-- saved_searches: a search kept by an account (the list page's 保存此搜索):
-- the kind listed, the words and filters, how often its new results are sent
-- (daily or weekly, as one saved_search notification), and when they were
-- last sent (created, until the first digest).
CREATE TABLE saved_searches (
    id       INTEGER PRIMARY KEY,
    login    TEXT NOT NULL,
    kind     TEXT NOT NULL,              -- achievement or demand
    q        TEXT NOT NULL DEFAULT '',
    chain    TEXT NOT NULL DEFAULT '',
    zone     TEXT NOT NULL DEFAULT '',
    trl_min  INTEGER NOT NULL DEFAULT 0,
    freq     TEXT NOT NULL,              -- daily or weekly
    created  INTEGER NOT NULL,
    last_run INTEGER NOT NULL
);
CREATE INDEX saved_searches_login ON saved_searches(login, id);

-- follows: an industry chain or a zone an account follows (/me/follows); the
-- new achievements there are sent once a day (last_run as above).
CREATE TABLE follows (
    login    TEXT NOT NULL,
    what     TEXT NOT NULL,              -- chain or zone
    value    TEXT NOT NULL,
    created  INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    PRIMARY KEY (login, what, value)
) WITHOUT ROWID;
