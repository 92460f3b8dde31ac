-- The conversation list's name search matches group titles as well as
-- contacts: a trigram index lets `title ILIKE '%…%'` skip the table scan.
CREATE INDEX conversations_title_trgm_idx ON conversations USING gin (title gin_trgm_ops);
