-- Field dispatch (issue 18, seed 003): AmoCRM deals become measurement jobs that a Telegram crew runs.

-- The crew: Telegram users with a dispatch role (not staff logins), joined through an invite link.
CREATE TABLE dispatch_crew (
  id serial PRIMARY KEY,
  channel_id integer NOT NULL,
  telegram_user_id text NOT NULL,
  chat_id text NOT NULL,
  name text NOT NULL,
  username text,
  -- ru | en, from the Telegram client's language at joining
  language text NOT NULL DEFAULT 'ru',
  role text NOT NULL CHECK (role IN ('admin', 'measurer', 'manager')),
  -- a manager's AmoCRM user id: deals whose responsible_user_id is this are theirs
  amocrm_user_id bigint,
  active boolean NOT NULL DEFAULT true,
  joined_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel_id, telegram_user_id)
);
CREATE INDEX dispatch_crew_manager_idx ON dispatch_crew (amocrm_user_id) WHERE role = 'manager';

-- Invite links per role; only the SHA-256 of the token is stored.
CREATE TABLE dispatch_invites (
  token_hash text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('admin', 'measurer', 'manager')),
  channel_id integer NOT NULL,
  created_by integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by integer REFERENCES dispatch_crew (id) ON DELETE SET NULL
);

-- Seed 003's Measurement. One job per AmoCRM deal, whatever retries and concurrent deliveries do.
CREATE TABLE dispatch_jobs (
  id serial PRIMARY KEY,
  amocrm_lead_id bigint NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'assigned', 'in_progress', 'completed', 'cancelled')),
  lead_name text,
  client_name text,
  client_phone text,
  address text,
  pipeline_id bigint,
  amocrm_status_id bigint,
  responsible_user_id bigint,
  measurer_id integer REFERENCES dispatch_crew (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  assigned_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  -- the write-back to AmoCRM after completion: null (none due), pending, done, failed
  writeback text CHECK (writeback IN ('pending', 'done', 'failed'))
);
CREATE INDEX dispatch_jobs_status_idx ON dispatch_jobs (status, created_at DESC);
CREATE INDEX dispatch_jobs_measurer_idx ON dispatch_jobs (measurer_id, status);
CREATE INDEX dispatch_jobs_responsible_idx ON dispatch_jobs (responsible_user_id);

-- Every change of a job, with who and when; notes (a contact without a phone, a deal AmoCRM lost) too.
CREATE TABLE dispatch_job_history (
  id serial PRIMARY KEY,
  job_id integer NOT NULL REFERENCES dispatch_jobs (id) ON DELETE CASCADE,
  event text NOT NULL,
  from_status text,
  to_status text,
  measurer_id integer REFERENCES dispatch_crew (id),
  -- crew (a Telegram user), staff (the web app), amocrm (a webhook), system
  actor_kind text NOT NULL CHECK (actor_kind IN ('crew', 'staff', 'amocrm', 'system')),
  actor_id integer,
  note text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispatch_job_history_job_idx ON dispatch_job_history (job_id, id);

-- The AmoCRM OAuth pair, sealed with the app secret; one row, locked while a refresh runs (every instance).
CREATE TABLE dispatch_amocrm_auth (
  id integer PRIMARY KEY CHECK (id = 1),
  access_token text,
  refresh_token text,
  expires_at timestamptz,
  state text NOT NULL DEFAULT 'unconfigured' CHECK (state IN ('unconfigured', 'ok', 'needs_reauthorization')),
  last_error text,
  -- which AMOCRM_REFRESH_TOKEN the environment seeded (its hash): a new value in the environment replaces the pair
  seeded_from text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO dispatch_amocrm_auth (id) VALUES (1);
