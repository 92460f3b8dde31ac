-- Reactions on a message, as each reactor now has them: [{ emoji, by: 'client' | 'account', name }]. The account's
-- are one set whether its owner or an operator set them. Kept on the row: they are read with the message.
ALTER TABLE messages ADD COLUMN reactions jsonb;
