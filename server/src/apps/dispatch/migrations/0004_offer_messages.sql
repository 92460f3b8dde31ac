-- Field dispatch, part 2: which outbox message carried each admin's new-job offer (its measurer buttons), so that
-- once the job is assigned or cancelled, from the bot or the web board, each offer is edited to say so and loses its
-- buttons. One row per admin per job: a reopened job's new offers replace the old ones.
CREATE TABLE dispatch_offers (
  job_id integer NOT NULL REFERENCES dispatch_jobs (id) ON DELETE CASCADE,
  crew_id integer NOT NULL REFERENCES dispatch_crew (id) ON DELETE CASCADE,
  -- delivery's row (the port's id); not a foreign key: the outbox is another part's table
  outbox_id bigint NOT NULL,
  PRIMARY KEY (job_id, crew_id)
);
