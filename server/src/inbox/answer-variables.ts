// Saved answers' variables (issue 26): `{{contact.name}}`, `{{operator.name}}` … filled for one
// conversation and the operator inserting the answer. One pass over the template: a value is put in
// as it is, so a customer who calls themselves "{{operator.name}}" or "<b>" stays exactly that text.
import { answerVariables, type AnswerVariable, type Contact } from '@switchboard/contract';
import { unprocessable, type StaffUser } from '../platform/index.ts';

const variablePattern = /\{\{\s*([\w.]+)\s*\}\}/g;
const known = new Set<string>(answerVariables);

/** Refuses a template naming a variable that does not exist, so a typo never reaches a customer. */
export function checkVariables(template: string): void {
  for (const [, name] of template.matchAll(variablePattern)) {
    if (!known.has(name!))
      throw unprocessable(
        `{{${name}}} is not a variable: use ${answerVariables.map((variable) => `{{${variable}}}`).join(', ')}.`,
        'unknown_variable',
      );
  }
}

export interface AnswerContext {
  contact: Pick<Contact, 'display_name' | 'first_name' | 'last_name' | 'username' | 'phone'> | null;
  operator: Pick<StaffUser, 'name' | 'email'>;
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

/** The template with each variable's value; a value that is not known is empty, an unknown name stays as written. */
export function renderAnswer(template: string, context: AnswerContext): string {
  return template.replace(variablePattern, (whole, name: string) => (known.has(name) ? valueOf(name as AnswerVariable, context) : whole));
}
