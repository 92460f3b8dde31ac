import { Alert, Anchor, Button, Group, Loader, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Client } from '../api/clients.api.ts';
import { useClientMutations, useClientTelegram } from '../hooks/useClients.ts';
import { telegramName } from './ClientTelegramCard.tsx';
import { errorText } from '../../../lib/errors.ts';
import { useChannelKind } from '../../channels/index.ts';

/** seed 001's "💬 Telegram" dialog: whether the client is connected, the message, and where it landed. */
export function SendMessageDialog({ client, onClose }: { client: Client; onClose(): void }) {
  const { t } = useTranslation();
  const status = useClientTelegram(client.id);
  const { send } = useClientMutations(client.id);
  const [message, setMessage] = useState('');
  const connected = status.data?.connected === true;
  // The bot's own text limit, from its kind's capabilities; the field has none until they load.
  const textLimit = useChannelKind(status.data?.channel_kind ?? '')?.capabilities.text.maxLength;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(message.trim(), { onSuccess: () => setMessage('') });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('tickets.sendMessage.title', { name: client.display_name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} aria-label={t('tickets.client.sendMessage')}>
        <Stack gap="sm">
          {status.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
          {status.error && (
            <Alert color="red" role="alert">
              {errorText(status.error)}
            </Alert>
          )}
          {status.data &&
            (connected ? (
              <Alert color="green" variant="light" data-testid="send-connected">
                {t('tickets.sendMessage.connected', { who: telegramName(status.data), bot: status.data.bot_username ?? '?' })}
              </Alert>
            ) : (
              <Alert color="orange" variant="light" data-testid="send-not-connected">
                {t('tickets.sendMessage.notConnected')}
              </Alert>
            ))}
          {send.error && (
            <Alert color="red" role="alert">
              {errorText(send.error)}
            </Alert>
          )}
          {send.data && (
            <Alert color="green" role="status" data-testid="send-result">
              <Stack gap={4}>
                <Text size="sm">{send.data.chat_id !== null ? t('tickets.sendMessage.sent') : t('tickets.sendMessage.queued')}</Text>
                {send.data.chat_id !== null && (
                  <Anchor component={Link} to={`/inbox/${send.data.chat_id}`} size="sm" fw={600} data-testid="open-conversation">
                    {t('tickets.sendMessage.openConversation')}
                  </Anchor>
                )}
              </Stack>
            </Alert>
          )}
          <Textarea
            label={t('tickets.sendMessage.message')}
            autosize
            minRows={3}
            maxRows={10}
            maxLength={textLimit}
            disabled={!connected}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.close')}
            </Button>
            <Button type="submit" loading={send.isPending} disabled={!connected || !message.trim()}>
              {t('tickets.sendMessage.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
