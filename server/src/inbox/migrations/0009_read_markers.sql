-- Unread is per operator: each staff member keeps a marker per conversation, and one operator
-- opening a chat no longer reads it for the team.
-- A marker holds how many incoming messages (conversations.messages_in) the person had seen when
-- they last read the conversation; their unread count is messages_in minus that.
CREATE TABLE conversation_reads (
  conversation_id integer NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  staff_id integer NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  messages_in_read integer NOT NULL,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, staff_id)
);
CREATE INDEX conversation_reads_staff_idx ON conversation_reads (staff_id);

-- Whoever has no marker yet counts from the baseline: what the team had read before markers existed
-- (zero for conversations that start later, so a new operator sees them unread).
ALTER TABLE conversations ADD COLUMN read_baseline integer NOT NULL DEFAULT 0;
UPDATE conversations SET read_baseline = GREATEST(messages_in - unread_count, 0);
ALTER TABLE conversations DROP COLUMN unread_count;
