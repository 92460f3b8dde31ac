-- The price list in tiyn (1 ₸ = 100), like invoices: a price with tiyn can be set from the admin pages and the
-- balance no longer converts. The column is renamed so no reader can keep treating it as whole tenge.
ALTER TABLE clinic_services RENAME COLUMN price TO price_minor;
ALTER TABLE clinic_services ALTER COLUMN price_minor TYPE bigint USING price_minor::bigint * 100;
