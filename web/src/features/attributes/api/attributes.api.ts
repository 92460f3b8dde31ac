// Custom attributes (issue 26): the definitions admins keep, and values on a conversation or a contact.
import type { AttributeDefinition, AttributeTarget, AttributeType, AttributeValue, AttributeValues } from '@switchboard/contract';
import { api, type Page } from '../../../lib/api.ts';

export type { AttributeDefinition, AttributeTarget, AttributeType, AttributeValue, AttributeValues };

export interface DefinitionInput {
  applies_to: AttributeTarget;
  key: string;
  label_ru: string;
  label_en: string;
  type: AttributeType;
  options: string[];
}

export const attributeKeys = { definitions: ['attributes', 'definitions'] as const };

export const fetchDefinitions = () => api.get<Page<AttributeDefinition>>('/api/attributes').then((page) => page.results);
export const createDefinition = (input: DefinitionInput) => api.post<AttributeDefinition>('/api/attributes', input);
export const updateDefinition = (id: number, change: Partial<Pick<DefinitionInput, 'label_ru' | 'label_en' | 'options'>>) =>
  api.patch<AttributeDefinition>(`/api/attributes/${id}`, change);
export const deleteDefinition = (id: number) => api.delete(`/api/attributes/${id}`);

/** Sets values by key; null removes one. Returns the values after the change. */
export function saveValues(target: AttributeTarget, id: number | string, values: Record<string, AttributeValue | null>) {
  const path = target === 'conversation' ? 'chats' : 'contacts';
  return api
    .patch<{ attributes: AttributeValues }>(`/api/${path}/${encodeURIComponent(String(id))}/attributes`, { values })
    .then((answer) => answer.attributes);
}
