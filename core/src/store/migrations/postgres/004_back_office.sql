-- The PostgreSQL twin of SQLite migration 007 (BO-1).
ALTER TABLE invoices ADD COLUMN serial BIGINT;
UPDATE invoices i SET serial = o.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, issuer_id, seq) AS n FROM invoices) o WHERE o.id = i.id;
CREATE UNIQUE INDEX invoices_by_serial ON invoices(serial);
CREATE INDEX invoices_by_status_serial ON invoices(status, serial);
CREATE INDEX accounts_by_rep ON accounts(sales_rep_id, company_name, id);
CREATE INDEX accounts_by_name ON accounts(company_name, id);
CREATE INDEX quotes_open ON quotes(issued_at, id) WHERE status = 'open';
CREATE INDEX requests_open ON service_requests(submitted_at, id) WHERE status = 'open';
