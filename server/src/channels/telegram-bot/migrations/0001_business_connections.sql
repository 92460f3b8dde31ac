-- Telegram Business: accounts that connected one of our bots. Each is a sub-account of the bot's channel;
-- its private chats are the bot channel's conversations with external_chat_id 'business:<connection id>:<chat id>'.
CREATE TABLE telegram_business_connections (
  channel_id integer NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  connection_id text NOT NULL,
  owner_id text NOT NULL,
  owner_name text NOT NULL DEFAULT '',
  owner_username text,
  -- BusinessBotRights as Telegram sent them (only granted rights, each true); a pre-9.0 can_reply is folded in
  rights jsonb NOT NULL DEFAULT '{}'::jsonb,
  is_enabled boolean NOT NULL,
  -- set when Telegram no longer knows the connection ("business connection not found"): the owner removed the bot
  revoked_at timestamptz,
  connected_at timestamptz NOT NULL,
  -- the business_connection update applied last (0: learnt with getBusinessConnection)
  last_update_id bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, connection_id)
);
