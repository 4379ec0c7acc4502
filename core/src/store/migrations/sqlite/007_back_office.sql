-- Vendor-wide lists (BO-1). Invoices are listed in the order they were issued: `serial` is
-- taken under the write lock, so it grows in commit order on both engines, and a list read
-- page by page stops at the serial its first page saw.
ALTER TABLE invoices ADD COLUMN serial INTEGER;
UPDATE invoices SET serial = rowid;
CREATE UNIQUE INDEX invoices_by_serial ON invoices(serial);
CREATE INDEX invoices_by_status_serial ON invoices(status, serial);
CREATE INDEX accounts_by_rep ON accounts(sales_rep_id, company_name, id);
CREATE INDEX accounts_by_name ON accounts(company_name, id);
CREATE INDEX quotes_open ON quotes(issued_at, id) WHERE status = 'open';
CREATE INDEX requests_open ON service_requests(submitted_at, id) WHERE status = 'open';
