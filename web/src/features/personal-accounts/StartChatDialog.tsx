// Starting a chat from an account by phone number or @username: the first message goes out through the account
// (POST /api/accounts/:id/chats) and the chat reaches the inbox through intake.
import { Alert, Button, Group, Modal, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors.ts';
import { startChat } from './personal-accounts.api.ts';

export function StartChatDialog({
  account,
  opened,
  onClose,
}: {
  account: { id: number | string; name: string };
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
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
      setSentTo([person.first_name, person.last_name].filter(Boolean).join(' ') + (person.username ? ` (@${person.username})` : ''));
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
              {t('personalAccounts.startChat.sent', { name: sentTo })}
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
            maxLength={4096}
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
