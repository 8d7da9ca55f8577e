-- 012_mail: e-mail preferences, the daily digest, claiming the outbox, and
-- the server's signing key (src/store/sqlite_mail.c; contract in store.h;
-- the rules in src/notify/notify.h and docs/notify.md).
--
-- notify_prefs: one row per account and kind that differs from the default
-- (mail on, sent at once). mail 0 = no mail of this kind; digest 1 = held
-- for the daily digest instead of sent at once. The in-app notification is
-- always stored.
-- mail_outbox gains:
--   digest         1 = held for the recipient's daily digest (never sent alone;
--                  the digest job marks it sent when the digest is queued)
--   claimed_until  a sender that takes a mail sets this lease (unix seconds)
--                  in the same UPDATE that selects it; others skip it until
--                  the lease ends, so several senders never send one mail twice
--                  while the first is alive, and a crashed sender's mails come
--                  back when its lease ends.
-- The key that signs unsubscribe links is a row of server_keys (made by
-- 011_accounts), shared by every server node.

CREATE TABLE notify_prefs (
    login  TEXT NOT NULL,
    kind   TEXT NOT NULL,
    mail   INTEGER NOT NULL DEFAULT 1,
    digest INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (login, kind)
);

ALTER TABLE mail_outbox ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_outbox ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
CREATE INDEX mail_outbox_held ON mail_outbox(login, id) WHERE sent_at = 0 AND digest = 1;

