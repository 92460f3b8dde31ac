import { Anchor, Button, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { phoneDigits } from '../../../lib/phone.ts';
import { useSession } from '../../auth/index.ts';
import { fillLink, useMessengerFamilies, type MessengerFamily } from '../../channels/index.ts';
import { useEnabledMessengers } from '../../settings/index.ts';
import type { ContactDetails } from '../api/contacts.api.ts';

// Opened by one button: loaded then, so the inbox's contact panel does not carry the dialog.
const MessengerSendDialog = lazy(() => import('./MessengerSendDialog.tsx').then((module) => ({ default: module.MessengerSendDialog })));

type Contact = Pick<ContactDetails, 'display_name' | 'phone' | 'reachability' | 'conversations'>;

/**
 * Seed 000's client-page buttons, the same on the contact page and in the inbox's contact panel, one per messenger
 * whose channel module declares a panel button (GET /api/channels/kinds, contact_links): 'write' opens a send dialog
 * over the contact's private chats with its accounts, a phone link opens click-to-chat with the phone's digits. Each
 * shows only when its messenger is switched on, and says why when it cannot be used.
 */
export function MessengerButtons({ contact, currentChatId }: { contact: Contact; currentChatId?: number }) {
  const { t } = useTranslation();
  const enabled = useEnabledMessengers();
  const families = useMessengerFamilies();
  const isAdmin = useSession().data?.role === 'admin';
  const [sendingIn, setSendingIn] = useState<MessengerFamily | null>(null);
  if (!enabled.data || !families) return null;
  // A messenger that is off: admins get the way to switch it on.
  const explain = (key: string, text: string, switchedOff = false) => (
    <Text key={key} size="xs" c="dimmed">
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
  const chatsIn = (family: MessengerFamily) =>
    contact.conversations.filter(
      (conversation) => family.kinds.includes(conversation.channel.kind) && conversation.chat_type === 'private',
    );

  const buttonOf = (family: MessengerFamily): ReactNode => {
    const panelButton = family.contactLinks?.panelButton;
    const messenger = family.vocabulary.messengerName;
    const key = family.messenger;
    if (!panelButton) return null;
    if (!enabled.data.some((item) => item.type === family.messenger)) return explain(key, t('contacts.messengerOff', { messenger }), true);
    const mark = <MessengerMark type={family.messenger} />;
    if (panelButton === 'write') {
      if (chatsIn(family).length === 0) return explain(key, t('contacts.messengerNoChat', { messenger }));
      return (
        <Button
          key={key}
          variant="filled"
          color="blue"
          leftSection={mark}
          onClick={() => setSendingIn(family)}
          data-testid={`${key}-button`}
        >
          {messenger}
        </Button>
      );
    }
    const href = fillLink(panelButton.phoneLink, { phone_digits: phoneDigits(contact.phone) });
    if (!href) return explain(key, t('contacts.messengerNeedsPhone', { messenger }));
    return (
      <Button
        key={key}
        component="a"
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        variant="light"
        color="green"
        leftSection={mark}
        data-testid={`${key}-button`}
      >
        {messenger}
      </Button>
    );
  };

  const sendingChats = sendingIn ? chatsIn(sendingIn) : [];
  return (
    <Stack gap="xs" data-testid="messenger-buttons">
      {families.map(buttonOf)}
      {sendingIn && (
        <Suspense fallback={null}>
          <MessengerSendDialog
            opened
            onClose={() => setSendingIn(null)}
            contact={contact}
            messenger={sendingIn.vocabulary.messengerName}
            conversations={sendingChats}
            initialChatId={sendingChats.some((conversation) => conversation.id === currentChatId) ? currentChatId : undefined}
          />
        </Suspense>
      )}
    </Stack>
  );
}
