import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  attributeKeys,
  createDefinition,
  deleteDefinition,
  fetchDefinitions,
  updateDefinition,
  type AttributeDefinition,
  type DefinitionInput,
} from '../api/attributes.api.ts';

/** Every staff user reads the definitions: the side panel, the list filter and the answers' variables use them. */
export function useAttributeDefinitions() {
  return useQuery({ queryKey: attributeKeys.definitions, queryFn: fetchDefinitions, staleTime: 60_000 });
}

/** The label in the interface's language, else the other one (an admin may give only one), else the key. */
export function useAttributeLabel() {
  const { i18n } = useTranslation();
  const russian = i18n.language.startsWith('ru');
  return (definition: AttributeDefinition) =>
    (russian ? definition.label_ru || definition.label_en : definition.label_en || definition.label_ru) || definition.key;
}

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: attributeKeys.definitions });
}

export function useCreateDefinition() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: DefinitionInput) => createDefinition(input), meta: { silent: true }, onSuccess: invalidate });
}

export function useUpdateDefinition() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, change }: { id: number; change: Parameters<typeof updateDefinition>[1] }) => updateDefinition(id, change),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useDeleteDefinition() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (id: number) => deleteDefinition(id), meta: { silent: true }, onSuccess: invalidate });
}
