-- WhatsApp's messaging limit (messaging-limit.ts): the number's limit as Meta last reported it, and the customers
-- it started a conversation with (a template outside their service window) within the moving 24 hours it counts.
CREATE TABLE whatsapp_messaging_limits (
  channel_id integer PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
  tier text NOT NULL,
  -- Unique customers per 24 hours; null: unlimited.
  recipients integer,
  read_at timestamptz NOT NULL
);

CREATE TABLE whatsapp_conversation_starts (
  channel_id integer NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  wa_id text NOT NULL,
  started_at timestamptz NOT NULL,
  PRIMARY KEY (channel_id, wa_id)
);
CREATE INDEX whatsapp_conversation_starts_recent ON whatsapp_conversation_starts (channel_id, started_at);
