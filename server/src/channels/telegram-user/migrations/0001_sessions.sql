-- A personal Telegram account's MTProto session (auth keys, update state,
-- known peers), encrypted with the app's SecretBox; the login in progress
-- (phone_code_hash, next code type), encrypted too; and the ban-safety
-- counters. One row per account, gone with it.
CREATE TABLE telegram_user_sessions (
  channel_id integer PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
  session_encrypted text,
  login_encrypted text,
  imported_at timestamptz,
  new_chats jsonb NOT NULL DEFAULT '{}'::jsonb,
  paused_reason text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
