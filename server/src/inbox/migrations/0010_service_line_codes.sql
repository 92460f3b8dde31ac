-- Service lines ("assigned to …", "resolved by …") are stored as a code with parameters
-- (packages/contract/src/service-lines.ts) and rendered in each reader's language; new lines leave `text` empty.
-- Lines written before keep their English text (still shown by anything that reads only `text`) and get
-- the code their sentence stands for, so they too read in the reader's language.
ALTER TABLE messages ADD COLUMN service jsonb;

UPDATE messages
SET service = jsonb_build_object(
  'code', 'assigned',
  'params', jsonb_build_object(
    'to', substring(text FROM '^Assigned to (.*) by [^:]*$'),
    'by', nullif(substring(text FROM '^Assigned to .* by ([^:]*)$'), 'auto-assignment')
  )
)
WHERE kind = 'service' AND sender_kind = 'system' AND text ~ '^Assigned to .* by [^:]*$';

UPDATE messages
SET service = jsonb_build_object(
  'code', 'returned_to_queue',
  'params', jsonb_build_object('by', nullif(substring(text FROM '^Returned to the queue by (.*)$'), 'auto-assignment'))
)
WHERE kind = 'service' AND sender_kind = 'system' AND text ~ '^Returned to the queue by ';

UPDATE messages
SET service = jsonb_build_object(
  'code', CASE WHEN text LIKE 'Resolved by %' THEN 'resolved' ELSE 'reopened' END,
  'params', jsonb_build_object('by', substring(text FROM '^(?:Resolved|Reopened) by (.*)$'))
)
WHERE kind = 'service' AND sender_kind = 'system' AND text ~ '^(Resolved|Reopened) by ';
