-- How a recipient unsubscribed: the button under the message or typed words, counted apart in the stats
-- (link buttons open in the messenger without telling the bot, so no press of theirs is ever counted).
ALTER TABLE broadcast_recipients ADD COLUMN unsubscribed_via text CHECK (unsubscribed_via IN ('button', 'word'));

-- An image or a document sent with the text as its caption: { "file_id", "type": "photo" | "document", "name", "content_type" }
-- (the file is kept through the files port).
ALTER TABLE broadcasts ADD COLUMN media jsonb;
