-- Deep-link tokens, one per "link Telegram" click; only the SHA-256 of the token is stored.
CREATE TABLE telegram_link_tokens (
  token_hash text PRIMARY KEY,
  -- client: a portal client's contact id; staff: a staff user id
  subject_kind text NOT NULL CHECK (subject_kind IN ('client', 'staff')),
  subject_id integer NOT NULL,
  -- the bot whose /start redeems it
  channel_id integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  -- the Telegram user id that redeemed it
  used_by text
);
CREATE INDEX telegram_link_tokens_open_idx ON telegram_link_tokens (subject_kind, subject_id) WHERE used_at IS NULL;
CREATE INDEX telegram_link_tokens_expires_idx ON telegram_link_tokens (expires_at);

-- Seed 001's client_telegram and user_telegram in one table: who hears from which bot, in which chat.
-- Other apps read it to notify people (subject_kind, subject_id, channel_id, chat_id, language, enabled).
CREATE TABLE telegram_links (
  subject_kind text NOT NULL CHECK (subject_kind IN ('client', 'staff')),
  subject_id integer NOT NULL,
  channel_id integer NOT NULL,
  chat_id text NOT NULL,
  telegram_user_id text NOT NULL,
  telegram_username text,
  -- ru | kk | en, from the Telegram client's language at linking
  language text NOT NULL DEFAULT 'ru',
  -- seed 001's enabled: a muted link stays linked and receives nothing
  enabled boolean NOT NULL DEFAULT true,
  linked_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_kind, subject_id)
);
CREATE INDEX telegram_links_chat_idx ON telegram_links (channel_id, telegram_user_id);
