-- Failed sign-ins, shared by every instance so the login backoff holds behind a load balancer.
-- The key is a hash of (account, address) or of the address alone: no e-mail or address is stored.
CREATE TABLE login_failures (
  key text PRIMARY KEY,
  count integer NOT NULL,
  last_at timestamptz NOT NULL
);
CREATE INDEX login_failures_last_idx ON login_failures (last_at);
