-- Issue 26, the operator's tools: macros (a saved sequence of actions run on one conversation) and
-- alerts when a colleague mentions you in a private note. Saved answers stay in canned_responses;
-- their owner is created_by.
CREATE TABLE macros (
  id serial PRIMARY KEY,
  name text NOT NULL,
  owner_id integer REFERENCES staff_users (id) ON DELETE SET NULL,
  -- [{ "type": "label" | "assign" | "reply" | "note" | "snooze" | "resolve", ... }], checked by the contract's macroBody.
  actions jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX macros_name_key ON macros (lower(name));

ALTER TABLE operator_notification_settings ADD COLUMN mentions boolean NOT NULL DEFAULT true;
