-- The account's document language (DOCS-1), chosen by the billing contact or vendor staff:
-- 'de' or 'en'. NULL means none was chosen, and the language follows the billing country.
ALTER TABLE accounts ADD COLUMN document_language TEXT CHECK (document_language IN ('de', 'en'));
