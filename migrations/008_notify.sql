-- 008_notify: what the platform tells people (src/store/sqlite_notify.c,
-- contract in store.h; the rules of what is sent in src/notify/notify.h).
--
-- users gain the account holder's contact details: the address mail goes to,
-- the name and phone shown to the other side of an accepted interest.
-- notices: in-app notifications, one row per recipient (read_at 0 = unread).
-- mail_outbox: every mail the platform sends, written in the same transaction
-- as the change that caused it; a sender delivers it later (sent_at 0 = not
-- yet), retrying with backoff (attempts, next_at, last_error), so that a mail
-- server that is down delays mail and loses none.

ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN name  TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';

CREATE TABLE notices (
    id      INTEGER PRIMARY KEY,
    login   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    title   TEXT NOT NULL,
    body    TEXT NOT NULL DEFAULT '',
    link    TEXT NOT NULL DEFAULT '',
    created INTEGER NOT NULL,            -- unix seconds
    read_at INTEGER NOT NULL DEFAULT 0   -- unix seconds, 0 = unread
);
CREATE INDEX notices_login ON notices(login, id);
CREATE INDEX notices_unread ON notices(login) WHERE read_at = 0;

CREATE TABLE mail_outbox (
    id         INTEGER PRIMARY KEY,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT NOT NULL DEFAULT '',   -- a path on the site, made absolute when sent
    kind       TEXT NOT NULL DEFAULT '',
    login      TEXT NOT NULL DEFAULT '',   -- '' when the recipient has no account yet
    created    INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL,           -- not before (unix seconds)
    sent_at    INTEGER NOT NULL DEFAULT 0, -- 0 = not delivered yet
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_at) WHERE sent_at = 0;
