-- Field dispatch, session 7: AmoCRM's request budget shared by every instance, and each job's contact.

-- AmoCRM allows 7 requests a second per integration, however many instances call it: one bucket row,
-- taken from in one statement per request (amocrm-rate.ts), so instances together keep the pace.
CREATE TABLE dispatch_amocrm_rate (
  id integer PRIMARY KEY CHECK (id = 1),
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The deal's main contact: a contact webhook (a new phone, a new name) updates the open jobs it is on.
ALTER TABLE dispatch_jobs ADD COLUMN amocrm_contact_id bigint;
CREATE INDEX dispatch_jobs_contact_idx ON dispatch_jobs (amocrm_contact_id)
  WHERE amocrm_contact_id IS NOT NULL AND status IN ('pending', 'assigned', 'in_progress');
