-- Field dispatch, part 2 (issue 19): planned visits, comments in the history, calendar feeds.

-- A planned visit: its start and end (end = start + duration; stored so the exclusion below stays immutable).
ALTER TABLE dispatch_jobs ADD COLUMN planned_at timestamptz;
ALTER TABLE dispatch_jobs ADD COLUMN planned_end_at timestamptz;
ALTER TABLE dispatch_jobs ADD CONSTRAINT dispatch_jobs_visit_shape
  CHECK ((planned_at IS NULL AND planned_end_at IS NULL) OR (planned_end_at > planned_at));
-- No two live visits of one measurer overlap, whatever races the bot and the web app run.
-- (int4range over the measurer id keeps this a core-only GiST exclusion, as the clinic's: PGlite has it too.)
ALTER TABLE dispatch_jobs ADD CONSTRAINT dispatch_jobs_no_overlap EXCLUDE USING gist (
  int4range(measurer_id, measurer_id, '[]') WITH &&,
  tstzrange(planned_at, planned_end_at) WITH &&
) WHERE (measurer_id IS NOT NULL AND planned_at IS NOT NULL AND status <> 'cancelled');
CREATE INDEX dispatch_jobs_finished_idx ON dispatch_jobs ((coalesce(completed_at, cancelled_at)))
  WHERE status IN ('completed', 'cancelled');

-- A comment is a history row (event 'comment'); the author's name is kept as written then.
ALTER TABLE dispatch_job_history ADD COLUMN author_name text;

-- One calendar feed per measurer at a secret URL; only the SHA-256 of its token is stored. Deleting revokes it.
CREATE TABLE dispatch_calendar_feeds (
  crew_id integer PRIMARY KEY REFERENCES dispatch_crew (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Each reminder at most once per job and visit time, whichever instance or restart sends it: the row is
-- inserted before sending. for_time is the visit's start (evening, hour) or the job's creation (unassigned).
CREATE TABLE dispatch_reminders (
  job_id integer NOT NULL REFERENCES dispatch_jobs (id) ON DELETE CASCADE,
  -- evening (measurer, the evening before) | hour (measurer, an hour before) | unassigned (admins)
  stage text NOT NULL CHECK (stage IN ('evening', 'hour', 'unassigned')),
  for_time timestamptz NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (job_id, stage, for_time)
);
CREATE INDEX dispatch_jobs_planned_idx ON dispatch_jobs (planned_at) WHERE planned_at IS NOT NULL AND status IN ('assigned', 'in_progress');

-- Photos and documents sent to a job (bytes in the app files store; this is the job's list of them).
CREATE TABLE dispatch_job_files (
  id serial PRIMARY KEY,
  job_id integer NOT NULL REFERENCES dispatch_jobs (id) ON DELETE CASCADE,
  file_id text NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  crew_id integer REFERENCES dispatch_crew (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispatch_job_files_job_idx ON dispatch_job_files (job_id, id);
