-- Which way each audit record is chained (AUD-2): 1 = HMAC-SHA256 under the vendor's audit key,
-- 0 = plain SHA-256 (records written without a key, and every record from before this column).
-- Once a keyed record exists, no unkeyed one may follow it; the library enforces and verifies that.
ALTER TABLE audit_log ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0 CHECK (keyed IN (0, 1));
