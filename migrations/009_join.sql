-- 009_join: organisations applying to join, and invitations (src/join,
-- src/store/sqlite_join.c; contract in store.h).
--
-- applications: one row per application (申请入驻). Nothing else exists until
-- staff approve it: then the org record and the account are created in the
-- same transaction and `org` names the new org. The applicant's password is
-- kept only as its argon2id hash; the secret of the status link only as its
-- BLAKE2b hash (token_hash).
-- invitations: a one-time link to set up an account bound to an org and a
-- role; only the hash of the link's secret is kept; used_at 0 = not used yet.
-- users.org_admin: the account may invite people into its own org (the
-- account created by approving an application is its org's admin).
-- org_credit_code: one org per credit code (org.credit_code in the document).

CREATE TABLE applications (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    credit_code   TEXT NOT NULL,
    region        TEXT NOT NULL DEFAULT '',
    zone          TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    login         TEXT NOT NULL,
    pwhash        TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL DEFAULT 'pending',   -- pending, approved, rejected
    reason        TEXT NOT NULL DEFAULT '',          -- why it was rejected
    org           TEXT NOT NULL DEFAULT '',          -- the org created on approval
    created       INTEGER NOT NULL,                  -- unix seconds
    reviewed_at   INTEGER NOT NULL DEFAULT 0,
    reviewed_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX applications_status ON applications(status, id);
CREATE INDEX applications_code ON applications(credit_code) WHERE status = 'pending';
CREATE INDEX applications_login ON applications(login) WHERE status = 'pending';

CREATE TABLE invitations (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    org        TEXT NOT NULL REFERENCES org(key) DEFERRABLE INITIALLY DEFERRED,
    role       TEXT NOT NULL,
    email      TEXT NOT NULL,
    invited_by TEXT NOT NULL,
    created    INTEGER NOT NULL,
    expires    INTEGER NOT NULL,
    used_at    INTEGER NOT NULL DEFAULT 0,
    login      TEXT NOT NULL DEFAULT ''       -- the account made with it
);

ALTER TABLE users ADD COLUMN org_admin INTEGER NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX org_credit_code ON org(json_extract(doc, '$.credit_code'))
    WHERE json_extract(doc, '$.credit_code') IS NOT NULL;
