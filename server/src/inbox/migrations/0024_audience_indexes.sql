-- Segments (issue 22) count an account's audience as the filter changes, over up to 1,000,000 conversations. Two
-- small indexes let every part of that count be read from an index, in contact order, instead of the tables:
-- an account's private chats by contact (with the status and last message time the filters ask for), and
-- contacts by language (on the column itself: an index on an expression of it is never read alone).
CREATE INDEX conversations_audience_idx ON conversations (channel_id, contact_id) INCLUDE (status, last_message_at)
  WHERE chat_type = 'private' AND topic_id = '' AND contact_id IS NOT NULL;
CREATE INDEX contacts_language_idx ON contacts (language_code, id);
