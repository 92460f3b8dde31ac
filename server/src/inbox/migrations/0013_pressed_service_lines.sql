-- A customer's button press was stored as the English line "pressed «X»"; it becomes the service line
-- {code: 'pressed', params: {label}} (packages/contract/src/service-lines.ts), worded in each reader's
-- language, and its text the neutral «X» that new presses store (the list's preview).
UPDATE messages
SET service = jsonb_build_object('code', 'pressed', 'params', jsonb_build_object('label', substring(text FROM '^pressed «(.*)»$'))),
  text = substring(text FROM '^pressed («.*»)$')
WHERE kind = 'service' AND service IS NULL AND text ~ '^pressed «.*»$';
