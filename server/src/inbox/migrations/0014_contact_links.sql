-- One customer across messengers (issue 24): an operator's "these two are the same person", kept until the
-- pair is merged (the merge deletes the duplicate and with it its links) or unlinked. Stored once per pair,
-- the smaller id first.
CREATE TABLE contact_links (
  contact_id integer NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  other_contact_id integer NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  linked_by integer REFERENCES staff_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contact_id, other_contact_id),
  CHECK (contact_id < other_contact_id)
);
CREATE INDEX contact_links_other_idx ON contact_links (other_contact_id);
-- Contacts that share a phone number: the digits of the profile phone.
CREATE INDEX contacts_phone_digits_idx ON contacts ((regexp_replace(phone, '\D', '', 'g'))) WHERE phone IS NOT NULL;
