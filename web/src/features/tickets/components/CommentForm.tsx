import { ActionIcon, Alert, Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from '../../../components/ui/icons.tsx';
import { useTicketMutations } from '../hooks/useTickets.ts';
import { errorText } from '../../../lib/errors.ts';

interface AttachmentDraft {
  file_name: string;
  url: string;
}

/** A staff comment, with files attached as links (the server keeps attachment metadata, not the files). */
export function CommentForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const { comment } = useTicketMutations(ticketId);
  const [body, setBody] = useState('');
  const [attachments, setAttachments] = useState<AttachmentDraft[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const files = attachments
      .filter((file) => file.file_name.trim() || file.url.trim())
      .map((file) => ({ file_name: file.file_name.trim() || file.url.trim(), ...(file.url.trim() ? { url: file.url.trim() } : {}) }));
    comment.mutate(
      { body, attachments: files.length > 0 ? files : undefined },
      {
        onSuccess: () => {
          setBody('');
          setAttachments([]);
        },
      },
    );
  };
  const change = (index: number, patch: Partial<AttachmentDraft>) =>
    setAttachments(attachments.map((file, at) => (at === index ? { ...file, ...patch } : file)));

  return (
    <form onSubmit={submit} aria-label={t('tickets.ticket.addComment')}>
      <Stack gap="xs">
        {comment.error && (
          <Alert color="red" role="alert">
            {errorText(comment.error)}
          </Alert>
        )}
        <Textarea
          label={t('tickets.ticket.commentLabel')}
          description={t('tickets.ticket.commentHelp')}
          autosize
          minRows={3}
          maxRows={12}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          maxLength={20_000}
        />
        {attachments.map((file, index) => (
          <Group key={index} gap="xs" align="flex-end" wrap="wrap">
            <TextInput
              label={t('tickets.ticket.attachmentName')}
              value={file.file_name}
              onChange={(event) => change(index, { file_name: event.currentTarget.value })}
              flex={1}
              miw={160}
              maxLength={255}
            />
            <TextInput
              label={t('tickets.ticket.attachmentUrl')}
              type="url"
              value={file.url}
              onChange={(event) => change(index, { url: event.currentTarget.value })}
              flex={2}
              miw={200}
              maxLength={2000}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              mb={2}
              aria-label={t('tickets.ticket.removeAttachment')}
              onClick={() => setAttachments(attachments.filter((_, at) => at !== index))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        {attachments.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('tickets.ticket.attachmentsHelp')}
          </Text>
        )}
        <Group justify="space-between">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<PaperclipIcon size={14} />}
            onClick={() => setAttachments([...attachments, { file_name: '', url: '' }])}
            disabled={attachments.length >= 20}
          >
            {t('tickets.ticket.addAttachment')}
          </Button>
          <Button type="submit" loading={comment.isPending} disabled={!body.trim()}>
            {t('tickets.ticket.addComment')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
