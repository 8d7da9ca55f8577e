-- 010_alerts: standing subscriptions and deadlines (src/alert/alert.h; the
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
    VALUES ('changes', COALESCE((SELECT MAX(gen) FROM index_changes), 0));

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
