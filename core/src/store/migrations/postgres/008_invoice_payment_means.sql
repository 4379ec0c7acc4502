-- The payment method in force when the invoice was issued (JSON PaymentMethod, tokens and masked
-- data only): its e-invoice names these payment means (BG-16) however the account pays later.
-- NULL for invoices issued before it was kept; theirs follow the account's method.
ALTER TABLE invoices ADD COLUMN payment_method TEXT;
