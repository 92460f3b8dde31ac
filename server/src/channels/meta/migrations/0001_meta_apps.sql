-- Meta apps (WhatsApp Cloud API, Instagram): the webhook subscription, its verify token and the app secret
-- belong to the app, and one app serves several accounts (phone numbers, Instagram accounts).
CREATE TABLE meta_apps (
  id serial PRIMARY KEY,
  -- the app secret, sealed with the SecretBox; app_secret_lookup is its SHA-256 (base64url) to find the app again
  app_secret_encrypted text NOT NULL,
  app_secret_lookup text NOT NULL UNIQUE,
  verify_token_encrypted text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which account (channel) a Meta app's webhooks are routed to, by the account's id at Meta
-- (WhatsApp: phone_number_id; Instagram: the Instagram account id).
CREATE TABLE meta_app_accounts (
  channel_id integer PRIMARY KEY REFERENCES channels (id) ON DELETE CASCADE,
  meta_app_id integer NOT NULL REFERENCES meta_apps (id) ON DELETE CASCADE,
  product text NOT NULL,
  external_account_id text NOT NULL,
  UNIQUE (product, external_account_id)
);
