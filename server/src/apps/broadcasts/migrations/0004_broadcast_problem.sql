-- A scheduled broadcast that cannot start when due (its segment names a field removed since) goes back to draft;
-- this says why, as an API error code the web app shows in the reader's language. Cleared when it starts.
ALTER TABLE broadcasts ADD COLUMN problem text;
