import { Box, Center, Drawer, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InboxIcon } from '../../../components/ui/icons.tsx';
import { useChat } from '../hooks/useInbox.ts';
import { useInboxParams } from '../hooks/useInboxParams.ts';
import { useOperatorShortcuts } from '../hooks/useOperatorShortcuts.ts';
import { ChatList } from './ChatList.tsx';
import { ContactPanel } from './ContactPanel.tsx';
import { Conversation } from './Conversation.tsx';

const border = '1px solid var(--mantine-color-default-border)';
// The command bar, the help sheet and the macro editor: fetched the first time one opens (the bundle gate).
const OperatorCommands = lazy(() => import('./commands/OperatorCommands.tsx'));

/**
 * Three panes on a wide screen (list, conversation, contact); the contact panel becomes a drawer
 * on a laptop, and on a phone the list and the conversation take the whole screen in turn.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const { chatId, search } = useInboxParams();
  const isPhone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const isWide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  const [contactOpen, setContactOpen] = useState(true);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const chat = useChat(chatId).data;
  const commands = useOperatorShortcuts(chatId, search);

  const showList = !isPhone || !chatId;
  const showConversation = !isPhone || Boolean(chatId);
  const contactInline = isWide && contactOpen && Boolean(chat);

  return (
    <Box h="100%" style={{ display: 'flex', minHeight: 0 }} data-testid="inbox">
      {commands.loaded && (
        <Suspense fallback={null}>
          <OperatorCommands panel={commands.panel} chat={chat} open={commands.open} onClose={commands.close} />
        </Suspense>
      )}
      {showList && (
        <Box
          w={isPhone ? '100%' : 340}
          style={{ borderRight: isPhone ? undefined : border, flexShrink: 0, minHeight: 0 }}
          component="section"
          aria-label={t('inbox.conversations')}
        >
          <ChatList />
        </Box>
      )}
      {showConversation && (
        <Box flex={1} style={{ minWidth: 0, minHeight: 0 }}>
          {chatId ? (
            <Conversation
              chatId={chatId}
              backTo={`/inbox${search}`}
              showBack={isPhone}
              contactVisible={isWide ? contactOpen : drawerOpen}
              onToggleContact={() => (isWide ? setContactOpen((open) => !open) : setDrawerOpen(true))}
            />
          ) : (
            <Center h="100%">
              <Stack align="center" gap="xs" c="dimmed">
                <InboxIcon size={40} />
                <Text>{t('inbox.pickConversation')}</Text>
              </Stack>
            </Center>
          )}
        </Box>
      )}
      {contactInline && chat && (
        <Box w={300} style={{ borderLeft: border, overflowY: 'auto', flexShrink: 0 }}>
          <ContactPanel chat={chat} />
        </Box>
      )}
      {!isWide && chat && (
        <Drawer
          opened={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          position="right"
          size={320}
          title={t('contact.title')}
          closeButtonProps={{ 'aria-label': t('common.close') }}
        >
          <ContactPanel chat={chat} />
        </Drawer>
      )}
    </Box>
  );
}
