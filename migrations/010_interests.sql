-- 010_interests: from a match to a conversation (src/store/sqlite_interest.c,
-- contract in store.h; the rules in src/interest/interest.h).
--
-- interests: one account's interest (有意向) in another org's achievement or
-- demand, optionally through one of its own records the two matched on
-- (via_kind, via). status: open → accepted | declined, or closed when the
-- record was withdrawn or closed. proposed_by: the login that proposed a
-- cooperation project from the accepted interest ('' none); project: the
-- project the other side confirmed ('' none).
-- interest_messages: the short messages of the thread, oldest first.
-- dismissals: an org's 不合适 of a suggested record, with a reason code and
-- free text; the engine never suggests that record to the org again while the
-- row exists (undo deletes it).
-- sign_proposals: the first party's "signed" of a project, waiting for the
-- other party to confirm; valid while the project is still at `stage`.

CREATE TABLE interests (
    id          INTEGER PRIMARY KEY,
    from_login  TEXT NOT NULL,
    from_org    TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL,            -- achievement | demand
    target      TEXT NOT NULL,
    to_org      TEXT NOT NULL,
    via_kind    TEXT NOT NULL DEFAULT '',
    via         TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'open',
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT '',
    created     INTEGER NOT NULL,         -- unix seconds
    updated     INTEGER NOT NULL,
    proposed_by TEXT NOT NULL DEFAULT '',
    project     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX interests_from ON interests(from_login, created);
CREATE INDEX interests_from_org ON interests(from_org);
CREATE INDEX interests_to_org ON interests(to_org);
CREATE INDEX interests_target ON interests(kind, target);

CREATE TABLE interest_messages (
    id       INTEGER PRIMARY KEY,
    interest INTEGER NOT NULL REFERENCES interests(id),
    login    TEXT NOT NULL,
    body     TEXT NOT NULL,
    created  INTEGER NOT NULL
);
CREATE INDEX interest_messages_of ON interest_messages(interest, id);

CREATE TABLE dismissals (
    id       INTEGER PRIMARY KEY,
    org      TEXT NOT NULL,
    kind     TEXT NOT NULL,               -- the kind of the dismissed record
    target   TEXT NOT NULL,
    via_kind TEXT NOT NULL DEFAULT '',
    via      TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL,               -- a code of interest_reasons()
    note     TEXT NOT NULL DEFAULT '',
    login    TEXT NOT NULL,
    created  INTEGER NOT NULL,
    UNIQUE (org, kind, target)
);
CREATE INDEX dismissals_target ON dismissals(kind, target);

CREATE TABLE sign_proposals (
    project   TEXT PRIMARY KEY NOT NULL,
    stage     TEXT NOT NULL,              -- the project's stage when proposed
    party     TEXT NOT NULL,              -- the org (or person) that proposed
    login     TEXT NOT NULL,
    at        INTEGER NOT NULL,
    signed_on TEXT NOT NULL DEFAULT '',
    mode      TEXT NOT NULL DEFAULT '',
    agreement TEXT NOT NULL DEFAULT '',
    amount    INTEGER                     -- yuan, NULL when not given
);
