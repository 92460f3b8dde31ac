-- Reports (issue 26, inbox/queries/reports.ts) read a period's resolutions and conversations by time; these
-- keep that a range scan instead of a pass over every message. No new columns: the figures come from the
-- messages and the `resolved` service lines that are already there, so nothing needs a back-fill.
CREATE INDEX messages_resolved_at_idx ON messages (sent_at) WHERE kind = 'service' AND service->>'code' = 'resolved';
CREATE INDEX conversations_started_idx ON conversations ((coalesce(first_message_at, created_at)));
