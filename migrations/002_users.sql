-- 002_users: accounts. pwhash is an argon2id string from libsodium's
-- crypto_pwhash_str; it carries its own salt and cost parameters.

CREATE TABLE users (
    id      INTEGER PRIMARY KEY,
    login   TEXT NOT NULL UNIQUE,
    pwhash  TEXT NOT NULL CHECK (pwhash LIKE '$argon2id$%'),
    role    TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'university', 'enterprise',
                                          'tech_manager', 'investor', 'expert')),
    org     TEXT REFERENCES org(key) DEFERRABLE INITIALLY DEFERRED,
    created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX users_org ON users(org);
