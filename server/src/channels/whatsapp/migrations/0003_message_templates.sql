-- The number's message templates as Meta approved them (GET /{waba_id}/message_templates), synced by the
-- whatsapp-templates-sync job and the admin's "sync" action: outside the 24-hour window operators may send
-- only these. A sync replaces a number's rows; components keep Meta's shape (HEADER, BODY, FOOTER, BUTTONS).
CREATE TABLE whatsapp_templates (
  channel_id integer NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  name text NOT NULL,
  language text NOT NULL,
  category text NOT NULL,
  status text NOT NULL,
  components jsonb NOT NULL,
  synced_at timestamptz NOT NULL,
  PRIMARY KEY (channel_id, name, language)
);
