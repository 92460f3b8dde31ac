-- Which private chat each message id of an account belongs to. Telegram numbers
-- a personal account's private-chat messages in one sequence and reports a
-- deletion by message ids alone (updateDeleteMessages has no peer), so intake
-- remembers the chat of every message it journals to route deletions.
CREATE TABLE telegram_user_message_peers (
  channel_id integer NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  message_id integer NOT NULL,
  peer_id bigint NOT NULL,
  PRIMARY KEY (channel_id, message_id)
);
