-- Marketing consent, one row per contact: the latest state with where it came from (issue 22).
CREATE TABLE broadcast_consents (
  contact_id integer PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('given', 'withdrawn')),
  -- flow: the contact pressed subscribe or typed it; import: staff declared a basis; unsubscribe: button or word
  source text NOT NULL CHECK (source IN ('flow', 'import', 'unsubscribe', 'staff')),
  -- what the business declared when importing ("paper form 2024", "contract clause 7")
  basis text,
  changed_by integer,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX broadcast_consents_given_idx ON broadcast_consents (contact_id) WHERE state = 'given';

CREATE TABLE broadcast_segments (
  id serial PRIMARY KEY,
  name text NOT NULL,
  filter jsonb NOT NULL,
  created_by integer,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE broadcasts (
  id serial PRIMARY KEY,
  name text NOT NULL,
  -- marketing: only consented contacts, with an unsubscribe button; service: everyone reachable
  kind text NOT NULL CHECK (kind IN ('marketing', 'service')),
  channel_id integer NOT NULL,
  filter jsonb NOT NULL,
  -- { "default": text, "ru": text, "kk": text, "en": text }: chosen by the contact's language
  texts jsonb NOT NULL,
  -- [{ "title": …, "url": … }]: link buttons under the text
  buttons jsonb NOT NULL DEFAULT '[]',
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'sending', 'paused', 'done', 'cancelled')),
  scheduled_at timestamptz,
  time_zone text,
  created_by integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX broadcasts_active_idx ON broadcasts (state, scheduled_at) WHERE state IN ('scheduled', 'sending');

-- One row per recipient, written when the broadcast starts: the ledger of who gets it and what became of it.
-- pending → queued (in the outbox, outbox_id set in the same transaction) → sent | failed | unreachable; skipped: no chat any more.
CREATE TABLE broadcast_recipients (
  broadcast_id integer NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
  contact_id integer NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'sent', 'failed', 'unreachable', 'skipped')),
  conversation_id integer,
  outbox_id bigint,
  language text,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  replied_at timestamptz,
  unsubscribed_at timestamptz,
  PRIMARY KEY (broadcast_id, contact_id)
);
CREATE INDEX broadcast_recipients_state_idx ON broadcast_recipients (broadcast_id, state);
CREATE INDEX broadcast_recipients_conversation_idx ON broadcast_recipients (conversation_id) WHERE state = 'sent';

-- An operator's message for later in one conversation.
CREATE TABLE scheduled_messages (
  id serial PRIMARY KEY,
  conversation_id integer NOT NULL,
  text text NOT NULL,
  send_at timestamptz NOT NULL,
  created_by integer NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'cancelled', 'failed')),
  -- why it did not go: cancelled by staff, the customer wrote first, or the send's error
  reason text,
  message_id integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scheduled_messages_due_idx ON scheduled_messages (send_at) WHERE state = 'pending';
CREATE INDEX scheduled_messages_conversation_idx ON scheduled_messages (conversation_id, state);
