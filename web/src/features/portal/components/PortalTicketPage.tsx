import { Alert, Anchor, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { BackIcon } from '../../../components/ui/icons.tsx';
import { ApiError } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import type { TicketComment, TicketStatus, TicketWithComments } from '../api/portal.api.ts';
import { useAddComment, useSetTicketStatus, useTicket } from '../hooks/usePortal.ts';
import { TicketStatusBadge } from './StatusBadges.tsx';
import { displayName, safeHref } from '../../../lib/safe-display.ts';
import { errorText } from '../../../lib/errors.ts';

/** What a client may do with their ticket's status (the server's clientTransitions). */
const clientActions: Record<TicketStatus, Array<{ to: TicketStatus; label: 'close' | 'reopen' }>> = {
  open: [{ to: 'closed', label: 'close' }],
  in_progress: [{ to: 'closed', label: 'close' }],
  resolved: [
    { to: 'open', label: 'reopen' },
    { to: 'closed', label: 'close' },
  ],
  closed: [{ to: 'open', label: 'reopen' }],
};

export function PortalTicketPage() {
  const { t } = useTranslation();
  const id = Number(useParams().ticketId);
  const ticket = useTicket(id);

  return (
    <Stack gap="md" maw={820}>
      <Anchor component={Link} to="/portal" size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
        <BackIcon size={16} />
        {t('portal.ticket.back')}
      </Anchor>
      {(!Number.isInteger(id) || (ticket.error instanceof ApiError && ticket.error.status === 404)) && (
        <Alert color="yellow" role="alert">
          {t('portal.ticket.notFound')}
        </Alert>
      )}
      {ticket.error && !(ticket.error instanceof ApiError && ticket.error.status === 404) && (
        <Alert color="red" role="alert">
          {errorText(ticket.error)}
        </Alert>
      )}
      {ticket.isLoading && <Text c="dimmed">{t('common.loading')}</Text>}
      {ticket.data && <TicketView ticket={ticket.data} />}
    </Stack>
  );
}

function TicketView({ ticket }: { ticket: TicketWithComments }) {
  const { t, i18n } = useTranslation();
  const setStatus = useSetTicketStatus(ticket.id);
  return (
    <>
      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" c="dimmed">
                {t('portal.ticket.number', { id: ticket.id })}
              </Text>
              <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }} data-testid="ticket-subject">
                {ticket.subject}
              </Title>
            </div>
            <TicketStatusBadge status={ticket.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('portal.ticket.opened', { date: formatDateTime(ticket.created_at, i18n.language) })}
            {ticket.assignee_name && ` · ${t('portal.ticket.assignee', { name: ticket.assignee_name })}`}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} c={ticket.description ? undefined : 'dimmed'}>
            {ticket.description || t('portal.ticket.noDescription')}
          </Text>
          {setStatus.error && (
            <Alert color="red" role="alert">
              {errorText(setStatus.error)}
            </Alert>
          )}
          <Group gap="xs">
            {clientActions[ticket.status].map((action) => (
              <Button
                key={action.to}
                size="xs"
                variant="default"
                loading={setStatus.isPending && setStatus.variables === action.to}
                onClick={() => setStatus.mutate(action.to)}
              >
                {t(`portal.ticket.${action.label}`)}
              </Button>
            ))}
          </Group>
        </Stack>
      </Paper>
      <Stack gap="sm" component="section" aria-labelledby="ticket-comments-title">
        <Title order={2} size="h4" id="ticket-comments-title">
          {t('portal.ticket.comments')}
        </Title>
        {ticket.comments.length === 0 && <Text c="dimmed">{t('portal.ticket.noComments')}</Text>}
        {ticket.comments.map((comment) => (
          <CommentCard key={comment.id} comment={comment} />
        ))}
        <CommentForm ticketId={ticket.id} />
      </Stack>
    </>
  );
}

function CommentCard({ comment }: { comment: TicketComment }) {
  const { t, i18n } = useTranslation();
  const mine = comment.author.kind === 'client';
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      ml={mine ? { base: 'md', sm: 'xl' } : 0}
      mr={mine ? 0 : { base: 'md', sm: 'xl' }}
      bg={mine ? 'var(--mantine-primary-color-light)' : undefined}
      data-testid="ticket-comment"
    >
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={600}>
          {mine ? t('portal.ticket.you') : `${comment.author.name} · ${t('portal.ticket.support')}`}
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(comment.created_at, i18n.language)}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="ticket-comment-body">
        {comment.body}
      </Text>
      {comment.attachments?.map((file) =>
        safeHref(file.url) ? (
          <Anchor key={file.file_name} href={safeHref(file.url)} target="_blank" rel="noopener noreferrer" size="sm" display="block">
            {displayName(file.file_name)}
          </Anchor>
        ) : (
          <Text key={file.file_name} size="sm" c="dimmed">
            {displayName(file.file_name)}
          </Text>
        ),
      )}
    </Paper>
  );
}

function CommentForm({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const add = useAddComment(ticketId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(body.trim(), { onSuccess: () => setBody('') });
  };
  return (
    <form onSubmit={submit} aria-label={t('portal.ticket.comment')}>
      <Stack gap="xs">
        {add.error && (
          <Alert color="red" role="alert" title={t('portal.ticket.sendFailed')}>
            {errorText(add.error)}
          </Alert>
        )}
        <Textarea
          label={t('portal.ticket.comment')}
          placeholder={t('portal.ticket.commentPlaceholder')}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={20_000}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && body.trim()) submit(event);
          }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={add.isPending} disabled={!body.trim()}>
            {t('portal.ticket.send')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
