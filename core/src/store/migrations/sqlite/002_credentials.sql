-- Consecutive sign-in failures per user ID (AUTH-5). The key is the SHA-256 of the normalised
-- user ID, so that whatever people type into the user ID field is not kept.
CREATE TABLE sign_in_throttle (
    key_hash     TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Single-use credential links: password reset (AUTH-7) and set-password for a new billing
-- contact (BC-2). Only the token's SHA-256 is kept.
CREATE TABLE credential_tokens (
    token_hash TEXT PRIMARY KEY,
    login_id   TEXT NOT NULL REFERENCES logins(id),
    purpose    TEXT NOT NULL CHECK (purpose = 'reset' OR purpose = 'set_password'),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    voided_at  INTEGER
) STRICT;
CREATE INDEX credential_tokens_by_login ON credential_tokens(login_id, created_at);

-- A notification carrying a credential link names the link's reference; the link itself is
-- rendered only when the host collects the notification.
ALTER TABLE outbox ADD COLUMN link_ref TEXT;
