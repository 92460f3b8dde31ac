-- The first message each customer sent to a number (Meta's wamid): WhatsApp has no /start, so that message
-- starts the app flows (registration, the menu) the way /start does on Telegram. Customers known before this
-- migration keep NULL: their first message has passed.
ALTER TABLE whatsapp_service_windows ADD COLUMN first_message_id text;
