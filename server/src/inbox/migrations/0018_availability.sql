-- Issue 26: an operator says whether they are taking conversations. Auto-assignment gives new ones only to
-- operators who are online; busy and offline keep what they hold and stay assignable by hand.
ALTER TABLE operators ADD COLUMN availability text NOT NULL DEFAULT 'online';
ALTER TABLE operators ADD CONSTRAINT operators_availability_known CHECK (availability IN ('online', 'busy', 'offline'));
