// Starting a chat from an account by phone number or @username (POST /api/accounts/:id/chats): the inbox opens the
// conversation at once and the first message goes like a reply, through the delivery queue; the dialog links to it.
import { Alert, Anchor, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../lib/errors.ts';
import { useChannelKind } from '../channels/index.ts';
import { startChat } from './personal-accounts.api.ts';

export function StartChatDialog({
  account,
  opened,
  onClose,
}: {
  account: { id: number | string; name: string; kind?: string };
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<{ name: string; chatId: number } | null>(null);
  // The account's kind caps the first message (the server refuses longer, naming the limit).
  const textLimit = useChannelKind(account.kind ?? '')?.capabilities.text.maxLength;
  const close = () => {
    setTo('');
    setText('');
    setError(null);
    setSentTo(null);
    onClose();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const started = await startChat(account.id, { to: to.trim(), text });
      const { person } = started;
      const name = [person.first_name, person.last_name].filter(Boolean).join(' ') + (person.username ? ` (@${person.username})` : '');
      setSentTo({ name, chatId: started.chat_id });
      setTo('');
      setText('');
    } catch (cause) {
      setError(errorText(cause));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('personalAccounts.startChat.title', { name: account.name })}
      closeButtonProps={{ 'aria-label': t('personalAccounts.close') }}
    >
      <form onSubmit={(event) => void submit(event)} aria-label={t('personalAccounts.startChat.open')}>
        <Stack gap="sm">
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {sentTo && (
            <Alert color="green" role="status">
              {t('personalAccounts.startChat.sent', { name: sentTo.name })}{' '}
              <Anchor component={Link} to={`/inbox/${sentTo.chatId}`} onClick={close} size="sm" data-testid="started-chat-link">
                {t('personalAccounts.startChat.openChat')}
              </Anchor>
            </Alert>
          )}
          <TextInput
            label={t('personalAccounts.startChat.to')}
            description={t('personalAccounts.startChat.toHint')}
            required
            value={to}
            onChange={(event) => setTo(event.currentTarget.value)}
            data-autofocus
          />
          <Textarea
            label={t('personalAccounts.startChat.text')}
            required
            autosize
            minRows={2}
            maxLength={textLimit}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('personalAccounts.startChat.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
