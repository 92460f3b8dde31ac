-- An outbox row may change a message delivered earlier instead of sending a new one (an app's offer edited to say
-- it was taken): it names the row that delivered that message. It queues in the same chat and lane as any row, so
-- per-chat order makes it wait until the message it edits was sent. No foreign key: old rows are pruned, and an edit
-- whose message is gone fails NOT_FOUND like a send to a vanished chat.
ALTER TABLE outbox ADD COLUMN edit_of bigint;
