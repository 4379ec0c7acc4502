-- The e-invoice format the billing contact chose for the account's documents (EINV-6):
-- factur_x_pdf, xrechnung_cii, xrechnung_ubl or peppol_bis_ubl. NULL: the default that follows
-- from the buyer's country and reference.
ALTER TABLE accounts ADD COLUMN e_invoice_format TEXT;
