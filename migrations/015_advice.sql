-- 015_advice: experts answer an invitation to advise (咨询邀请)
-- (src/store/sqlite_advice.c, contract in store.h; the rules in
-- src/advice/advice.h).
--
-- users.person: the person record (DATA.md's person) the account is, '' none;
-- a person is linked to at most one account (the partial unique index).
-- advice: the owner of demand `demand` (an account `login` acting for org
-- `org`, the demand's org, or staff) invites person `person` to advise, with a
-- message. status: invited → accepted | declined (with a reason), or closed
-- when the demand was closed (reason says why). expert: the account that
-- answered (the one linked to the person). One live (invited or accepted)
-- invitation per (demand, person). Times are unix seconds.

ALTER TABLE users ADD COLUMN person TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_person ON users(person) WHERE person <> '';

CREATE TABLE advice (
    id      INTEGER PRIMARY KEY,
    demand  TEXT NOT NULL,
    person  TEXT NOT NULL,
    org     TEXT NOT NULL DEFAULT '',
    login   TEXT NOT NULL,
    message TEXT NOT NULL,
    status  TEXT NOT NULL DEFAULT 'invited',
    reason  TEXT NOT NULL DEFAULT '',
    expert  TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
);
CREATE UNIQUE INDEX advice_live ON advice(demand, person)
    WHERE status IN ('invited', 'accepted');
CREATE INDEX advice_person ON advice(person);
CREATE INDEX advice_org ON advice(org);
