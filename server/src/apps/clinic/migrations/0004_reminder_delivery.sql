-- Reminders through the delivery port (issues 20, 24): each stage's row, claimed before sending, records how it
-- went out (one outbox message, or a cascade over the patient's messengers) and, once known, its final outcome.
ALTER TABLE clinic_reminders ADD COLUMN cascade_id integer;
ALTER TABLE clinic_reminders ADD COLUMN outbox_id bigint;
-- claimed (row written, message not yet handed to delivery) | pending | delivered | failed | unreachable (no chat);
-- null for skipped stages and rows from before this migration
ALTER TABLE clinic_reminders ADD COLUMN delivery text;
-- the account that delivered it (delivered), else null
ALTER TABLE clinic_reminders ADD COLUMN delivered_channel_id integer;
ALTER TABLE clinic_reminders ADD COLUMN delivery_error text;
CREATE INDEX clinic_reminders_unsettled_idx ON clinic_reminders (delivery) WHERE delivery IN ('claimed', 'pending');
