-- Instants are Unix seconds (UTC); dates are ISO 8601 text (sortable); money is decimal text.
-- Enumerations are checked with OR chains: SQLite builds a temporary index for every row
-- written against a CHECK (x IN (...)), which made the renewal run's writes several times dearer.

-- Vendor employees, asserted by the host application's own sign-on.
CREATE TABLE staff (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    email TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind = 'sales_rep' OR kind = 'account_services')
) STRICT;

-- People on the customer side. A login with a password hash can sign in (as a billing contact).
CREATE TABLE logins (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL UNIQUE,
    username      TEXT,
    username_key  TEXT UNIQUE,
    phone         TEXT,
    password_hash TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;

-- Who issues invoices, with its gap-free number series (INV-1).
CREATE TABLE issuers (
    id          TEXT PRIMARY KEY,
    profile     TEXT NOT NULL,   -- JSON IssuerProfile
    next_number INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE accounts (
    id                      TEXT PRIMARY KEY,
    kind                    TEXT NOT NULL CHECK (kind = 'corporate' OR kind = 'online'),
    company_name            TEXT NOT NULL,
    issuer_id               TEXT NOT NULL REFERENCES issuers(id),
    sales_rep_id            TEXT NOT NULL REFERENCES staff(id),
    billing_contact_id      TEXT NOT NULL REFERENCES logins(id),
    billing_address         TEXT NOT NULL,   -- JSON BillingAddress
    phone                   TEXT NOT NULL,
    payment_method          TEXT NOT NULL,   -- JSON PaymentMethod (tokens and masked data only)
    currency                TEXT NOT NULL,
    vat_rate                TEXT NOT NULL,
    payment_terms_days      INTEGER NOT NULL,
    requires_purchase_order INTEGER NOT NULL DEFAULT 0,
    version                 INTEGER NOT NULL DEFAULT 1,
    created_at              INTEGER NOT NULL
) STRICT;
CREATE INDEX accounts_by_contact ON accounts(billing_contact_id);

-- Account users: people on the customer's side who are not the billing contact.
CREATE TABLE account_users (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    login_id   TEXT NOT NULL REFERENCES logins(id),
    PRIMARY KEY (account_id, login_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE subscriptions (
    account_id        TEXT PRIMARY KEY REFERENCES accounts(id),
    plan              TEXT NOT NULL,
    seats             INTEGER NOT NULL CHECK (seats >= 0),
    annual_seat_price TEXT NOT NULL,
    term_start        TEXT NOT NULL,
    term_end          TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status = 'active' OR status = 'expired' OR status = 'cancelled'),
    auto_renew        INTEGER NOT NULL,
    billing_interval  TEXT NOT NULL CHECK (billing_interval = 'monthly' OR billing_interval = 'quarterly' OR billing_interval = 'semi_annual' OR billing_interval = 'annual'),
    billed_until      TEXT NOT NULL
) STRICT;
CREATE INDEX subscriptions_due ON subscriptions(status, term_end);

CREATE TABLE invoice_recipients (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    email_key  TEXT NOT NULL,
    email      TEXT NOT NULL,
    PRIMARY KEY (account_id, email_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE purchase_orders (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    number      TEXT NOT NULL,
    expires_on  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    reminded_on TEXT,
    created_at  INTEGER NOT NULL,
    UNIQUE (account_id, number)
) STRICT;
CREATE INDEX purchase_orders_expiry ON purchase_orders(expires_on);
-- The purchase order in force on a date (PO-1), looked up for every invoice.
CREATE INDEX purchase_orders_in_force ON purchase_orders(account_id, expires_on DESC, created_at DESC);

CREATE TABLE invoices (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    issuer_id   TEXT NOT NULL REFERENCES issuers(id),
    seq         INTEGER NOT NULL,
    number      TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind = 'invoice' OR kind = 'credit_note'),
    refers_to   TEXT REFERENCES invoices(id),
    issue_date  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    total       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status = 'open' OR status = 'paid' OR status = 'void'),
    paid_on     TEXT,
    void_reason TEXT,
    document    TEXT NOT NULL,   -- JSON InvoiceDocument, fixed at issue (INV-1)
    created_at  INTEGER NOT NULL,
    UNIQUE (issuer_id, seq)
) STRICT;
CREATE INDEX invoices_by_account ON invoices(account_id, issue_date DESC, seq DESC);
-- INV-1: what was issued is never rewritten; only payment and void state move.
CREATE TRIGGER invoices_immutable BEFORE UPDATE OF id, account_id, issuer_id, seq, number, kind, refers_to,
    issue_date, due_date, currency, total, document ON invoices
BEGIN SELECT RAISE(ABORT, 'issued invoices are immutable'); END;

CREATE TABLE quotes (
    id             TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts(id),
    status         TEXT NOT NULL CHECK (status = 'open' OR status = 'accepted' OR status = 'declined' OR status = 'withdrawn'),
    currency       TEXT NOT NULL,
    valid_until    TEXT NOT NULL,
    total          TEXT NOT NULL,
    lines          TEXT NOT NULL,   -- JSON [Line]
    totals         TEXT NOT NULL,   -- JSON Totals
    effect         TEXT NOT NULL,   -- JSON QuoteEffect
    issued_at      INTEGER NOT NULL,
    issued_by      TEXT NOT NULL REFERENCES staff(id),
    decided_at     INTEGER,
    decline_reason TEXT,
    purchase_order TEXT,
    invoice_id     TEXT REFERENCES invoices(id)
) STRICT;
CREATE INDEX quotes_by_account ON quotes(account_id, status, issued_at DESC);

CREATE TABLE service_requests (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id),
    kind         TEXT NOT NULL,   -- JSON RequestKind
    status       TEXT NOT NULL CHECK (status = 'open' OR status = 'completed' OR status = 'rejected'),
    submitted_at INTEGER NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES logins(id),
    decided_at   INTEGER,
    decided_by   TEXT REFERENCES staff(id),
    resolution   TEXT
) STRICT;
CREATE INDEX requests_by_account ON service_requests(account_id, submitted_at DESC);

-- Sessions are found by the SHA-256 of their token; the token itself is never stored (AUTH-6).
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    login_id     TEXT NOT NULL REFERENCES logins(id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    ended_at     INTEGER
) STRICT;
CREATE INDEX sessions_by_login ON sessions(login_id);

-- Append-only, hash-chained audit log (AUD-1).
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    account_id TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
) STRICT;
CREATE INDEX audit_by_account ON audit_log(account_id, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Notifications for the host to deliver (NOTE-1).
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    account_id TEXT REFERENCES accounts(id),
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    sent_at    INTEGER
) STRICT;
CREATE INDEX outbox_pending ON outbox(sent_at, id);
