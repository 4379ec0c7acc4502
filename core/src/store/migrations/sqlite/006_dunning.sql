-- Payment reminders (DUN-1). Staff hold an account's reminders back, during a dispute say.
ALTER TABLE accounts ADD COLUMN dunning_paused INTEGER NOT NULL DEFAULT 0;

-- One row per reminder queued: the key makes a stage of an invoice reminded once, however many
-- runs (or portal instances) reach it.
CREATE TABLE dunning_reminders (
    invoice_id TEXT NOT NULL REFERENCES invoices(id),
    stage      INTEGER NOT NULL CHECK (stage >= 1),
    days       INTEGER NOT NULL,
    run_date   TEXT NOT NULL,
    queued_at  INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, stage)
);
-- What the run looks for: open invoices by due date.
CREATE INDEX invoices_open_by_due ON invoices(status, due_date);
