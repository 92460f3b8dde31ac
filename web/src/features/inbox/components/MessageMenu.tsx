// The menu on an operator's own sent message: change its text or delete it for everyone, where the
// conversation's channel can (GET /api/channels/kinds: can_edit_sent / can_delete_sent). Other operators
// see the change through the `message_updated` event.
import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NoteIcon, TrashIcon } from '../../../components/ui/icons.tsx';
import { errorText } from '../../../lib/errors.ts';
import type { Message } from '../../conversations/index.ts';
import { deleteMessage, editMessage } from '../api/message-actions.api.ts';
import '../message-menu.locales.ts';

/**
 * One request at a time with its pending state and error. Not react-query's useMutation: importing it here
 * split a shared chunk out of the inbox bundle, which cost more than this.
 */
function useAction(run: () => Promise<Message>, done: (message: Message) => void) {
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return {
    isPending,
    isError: error !== null,
    error,
    reset: () => setError(null),
    mutate: () => {
      setPending(true);
      setError(null);
      run()
        .then(done, setError)
        .finally(() => setPending(false));
    },
  };
}

export default function MessageMenu({
  message,
  canEdit,
  canDelete,
  onChanged,
}: {
  message: Message;
  canEdit: boolean;
  canDelete: boolean;
  /** Puts the changed message into the conversation's history. */
  onChanged(message: Message): void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [text, setText] = useState(message.text ?? '');
  const save = useAction(
    () => editMessage(message.id, text),
    (updated) => {
      onChanged(updated);
      setEditing(false);
    },
  );
  const remove = useAction(
    () => deleteMessage(message.id),
    (updated) => {
      onChanged(updated);
      setDeleting(false);
    },
  );
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            size="xs"
            variant="subtle"
            color="gray"
            aria-label={t('messageMenu.open')}
            data-testid="message-menu"
            className="sb-message-menu"
          >
            ⋯
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {canEdit && message.kind === 'text' && (
            <Menu.Item
              leftSection={<NoteIcon size={14} />}
              onClick={() => {
                setText(message.text ?? '');
                save.reset();
                setEditing(true);
              }}
            >
              {t('messageMenu.edit')}
            </Menu.Item>
          )}
          {canDelete && (
            <Menu.Item
              color="red"
              leftSection={<TrashIcon size={14} />}
              onClick={() => {
                remove.reset();
                setDeleting(true);
              }}
            >
              {t('messageMenu.delete')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={editing} onClose={() => setEditing(false)} title={t('messageMenu.editTitle')} centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm">
            <Textarea
              value={text}
              onChange={(event) => setText(event.currentTarget.value)}
              autosize
              minRows={2}
              maxRows={10}
              data-autofocus
              aria-label={t('messageMenu.editTitle')}
              data-testid="edit-message-text"
            />
            {save.isError && (
              <Text c="red" size="sm" role="alert">
                {errorText(save.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEditing(false)}>
                {t('messageMenu.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={text.trim() === ''}>
                {t('messageMenu.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title={t('messageMenu.deleteTitle')} centered>
        <Stack gap="sm">
          <Text size="sm">{t('messageMenu.deleteText')}</Text>
          {remove.isError && (
            <Text c="red" size="sm" role="alert">
              {errorText(remove.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              {t('messageMenu.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()} data-testid="confirm-delete">
              {t('messageMenu.confirmDelete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
