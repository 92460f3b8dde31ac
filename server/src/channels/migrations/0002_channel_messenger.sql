-- The messenger family of each account's kind (its channel module's `messenger`),
-- so conversation lists can show and filter by messenger without knowing kinds.
-- The registry writes it on connect and refreshes it from the modules at start.
ALTER TABLE channels ADD COLUMN messenger text NOT NULL DEFAULT '';
