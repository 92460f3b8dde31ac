-- Each operator's own alerts for new customer messages (issue 26): in their conversations, in the
-- unassigned queue, and whether a sound plays. No row means the defaults (all on).
CREATE TABLE operator_notification_settings (
  staff_id integer PRIMARY KEY REFERENCES staff_users (id) ON DELETE CASCADE,
  mine boolean NOT NULL DEFAULT true,
  queue boolean NOT NULL DEFAULT true,
  sound boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
