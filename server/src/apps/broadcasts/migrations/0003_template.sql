-- The approved template a broadcast sends through an account that starts conversations only with templates
-- (WhatsApp outside the customer's reply window): { "name", "language"?, "parameters": ["name" | "first_name" | "phone", …] }.
ALTER TABLE broadcasts ADD COLUMN template jsonb;
