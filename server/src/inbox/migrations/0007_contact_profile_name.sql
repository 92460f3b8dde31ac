-- A name staff give a contact wins over the messenger's profile name; both are kept.
-- profile_name follows the messenger on every message; display_name follows it only until a person sets one.
ALTER TABLE contacts ADD COLUMN profile_name text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN name_set_by_staff boolean NOT NULL DEFAULT false;
UPDATE contacts SET profile_name = display_name;
