-- A message the platform reports deleted (a customer deleted it, or the account's owner did on their phone):
-- kept for the record, shown as deleted.
ALTER TABLE messages ADD COLUMN deleted_at timestamptz;
