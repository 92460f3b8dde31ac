import { Alert, Anchor, Button, Card, Grid, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { BackIcon, PaperclipIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { nextStatuses, type TicketComment, type TicketStatus } from '../api/tickets.api.ts';
import { useTeammates, useTicket, useTicketMutations } from '../hooks/useTickets.ts';
import { CommentForm } from './CommentForm.tsx';
import { PageFrame } from './PageFrame.tsx';
import { TicketStatusBadge } from './StatusBadges.tsx';
import { displayName, safeHref } from '../../../lib/safe-display.ts';
import { errorText } from '../../../lib/errors.ts';

/** One ticket: its description and comments, status transitions and the assignee. */
export function TicketPage() {
  const { t, i18n } = useTranslation();
  const id = Number(useParams().ticketId);
  const ticket = useTicket(id);
  const teammates = useTeammates();
  const { update } = useTicketMutations(id);

  if (ticket.isPending) return <PageFrame title={<Loader size="sm" aria-label={t('common.loading')} />}>{null}</PageFrame>;
  if (ticket.isError)
    return (
      <PageFrame title={t('tickets.tickets.title')}>
        <Alert color="red" role="alert">
          {errorText(ticket.error)}
        </Alert>
        <BackToTickets />
      </PageFrame>
    );

  const data = ticket.data;
  // The badge changing is the confirmation; a toast per step would cover the panel.
  const move = (status: TicketStatus) => update.mutate({ status });
  const assignees = (teammates.data ?? [])
    .filter((user) => user.is_active || user.id === data.assignee_id)
    .map((user) => ({ value: String(user.id), label: user.name }));
  if (data.assignee_id && !assignees.some((option) => option.value === String(data.assignee_id)))
    assignees.push({ value: String(data.assignee_id), label: data.assignee_name ?? `#${data.assignee_id}` });

  return (
    <PageFrame
      title={
        <>
          <Text span c="dimmed" inherit>
            #{data.id}{' '}
          </Text>
          <span data-testid="ticket-subject">{data.subject}</span>
        </>
      }
      subtitle={
        <>
          <Anchor component={Link} to={`/contacts/${data.client_id}`} size="sm">
            {displayName(data.client_name)}
          </Anchor>
          {' · '}
          {t('tickets.ticket.openedBy', {
            who: data.created_by.kind === 'client' ? t('tickets.ticket.byClient') : t('tickets.ticket.byStaff'),
            date: formatDateTime(data.created_at, i18n.language),
          })}
        </>
      }
      actions={<BackToTickets />}
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack gap="lg">
            <Card withBorder padding="md">
              <Text fw={600} size="sm" mb={6}>
                {t('tickets.ticket.description')}
              </Text>
              <Text size="sm" className="sb-message-text" c={data.description ? undefined : 'dimmed'}>
                {data.description || t('tickets.ticket.noDescription')}
              </Text>
            </Card>
            <Stack gap="sm" component="section" aria-label={t('tickets.ticket.comments')}>
              <Title order={2} size="h4">
                {t('tickets.ticket.comments')}
              </Title>
              {data.comments.length === 0 && (
                <Text c="dimmed" size="sm">
                  {t('tickets.ticket.noComments')}
                </Text>
              )}
              {data.comments.map((comment) => (
                <CommentCard key={comment.id} comment={comment} />
              ))}
              <CommentForm ticketId={id} />
            </Stack>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack gap="md">
            <Card withBorder padding="md">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Text fw={600} size="sm">
                    {t('tickets.ticket.statusLabel')}
                  </Text>
                  <TicketStatusBadge status={data.status} />
                </Group>
                <Text size="xs" c="dimmed">
                  {t('tickets.ticket.moveTo')}
                </Text>
                <Group gap="xs" role="group" aria-label={t('tickets.ticket.moveTo')}>
                  {nextStatuses[data.status].map((status) => (
                    <Button
                      key={status}
                      size="xs"
                      variant={status === 'closed' || status === 'open' ? 'default' : 'light'}
                      loading={update.isPending && update.variables?.status === status}
                      onClick={() => move(status)}
                      data-testid={`move-${status}`}
                    >
                      {t(`tickets.move.${status}`)}
                    </Button>
                  ))}
                </Group>
                {update.error && (
                  <Alert color="red" role="alert">
                    {errorText(update.error)}
                  </Alert>
                )}
                <Select
                  label={t('tickets.ticket.assignee')}
                  placeholder={t('tickets.tickets.unassigned')}
                  clearable
                  data={assignees}
                  value={data.assignee_id ? String(data.assignee_id) : null}
                  onChange={(value) => update.mutate({ assignee_id: value ? Number(value) : null })}
                />
              </Stack>
            </Card>
            <Text size="xs" c="dimmed">
              {t('tickets.updated')}: {formatDateTime(data.updated_at, i18n.language)}
            </Text>
          </Stack>
        </Grid.Col>
      </Grid>
    </PageFrame>
  );
}

function BackToTickets() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/tickets" variant="subtle" size="xs" leftSection={<BackIcon size={14} />}>
      {t('tickets.tickets.title')}
    </Button>
  );
}

function CommentCard({ comment }: { comment: TicketComment }) {
  const { t, i18n } = useTranslation();
  const fromClient = comment.author.kind === 'client';
  return (
    <Paper withBorder p="sm" radius="md" data-testid="ticket-comment" bg={fromClient ? undefined : 'var(--mantine-color-default-hover)'}>
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Text size="sm" fw={600}>
          {comment.author.name}{' '}
          <Text span size="xs" c="dimmed" fw={400}>
            · {fromClient ? t('tickets.ticket.client') : t('tickets.ticket.staff')}
          </Text>
        </Text>
        <Text size="xs" c="dimmed">
          {formatDateTime(comment.created_at, i18n.language)}
        </Text>
      </Group>
      <Text size="sm" className="sb-message-text" data-testid="comment-body">
        {comment.body}
      </Text>
      {comment.attachments.length > 0 && (
        <Stack gap={2} mt={6} aria-label={t('tickets.ticket.attachments')}>
          {comment.attachments.map((file, index) => (
            <Group key={index} gap={4} wrap="nowrap">
              <PaperclipIcon size={14} />
              {safeHref(file.url) ? (
                <Anchor href={safeHref(file.url)} target="_blank" rel="noopener noreferrer" size="sm" className="sb-ellipsis">
                  {displayName(file.file_name)}
                </Anchor>
              ) : (
                <Text size="sm" className="sb-ellipsis">
                  {displayName(file.file_name)}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
