-- Idempotency keys of the HTTP API (API-4): the first result of a keyed state-changing request,
-- returned again to a retry with the same key. `scope` is a digest of the caller (never a token),
-- `request` a digest of method, path and body, so that another body under the same key is refused.
-- A row without `status` is a request still running; `lease_until` lets a retry take it over
-- when the server died before it finished. Rows are kept 24 hours.
CREATE TABLE api_idempotency (
    scope TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    lease_until INTEGER NOT NULL,
    status INTEGER,
    content_type TEXT,
    body BLOB,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);
