// Custom attributes (issue 26): the definitions admins keep, and values on a conversation or a contact.
// The request and answer types are the API contract's (@switchboard/contract, attributes.ts).
import type {
  AttributeDefinition,
  AttributeDefinitionBody,
  AttributeDefinitionList,
  AttributeDefinitionPatch,
  AttributeTarget,
  AttributeValue,
  AttributeValuesBody,
  ChatAttributes,
  ContactAttributes,
} from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

export type { AttributeDefinition, AttributeTarget, AttributeType, AttributeValue, AttributeValues } from '@switchboard/contract';
/** POST /api/attributes's body (the labels and a list's options may be left out). */
export type DefinitionInput = AttributeDefinitionBody;

export const attributeKeys = { definitions: ['attributes', 'definitions'] as const };

export const fetchDefinitions = () => api.get<AttributeDefinitionList>('/api/attributes').then((page) => page.results);
export const createDefinition = (input: DefinitionInput) => api.post<AttributeDefinition>('/api/attributes', input);
export const updateDefinition = (id: number, change: AttributeDefinitionPatch) =>
  api.patch<AttributeDefinition>(`/api/attributes/${id}`, change);
export const deleteDefinition = (id: number) => api.delete(`/api/attributes/${id}`);

/** Sets values by key; null removes one. Returns the values after the change. */
export function saveValues(target: AttributeTarget, id: number | string, values: Record<string, AttributeValue | null>) {
  const path = target === 'conversation' ? 'chats' : 'contacts';
  const body: AttributeValuesBody = { values };
  return api
    .patch<ChatAttributes | ContactAttributes>(`/api/${path}/${encodeURIComponent(String(id))}/attributes`, body)
    .then((answer) => answer.attributes);
}
