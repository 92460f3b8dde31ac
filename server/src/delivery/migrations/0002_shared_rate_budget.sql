-- Each bot's token bucket, shared by every instance that sends for it: a claim takes its tokens here
-- (in the claim's own statement), so two instances together stay within the bot's rate.
CREATE TABLE delivery_rate_budget (
  channel_id integer PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- A chat's recent sends, read at claim time, so a chat whose last message went out from another
-- instance keeps its pace.
CREATE INDEX outbox_sent_chat_idx ON outbox (channel_id, external_chat_id, id) WHERE state = 'sent';
