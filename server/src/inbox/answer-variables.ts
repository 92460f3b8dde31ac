// Saved answers' variables (issue 26): `{{contact.name}}`, `{{operator.name}}`, `{{contact.attributes.city}}` …
// filled for one conversation and the operator inserting the answer. One pass over the template: a value is
// put in as it is, so a customer who calls themselves "{{operator.name}}" or "<b>" stays exactly that text.
import { answerVariables, attributeVariablePattern, type AnswerVariable, type AttributeValues, type Contact } from '@switchboard/contract';
import { unprocessable, type StaffUser } from '../platform/index.ts';
import { listDefinitions } from './queries/attributes.ts';
import type { InboxDb } from './tables.ts';

const variablePattern = /\{\{\s*([\w.]+)\s*\}\}/g;
const known = new Set<string>(answerVariables);

/** The attribute variables a template may use now: `contact.attributes.city`, … */
export async function attributeVariables(db: InboxDb): Promise<Set<string>> {
  return new Set((await listDefinitions(db)).map((row) => `${row.applies_to}.attributes.${row.key}`));
}

/** Refuses a template naming a variable that does not exist, so a typo never reaches a customer. */
export function checkVariables(template: string, attributes: ReadonlySet<string>): void {
  for (const [, name] of template.matchAll(variablePattern)) {
    if (!known.has(name!) && !attributes.has(name!))
      throw unprocessable(
        `{{${name}}} is not a variable: use ${[...answerVariables, ...attributes].map((variable) => `{{${variable}}}`).join(', ')}.`,
        'unknown_variable',
      );
  }
}

export interface AnswerContext {
  contact: Pick<Contact, 'display_name' | 'first_name' | 'last_name' | 'username' | 'phone' | 'attributes'> | null;
  operator: Pick<StaffUser, 'name' | 'email'>;
  conversation?: { attributes?: AttributeValues };
}

function valueOf(name: AnswerVariable, context: AnswerContext): string {
  const contact = context.contact;
  switch (name) {
    case 'contact.name':
      return contact?.display_name || [contact?.first_name, contact?.last_name].filter(Boolean).join(' ');
    case 'contact.first_name':
      return contact?.first_name ?? '';
    case 'contact.last_name':
      return contact?.last_name ?? '';
    case 'contact.username':
      return contact?.username ? `@${contact.username}` : '';
    case 'contact.phone':
      return contact?.phone ?? '';
    case 'operator.name':
      return context.operator.name || context.operator.email;
  }
}

/** A checkbox reads as ✓ or nothing: the answer's language is the operator's, not ours. */
function attributeText(context: AnswerContext, target: string, key: string): string {
  const value = (target === 'contact' ? context.contact?.attributes : context.conversation?.attributes)?.[key];
  if (value === undefined || value === false) return '';
  return value === true ? '✓' : String(value);
}

/** The template with each variable's value; a value that is not known is empty, an unknown name stays as written. */
export function renderAnswer(template: string, context: AnswerContext): string {
  return template.replace(variablePattern, (whole, name: string) => {
    if (known.has(name)) return valueOf(name as AnswerVariable, context);
    const attribute = attributeVariablePattern.exec(name);
    return attribute ? attributeText(context, attribute[1]!, attribute[2]!) : whole;
  });
}
