-- Forgot-password for an unknown user ID writes a link for a stand-in login that does not
-- exist, inside a savepoint it then rolls back, so that it takes as long as a real one (AUTH-7).
-- The link's reference to its login is therefore checked at commit. Declared here rather than
-- set by `PRAGMA defer_foreign_keys`: that pragma expires every prepared statement of the
-- connection, which then re-prepared each statement of the next operations.
CREATE TABLE credential_tokens_deferred (
    token_hash TEXT PRIMARY KEY,
    login_id   TEXT NOT NULL REFERENCES logins(id) DEFERRABLE INITIALLY DEFERRED,
    purpose    TEXT NOT NULL CHECK (purpose = 'reset' OR purpose = 'set_password'),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    voided_at  INTEGER
) STRICT;
INSERT INTO credential_tokens_deferred (token_hash, login_id, purpose, created_at, expires_at, used_at, voided_at)
    SELECT token_hash, login_id, purpose, created_at, expires_at, used_at, voided_at FROM credential_tokens;
DROP TABLE credential_tokens;
ALTER TABLE credential_tokens_deferred RENAME TO credential_tokens;
CREATE INDEX credential_tokens_by_login ON credential_tokens(login_id, created_at);
CREATE INDEX credential_tokens_by_expiry ON credential_tokens(expires_at);
