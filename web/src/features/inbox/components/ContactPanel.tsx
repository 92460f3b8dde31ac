import { lazy, Suspense, type ReactNode } from 'react';
import { Anchor, Avatar, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MessengerMark, SearchIcon, UserIcon } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { ContactNotesEditor } from '../../contacts/index.ts';
import { MessengerButtons } from '../../contacts/index.ts';
import { ProfileNameNote } from '../../contacts/index.ts';
import { useContact } from '../../contacts/index.ts';
import { chatDisplayName } from '../../conversations/index.ts';
import { fillLink, useChannelKind, useChannelVocabulary } from '../../channels/index.ts';
import type { Chat } from '../../conversations/index.ts';

const AttributesPanel = lazy(() => import('./AttributesSlot.tsx'));

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" className="sb-message-text">
        {children}
      </Text>
    </div>
  );
}

/** Who is on the other side: the link to their full page, tags and notes edited in place, and seed 000's messenger buttons. */
export function ContactPanel({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  // Search results link to #message-<id>; the panel sits beside the history on wide screens.
  const contact = chat.contact;
  const details = useContact(contact?.id);
  const name = chatDisplayName(chat);
  const kind = useChannelKind(chat.channel?.kind ?? '');
  const messengerName = useChannelVocabulary(chat.channel?.kind ?? '')?.messengerName ?? chat.messenger;
  // The person's profile page, where the chat's messenger has one (its module's contact_links.profile).
  const profileTemplate = kind?.contact_links?.profile;
  const profileLink = profileTemplate ? fillLink(profileTemplate, { username: contact?.username }) : null;
  const account = chat.channel?.username;

  return (
    <Stack gap="md" p="md" component="aside" aria-label={t('contact.panelLabel')} data-testid="contact-panel">
      <Stack align="center" gap={6}>
        <Avatar size={72} radius="xl" color={avatarColor(contact?.id ?? chat.id)}>
          {initials(name)}
        </Avatar>
        <Title order={3} size="h4" ta="center" className="sb-message-text" dir="auto">
          {name}
        </Title>
        <ProfileNameNote contact={details.data} ta="center" />
        {contact?.username && (
          <Text size="sm" c="dimmed">
            @{contact.username}
          </Text>
        )}
        {contact && (
          <Button
            component={Link}
            to={`/contacts/${contact.id}`}
            variant="subtle"
            size="xs"
            leftSection={<UserIcon size={14} />}
            data-testid="open-contact-page"
          >
            {t('contacts.openContact')}
          </Button>
        )}
      </Stack>
      <Divider />
      <Field label={t('contact.messenger')}>
        <Group gap={6} wrap="nowrap">
          <MessengerMark type={chat.messenger} />
          <span>
            {messengerName}
            {/* A handle gets its "@"; an account known by its phone number ("+7 …") does not. */}
            {account ? ` · ${/^[+\d]/.test(account) ? account : `@${account}`}` : chat.channel?.name ? ` · ${chat.channel.name}` : ''}
          </span>
        </Group>
      </Field>
      {contact?.username && (
        <Field label={t('contact.username')}>
          {profileLink ? (
            <Anchor href={profileLink} target="_blank" rel="noopener noreferrer">
              @{contact.username}
            </Anchor>
          ) : (
            <span>@{contact.username}</span>
          )}
        </Field>
      )}
      <Field label={t('contact.phone')}>
        {contact?.phone ? (
          <Anchor href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</Anchor>
        ) : (
          <Text span c="dimmed" size="sm">
            {t('contact.noPhone')}
          </Text>
        )}
      </Field>
      {chat.chat_type !== 'private' && <Field label={t('contact.chatType')}>{t(`chatTypes.${chat.chat_type}`)}</Field>}
      {contact?.language_code && <Field label={t('contact.language')}>{contact.language_code}</Field>}
      <Suspense fallback={null}>
        <AttributesPanel chat={chat} />
      </Suspense>
      {details.data && (
        <>
          <MessengerButtons contact={details.data} currentChatId={Number(chat.id)} />
          <Divider />
          <Suspense fallback={null}>
            <ContactNotesEditor key={details.data.id} contact={details.data} />
          </Suspense>
        </>
      )}
      <Divider />
      <Button component={Link} to="/search" variant="subtle" size="xs" leftSection={<SearchIcon size={14} />} justify="flex-start">
        {t('contacts.panel.searchMessages')}
      </Button>
    </Stack>
  );
}
