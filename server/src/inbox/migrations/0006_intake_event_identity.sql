-- One event identity for every channel: a string id the channel module defines (Telegram: the update_id).
-- The raw body is kept as text, exactly: jsonb refuses \u0000, and a row the journal cannot take stalls the
-- bot for good. The same id is a duplicate only within 24 hours (Telegram restarts update_id after a week of
-- silence): appendToJournal moves the key of a row older than that aside (event_id@id) before journaling the
-- new event, so the pair stays unique and the usual batch of new ids is one INSERT.
ALTER TABLE intake_journal ADD COLUMN event_id text;
ALTER TABLE intake_journal ADD COLUMN body text;
UPDATE intake_journal SET event_id = update_id::text, body = payload::text;
ALTER TABLE intake_journal ALTER COLUMN event_id SET NOT NULL;
ALTER TABLE intake_journal ALTER COLUMN body SET NOT NULL;
-- Drops UNIQUE (channel_id, update_id) with it.
ALTER TABLE intake_journal DROP COLUMN update_id;
ALTER TABLE intake_journal DROP COLUMN payload;
CREATE UNIQUE INDEX intake_journal_event_key ON intake_journal (channel_id, event_id);
-- An update that still fails after its retries is parked (kept, listed, retried by an admin), not failed.
UPDATE intake_journal SET state = 'parked' WHERE state = 'failed';
CREATE INDEX intake_journal_parked_idx ON intake_journal (channel_id, id) WHERE state = 'parked';
