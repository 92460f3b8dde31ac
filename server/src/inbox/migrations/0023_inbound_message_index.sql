-- Segments (issue 22) filter by the customer's last message in a conversation (inbound only): an index of each
-- conversation's inbound messages by time answers "wrote at or after …" with one probe per conversation, without a
-- column the intake would have to keep up to date on every message.
CREATE INDEX messages_inbound_idx ON messages (conversation_id, sent_at DESC) WHERE direction = 'in';
