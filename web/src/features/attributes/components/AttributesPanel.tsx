// The side panel's attributes (issue 26): the conversation's, then its contact's, edited in place.
import { Anchor, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { patchChat, type Chat } from '../../conversations/index.ts';
import { useSession } from '../../auth/index.ts';
import { errorText } from '../../../lib/errors.ts';
import { saveValues, type AttributeDefinition, type AttributeTarget, type AttributeValue } from '../api/attributes.api.ts';
import { useAttributeDefinitions, useAttributeLabel } from '../hooks/useAttributes.ts';
import { AttributeField } from './AttributeField.tsx';
import '../attributes.locales.ts';

export default function AttributesPanel({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const definitions = useAttributeDefinitions();
  const isAdmin = useSession().data?.role === 'admin';
  const all = definitions.data ?? [];
  const ofConversation = all.filter((definition) => definition.applies_to === 'conversation');
  const ofContact = chat.contact ? all.filter((definition) => definition.applies_to === 'contact') : [];
  if (definitions.isPending) return null;
  if (ofConversation.length + ofContact.length === 0)
    return isAdmin ? (
      <Anchor component={Link} to="/settings/inbox#attributes" size="xs">
        {t('attributes.define')}
      </Anchor>
    ) : null;

  return (
    <Stack gap="sm" data-testid="attributes-panel">
      <Text size="xs" fw={600} tt="uppercase" c="dimmed">
        {t('attributes.title')}
      </Text>
      {ofConversation.length > 0 && (
        <Group title={t('attributes.conversation')} target="conversation" id={chat.id} chat={chat} definitions={ofConversation} />
      )}
      {ofContact.length > 0 && chat.contact && (
        <Group title={t('attributes.contact')} target="contact" id={chat.contact.id} chat={chat} definitions={ofContact} />
      )}
    </Stack>
  );
}

function Group(props: { title: string; target: AttributeTarget; id: number; chat: Chat; definitions: AttributeDefinition[] }) {
  const { target, id, chat } = props;
  const labelOf = useAttributeLabel();
  const queryClient = useQueryClient();
  const [failed, setFailed] = useState<{ key: string; error: unknown } | null>(null);
  const values = (target === 'conversation' ? chat.attributes : chat.contact?.attributes) ?? {};
  const save = useMutation({
    mutationFn: ({ key, value }: { key: string; value: AttributeValue | null }) => saveValues(target, id, { [key]: value }),
    meta: { silent: true },
    onMutate: () => setFailed(null),
    onError: (error, { key }) => setFailed({ key, error }),
    onSuccess: (attributes) =>
      patchChat(queryClient, chat.id, (current) =>
        target === 'conversation'
          ? { ...current, attributes }
          : { ...current, contact: current.contact && { ...current.contact, attributes } },
      ),
  });
  return (
    <Stack gap={6} role="group" aria-label={props.title}>
      <Text size="xs" c="dimmed">
        {props.title}
      </Text>
      {props.definitions.map((definition) => (
        <AttributeField
          key={`${definition.id}:${String(values[definition.key])}`}
          definition={definition}
          label={labelOf(definition)}
          value={values[definition.key]}
          error={failed?.key === definition.key ? errorText(failed.error) : undefined}
          onSave={(value) => save.mutate({ key: definition.key, value })}
        />
      ))}
    </Stack>
  );
}
