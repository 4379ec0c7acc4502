-- The schema of SQLite migrations 001-004, for PostgreSQL. The same statements run on both, so
-- the column types are the ones SQLite stores: BIGINT for integers and 0/1 flags, TEXT for text,
-- instants as Unix seconds, dates as ISO 8601 text, money as decimal text, documents as JSON text.

CREATE TABLE staff (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('sales_rep', 'account_services'))
);

CREATE TABLE logins (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    username      TEXT,
    username_key  TEXT UNIQUE,
    phone         TEXT,
    password_hash TEXT,
    disabled      BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

-- Who issues invoices, with its gap-free number series (INV-1).
CREATE TABLE issuers (
    id          TEXT PRIMARY KEY,
    profile     TEXT NOT NULL,
    next_number BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE accounts (
    id                      TEXT PRIMARY KEY,
    kind                    TEXT NOT NULL CHECK (kind IN ('corporate', 'online')),
    company_name            TEXT NOT NULL,
    issuer_id               TEXT NOT NULL REFERENCES issuers(id),
    sales_rep_id            TEXT NOT NULL REFERENCES staff(id),
    billing_contact_id      TEXT NOT NULL REFERENCES logins(id),
    billing_address         TEXT NOT NULL,
    phone                   TEXT NOT NULL,
    payment_method          TEXT NOT NULL,
    currency                TEXT NOT NULL,
    vat_rate                TEXT NOT NULL,
    payment_terms_days      BIGINT NOT NULL,
    requires_purchase_order BIGINT NOT NULL DEFAULT 0,
    version                 BIGINT NOT NULL DEFAULT 1,
    created_at              BIGINT NOT NULL
);
CREATE INDEX accounts_by_contact ON accounts(billing_contact_id);

CREATE TABLE account_users (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    login_id   TEXT NOT NULL REFERENCES logins(id),
    PRIMARY KEY (account_id, login_id)
);

CREATE TABLE subscriptions (
    account_id        TEXT PRIMARY KEY REFERENCES accounts(id),
    plan              TEXT NOT NULL,
    seats             BIGINT NOT NULL CHECK (seats >= 0),
    annual_seat_price TEXT NOT NULL,
    term_start        TEXT NOT NULL,
    term_end          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('active', 'expired', 'cancelled')),
    auto_renew        BIGINT NOT NULL,
    billing_interval  TEXT NOT NULL CHECK (billing_interval IN ('monthly', 'quarterly', 'semi_annual', 'annual')),
    billed_until      TEXT NOT NULL
);
CREATE INDEX subscriptions_due ON subscriptions(status, term_end);

CREATE TABLE invoice_recipients (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    email_key  TEXT NOT NULL,
    email      TEXT NOT NULL,
    PRIMARY KEY (account_id, email_key)
);

CREATE TABLE purchase_orders (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    number      TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,
    reminded_on TEXT,
    created_at  BIGINT NOT NULL,
    UNIQUE (account_id, number)
);
CREATE INDEX purchase_orders_expiry ON purchase_orders(expires_on);
CREATE INDEX purchase_orders_in_force ON purchase_orders(account_id, expires_on DESC, created_at DESC);

CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    issuer_id   TEXT NOT NULL REFERENCES issuers(id),
    seq         BIGINT NOT NULL,
    number      TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    refers_to   TEXT REFERENCES invoices(id),
    issue_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    total       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'paid', 'void')),
    paid_on     TEXT,
    void_reason TEXT,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (issuer_id, seq)
);
CREATE INDEX invoices_by_account ON invoices(account_id, issue_date DESC, seq DESC);

-- INV-1: what was issued is never rewritten; only payment and void state move.
CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.id, NEW.account_id, NEW.issuer_id, NEW.seq, NEW.number, NEW.kind, NEW.refers_to, NEW.issue_date,
        NEW.due_date, NEW.currency, NEW.total, NEW.document)
       IS DISTINCT FROM
       (OLD.id, OLD.account_id, OLD.issuer_id, OLD.seq, OLD.number, OLD.kind, OLD.refers_to, OLD.issue_date,
        OLD.due_date, OLD.currency, OLD.total, OLD.document) THEN
        RAISE EXCEPTION 'issued invoices are immutable';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_immutable();

CREATE TABLE quotes (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    status         TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'declined', 'withdrawn')),
    currency       TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    total          TEXT NOT NULL,
    lines          TEXT NOT NULL,
    totals         TEXT NOT NULL,
    effect         TEXT NOT NULL,
    issued_at      BIGINT NOT NULL,
    issued_by      TEXT NOT NULL REFERENCES staff(id),
    decided_at     BIGINT,
    decline_reason TEXT,
    purchase_order TEXT,
    invoice_id     TEXT REFERENCES invoices(id)
);
CREATE INDEX quotes_by_account ON quotes(account_id, status, issued_at DESC);

CREATE TABLE service_requests (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'completed', 'rejected')),
    submitted_at BIGINT NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES logins(id),
    decided_at   BIGINT,
    decided_by   TEXT REFERENCES staff(id),
    resolution   TEXT
);
CREATE INDEX requests_by_account ON service_requests(account_id, submitted_at DESC);
CREATE INDEX requests_open_by_account ON service_requests(account_id) WHERE status = 'open';

-- Sessions are found by the SHA-256 of their token; the token itself is never stored (AUTH-6).
-- `rowid` orders sessions opened in the same second, as SQLite's implicit rowid does.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    rowid        BIGINT GENERATED ALWAYS AS IDENTITY,
    login_id     TEXT NOT NULL REFERENCES logins(id),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX sessions_by_login ON sessions(login_id);
CREATE INDEX sessions_by_last_seen ON sessions(last_seen_at);
CREATE INDEX sessions_live_by_login ON sessions(login_id, created_at) WHERE ended_at IS NULL;

-- Append-only, hash-chained audit log (AUD-1, AUD-2).
CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    account_id TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    keyed      BIGINT NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1))
);
CREATE INDEX audit_by_account ON audit_log(account_id, seq);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Notifications for the host to deliver (NOTE-1).
CREATE TABLE outbox (
    id         BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    created_at BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    BIGINT,
    link_ref   TEXT
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);

-- Consecutive sign-in failures per bucket (AUTH-5, AUTH-11); keyed by a digest, never the user ID.
CREATE TABLE sign_in_throttle (
    key_hash        TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    last_failure_at BIGINT NOT NULL DEFAULT 0
);

-- Single-use credential links (AUTH-7, BC-2). Only the token's SHA-256 is kept. The login
-- reference can be deferred: a reset request for an unknown user ID does the same work as for a
-- known one, on a login that does not exist, and rolls it back (AUTH-7).
CREATE TABLE credential_tokens (
    token_hash TEXT PRIMARY KEY,
    login_id   TEXT NOT NULL REFERENCES logins(id) DEFERRABLE INITIALLY IMMEDIATE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'set_password')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    voided_at  BIGINT
);
CREATE INDEX credential_tokens_by_login ON credential_tokens(login_id, created_at);
CREATE INDEX credential_tokens_by_expiry ON credential_tokens(expires_at);
