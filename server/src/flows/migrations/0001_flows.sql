-- App flows (issue 15 item 3): one running multi-step flow per conversation,
-- and the menus sent to customers, so that long button payloads, pages and
-- numbered answers resolve on any instance after any restart.
CREATE TABLE flow_sessions (
  conversation_id integer PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  channel_id integer NOT NULL,
  chat_id text NOT NULL,
  topic_id text NOT NULL DEFAULT '',
  app text NOT NULL,
  flow text NOT NULL,
  step text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The customer's language, for what is said outside their own messages (timeouts, hand-backs).
  language text NOT NULL DEFAULT 'ru',
  -- Optimistic concurrency: a write names the version it read; another instance's newer write wins.
  version integer NOT NULL DEFAULT 1,
  started_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- An operator took the conversation over: the flow waits at its step until handed back.
  paused_by integer REFERENCES staff_users (id) ON DELETE SET NULL,
  paused_at timestamptz
);
CREATE INDEX flow_sessions_expiring ON flow_sessions (expires_at) WHERE paused_at IS NULL;

CREATE TABLE flow_menus (
  key text PRIMARY KEY,
  channel_id integer NOT NULL,
  chat_id text NOT NULL,
  menu jsonb NOT NULL,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX flow_menus_of_chat ON flow_menus (channel_id, chat_id, created_at DESC);
