import { Anchor, Button, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { whatsAppLink } from '../../../lib/phone.ts';
import { useSession } from '../../auth/index.ts';
import { useEnabledMessengers } from '../../settings/index.ts';
import { isTelegramKind, type ContactDetails } from '../api/contacts.api.ts';

// Opened by one button: loaded then, so the inbox's contact panel does not carry the dialog.
const MessengerSendDialog = lazy(() => import('./MessengerSendDialog.tsx').then((module) => ({ default: module.MessengerSendDialog })));

/**
 * Seed 000's client-page buttons, the same on the contact page and in the inbox's contact panel:
 * Telegram opens a send dialog, WhatsApp opens wa.me with the phone's digits. Each shows only when
 * its messenger is switched on, and says why when it cannot be used.
 */
export function MessengerButtons({
  contact,
  currentChatId,
}: {
  contact: Pick<ContactDetails, 'display_name' | 'phone' | 'reachability' | 'conversations'>;
  currentChatId?: number;
}) {
  const { t } = useTranslation();
  const enabled = useEnabledMessengers();
  const isAdmin = useSession().data?.role === 'admin';
  const [sending, setSending] = useState(false);
  if (!enabled.data) return null;
  const telegramOn = enabled.data.some((item) => item.type === 'telegram');
  const whatsAppOn = enabled.data.some((item) => item.type === 'whatsapp');
  const telegramChats = contact.conversations.filter(
    (conversation) => isTelegramKind(conversation.channel.kind) && conversation.chat_type === 'private',
  );
  const whatsApp = whatsAppLink(contact.phone);
  // A messenger that is off: admins get the way to switch it on.
  const explain = (text: string, switchedOff = false) => (
    <Text size="xs" c="dimmed">
      {text}
      {isAdmin && switchedOff && (
        <>
          {' '}
          <Anchor component={Link} to="/settings/messengers" size="xs">
            {t('contacts.openSettings')}
          </Anchor>
        </>
      )}
    </Text>
  );

  return (
    <Stack gap="xs" data-testid="messenger-buttons">
      {telegramOn && telegramChats.length > 0 && (
        <Button
          variant="filled"
          color="blue"
          leftSection={<MessengerMark type="telegram" />}
          onClick={() => setSending(true)}
          data-testid="telegram-button"
        >
          {t('contacts.telegram')}
        </Button>
      )}
      {telegramOn && telegramChats.length === 0 && explain(t('contacts.telegramNoChat'))}
      {!telegramOn && explain(t('contacts.telegramOff'), true)}
      {whatsAppOn && whatsApp && (
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
          {t('contacts.whatsApp')}
        </Button>
      )}
      {whatsAppOn && !whatsApp && explain(t('contacts.whatsAppNeedsPhone'))}
      {!whatsAppOn && explain(t('contacts.whatsAppOff'), true)}
      {sending && (
        <Suspense fallback={null}>
          <MessengerSendDialog
            opened
            onClose={() => setSending(false)}
            contact={contact}
            conversations={telegramChats}
            initialChatId={telegramChats.some((conversation) => conversation.id === currentChatId) ? currentChatId : undefined}
          />
        </Suspense>
      )}
    </Stack>
  );
}
