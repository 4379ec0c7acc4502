-- Payments with amounts (PAYM-1) replace the paid flag: an invoice keeps the sum of its payments
-- that stand, and its status follows from it. Amounts are decimal text, as everywhere.
ALTER TABLE invoices ADD COLUMN amount_paid TEXT NOT NULL DEFAULT '0';
-- The ISO 11649 reference payers quote (RECON-1). Derived from the issuer and the number; the
-- library fills it in for invoices issued before this migration when it opens the database.
ALTER TABLE invoices ADD COLUMN creditor_reference TEXT;
CREATE UNIQUE INDEX invoices_by_creditor_reference ON invoices(creditor_reference);
CREATE INDEX invoices_without_creditor_reference ON invoices(id) WHERE creditor_reference IS NULL;

CREATE TABLE payments (
    id              TEXT PRIMARY KEY,
    invoice_id      TEXT NOT NULL REFERENCES invoices(id),
    account_id      TEXT NOT NULL REFERENCES accounts(id),
    amount          TEXT NOT NULL,
    currency        TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    -- NULL for the payments of invoices marked paid before amounts were kept.
    method          TEXT,
    reference       TEXT NOT NULL,
    -- The bank's reference of the statement entry it came from: a statement imported twice
    -- records each entry once (RECON-1).
    bank_reference  TEXT UNIQUE,
    recorded_at     INTEGER NOT NULL,
    recorded_by     TEXT NOT NULL,
    reversed_on     TEXT,
    reversal_reason TEXT CHECK (reversal_reason IS NULL OR reversal_reason IN ('returned_debit', 'chargeback'))
) STRICT;
CREATE INDEX payments_by_invoice ON payments(invoice_id, received_on);

-- An invoice marked paid before this migration was paid in full on its paid_on day; its payment
-- takes the invoice's ID, which no other payment can have.
UPDATE invoices SET amount_paid = total WHERE paid_on IS NOT NULL AND kind = 'invoice';
INSERT INTO payments (id, invoice_id, account_id, amount, currency, received_on, method, reference, recorded_at,
                      recorded_by)
SELECT id, id, account_id, total, currency, paid_on, NULL, '', created_at, 'migration'
FROM invoices WHERE paid_on IS NOT NULL AND kind = 'invoice';
