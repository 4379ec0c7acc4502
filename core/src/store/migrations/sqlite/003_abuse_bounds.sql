-- When the last failure of a throttle bucket happened, so that quiet buckets can be purged
-- (AUTH-11): rows for user IDs nobody uses again would otherwise stay for ever.
ALTER TABLE sign_in_throttle ADD COLUMN last_failure_at INTEGER NOT NULL DEFAULT 0;

-- What the maintenance purge and the per-login session cap look up.
CREATE INDEX sessions_by_last_seen ON sessions(last_seen_at);
CREATE INDEX sessions_live_by_login ON sessions(login_id, created_at) WHERE ended_at IS NULL;
CREATE INDEX credential_tokens_by_expiry ON credential_tokens(expires_at);
CREATE INDEX requests_open_by_account ON service_requests(account_id) WHERE status = 'open';
