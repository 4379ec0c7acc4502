-- E-invoicing details (EINV-1, EINV-5). The buyer's, changed by the billing contact like other
-- billing data: VAT ID (BT-48), buyer reference (BT-10, a Leitweg-ID for German public buyers)
-- and electronic address (BT-49, JSON ElectronicAddress). The issuer's (JSON SellerDetails):
-- VAT ID, registration, contact, electronic address, bank account and SEPA creditor ID.
ALTER TABLE accounts ADD COLUMN buyer_vat_id TEXT;
ALTER TABLE accounts ADD COLUMN buyer_reference TEXT;
ALTER TABLE accounts ADD COLUMN buyer_electronic_address TEXT;
ALTER TABLE issuers ADD COLUMN e_invoicing TEXT;
