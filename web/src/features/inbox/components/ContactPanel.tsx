import type { ReactNode } from 'react';
import { Anchor, Avatar, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { whatsAppLink } from '../../../lib/phone.ts';
import { useEnabledMessengers } from '../../settings/hooks/useMessengers.ts';
import { chatDisplayName } from '../api/chat-cache.ts';
import type { Chat } from '../api/types.ts';

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

/** Who is on the other side, and the seed-000 buttons to reach them in other messengers. */
export function ContactPanel({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const enabled = useEnabledMessengers();
  const contact = chat.contact;
  const name = chatDisplayName(chat);
  const whatsAppEnabled = enabled.data?.some((item) => item.type === 'whatsapp') ?? false;
  const whatsApp = whatsAppLink(contact?.phone);
  const telegramLink = contact?.username ? `https://t.me/${encodeURIComponent(contact.username)}` : null;

  return (
    <Stack gap="md" p="md" component="aside" aria-label={t('contact.panelLabel')} data-testid="contact-panel">
      <Stack align="center" gap={6}>
        <Avatar size={72} radius="xl" color={avatarColor(contact?.id ?? chat.id)}>
          {initials(name)}
        </Avatar>
        <Title order={3} size="h4" ta="center" className="sb-message-text" dir="auto">
          {name}
        </Title>
        {contact?.username && (
          <Text size="sm" c="dimmed">
            @{contact.username}
          </Text>
        )}
      </Stack>
      <Divider />
      <Field label={t('contact.messenger')}>
        <Group gap={6} wrap="nowrap">
          <MessengerMark type={chat.messenger} />
          <span>
            {chat.messenger === 'telegram' ? 'Telegram' : chat.messenger}
            {chat.channel?.username ? ` · @${chat.channel.username}` : chat.channel?.name ? ` · ${chat.channel.name}` : ''}
          </span>
        </Group>
      </Field>
      {contact?.username && (
        <Field label={t('contact.username')}>
          <Anchor href={telegramLink!} target="_blank" rel="noopener noreferrer">
            @{contact.username}
          </Anchor>
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
      <Stack gap="xs">
        {telegramLink && (
          <Button component="a" href={telegramLink} target="_blank" rel="noopener noreferrer" variant="light" color="blue" leftSection={<MessengerMark type="telegram" />}>
            Telegram
          </Button>
        )}
        {whatsAppEnabled &&
          (whatsApp ? (
            <Button
              component="a"
              href={whatsApp}
              target="_blank"
              rel="noopener noreferrer"
              variant="light"
              color="green"
              leftSection={<MessengerMark type="whatsapp" />}
              data-testid="whatsapp-button"
            >
              WhatsApp
            </Button>
          ) : (
            <Text size="xs" c="dimmed">
              {t('contact.whatsAppNeedsPhone')}
            </Text>
          ))}
      </Stack>
    </Stack>
  );
}
