// No zod here: the web app imports this at run time (@switchboard/contract/answer-variables).
/**
 * The variables a saved answer or a macro's reply may use, written `{{contact.name}}`. Filled from the
 * conversation's contact and the operator who inserts the answer; a value that is not known is left empty.
 */
export const answerVariables = [
  'contact.name',
  'contact.first_name',
  'contact.last_name',
  'contact.username',
  'contact.phone',
  'operator.name',
] as const;
export type AnswerVariable = (typeof answerVariables)[number];

/** A custom attribute's value: `{{contact.attributes.<key>}}` or `{{conversation.attributes.<key>}}` (attributes.ts). */
export const attributeVariablePattern = /^(contact|conversation)\.attributes\.([a-z][a-z0-9_]{0,39})$/;
