-- A returned direct debit read from a bank statement reverses the payment it took back; the
-- return's own bank reference is kept with the reversal, once, so that importing the statement
-- again reverses nothing new (RECON-1).
ALTER TABLE payments ADD COLUMN reversal_bank_reference TEXT;
CREATE UNIQUE INDEX payments_by_reversal_bank_reference ON payments(reversal_bank_reference);
