-- Instagram's messaging window: when each customer last wrote to an account (Meta's timestamp of the message or
-- reaction, so a redelivered webhook does not move it). Replies go within 24 hours, an operator's with the
-- HUMAN_AGENT tag within 7 days.
CREATE TABLE instagram_service_windows (
  channel_id integer NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  igsid text NOT NULL,
  last_inbound_at timestamptz NOT NULL,
  PRIMARY KEY (channel_id, igsid)
);

-- The account's current access token (sealed with the SecretBox) and when it lapses: Instagram Login tokens last
-- 60 days and are refreshed ahead of that; the one given at connection stays in the account's credentials.
CREATE TABLE instagram_tokens (
  channel_id integer PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
  access_token_encrypted text NOT NULL,
  -- Which connection token this row continues (a hash): a new token given by the admin starts over.
  origin_lookup text NOT NULL,
  expires_at timestamptz NOT NULL,
  refreshed_at timestamptz,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
