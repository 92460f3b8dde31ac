-- Processes alive now; work claimed by a process that stopped beating is taken over.
CREATE TABLE instances (
  id text PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
