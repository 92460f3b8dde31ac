-- The 24-hour customer service window: when each customer last wrote to a number (Meta's timestamp of the
-- message, so a redelivered webhook does not move it). Free-form replies are allowed until 24 hours after.
CREATE TABLE whatsapp_service_windows (
  channel_id integer NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  wa_id text NOT NULL,
  last_inbound_at timestamptz NOT NULL,
  PRIMARY KEY (channel_id, wa_id)
);
