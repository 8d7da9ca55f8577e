-- 014_managers: technology managers (技术经理人) authorised to act for an org
-- (src/store/sqlite_managers.c, contract in store.h; the rules in
-- src/interest/interest.h, interest_may_act).
--
-- org_managers: account `login` (usually role tech_manager, possibly of a
-- service org) may act for org `org`: see its records' matches, send and
-- answer interests for it, request meetings at events for it. granted_by: the
-- org admin or staff account that granted it; granted_at: unix seconds.
-- Revoking deletes the row.

CREATE TABLE org_managers (
    org        TEXT NOT NULL,
    login      TEXT NOT NULL,
    granted_by TEXT NOT NULL DEFAULT '',
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (org, login)
);
CREATE INDEX org_managers_login ON org_managers(login);
