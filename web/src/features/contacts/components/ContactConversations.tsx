import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { useChannelKinds, useMessengerFamilies } from '../../channels/index.ts';
import type { ContactDetails } from '../api/contacts.api.ts';
import { displayName } from '../../../lib/safe-display.ts';

/** Each bot that knows the person: the identity, whether the bot can still reach them. */
export function ContactIdentities({ contact }: { contact: ContactDetails }) {
  const { t } = useTranslation();
  const families = useMessengerFamilies();
  const channels = new Map(contact.conversations.map((conversation) => [conversation.channel_id, conversation.channel]));
  return (
    <Stack gap="xs" data-testid="contact-identities">
      {contact.identities.map((identity) => (
        <Group key={`${identity.messenger}:${identity.external_id}`} gap={6} wrap="nowrap">
          <MessengerMark type={identity.messenger} />
          <Text size="sm">
            {t('contacts.identity', {
              messenger:
                families?.find((family) => family.messenger === identity.messenger)?.vocabulary.messengerName ?? identity.messenger,
              id: identity.external_id,
            })}
            {identity.username ? ` · @${identity.username}` : ''}
          </Text>
        </Group>
      ))}
      {[...channels.values()].map((channel) => {
        const state = contact.reachability.find((item) => item.channel_id === channel.id);
        return (
          <Group key={channel.id} gap={6} wrap="nowrap" pl={22}>
            <Text size="xs" c="dimmed">
              {channel.username ? `@${channel.username}` : channel.name}:
            </Text>
            <Badge size="xs" variant="light" color={state && !state.reachable ? 'red' : 'green'} tt="none">
              {state && !state.reachable
                ? t('contacts.unreachable', { reason: state.reason ?? t('contacts.unknownReason') })
                : t('contacts.reachable')}
            </Badge>
          </Group>
        );
      })}
    </Stack>
  );
}

/** The conversations the viewer may see, each opening in the inbox. */
export function ContactConversations({ contact }: { contact: ContactDetails }) {
  const { t, i18n } = useTranslation();
  const kinds = useChannelKinds().data;
  // A bot and a personal account of one messenger show its one mark.
  const messengerOf = (kind: string) => kinds?.find((each) => each.kind === kind)?.messenger ?? kind;
  if (contact.conversations.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('contacts.noConversations')}
      </Text>
    );
  }
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} data-testid="contact-conversations">
      {contact.conversations.map((conversation) => (
        <li key={conversation.id} data-testid="contact-conversation" data-chat-id={conversation.id}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <MessengerMark type={messengerOf(conversation.channel.kind)} />
            <Stack gap={0} style={{ minWidth: 0 }} flex={1}>
              <Group gap={6} wrap="nowrap">
                <Anchor component={Link} to={`/inbox/${conversation.id}`} size="sm" fw={500} className="sb-ellipsis" dir="auto">
                  {displayName(conversation.title || contact.display_name)}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t('contacts.conversationVia', {
                    bot: conversation.channel.username ? `@${conversation.channel.username}` : conversation.channel.name,
                  })}
                </Text>
              </Group>
              {conversation.last_message_preview && (
                <Text size="xs" c="dimmed" className="sb-ellipsis" dir="auto">
                  {conversation.last_message_preview}
                </Text>
              )}
              <Group gap={6}>
                <Badge size="xs" variant="light" color={conversation.status === 'resolved' ? 'gray' : 'blue'} tt="none">
                  {t(`contacts.statuses.${conversation.status}`, { defaultValue: conversation.status })}
                </Badge>
                {conversation.unread_count > 0 && (
                  <Badge size="xs" color="red" tt="none">
                    {t('contacts.unread', { count: conversation.unread_count })}
                  </Badge>
                )}
                {conversation.last_message_at && (
                  <Text size="xs" c="dimmed">
                    {formatDateTime(conversation.last_message_at, i18n.language)}
                  </Text>
                )}
              </Group>
            </Stack>
          </Group>
        </li>
      ))}
    </Stack>
  );
}
