import { Alert, Anchor, Button, Collapse, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { useMyTickets, useOpenTicket } from '../hooks/usePortal.ts';
import { TicketStatusBadge } from './StatusBadges.tsx';
import { errorText } from '../../../lib/errors.ts';

/** The client's tickets, newest first, and the form that opens a new one. */
export function PortalTickets() {
  const { t, i18n } = useTranslation();
  const tickets = useMyTickets();
  const [formOpen, setFormOpen] = useState(false);
  const items = tickets.data?.pages.flatMap((page) => page.results) ?? [];

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="portal-tickets-title">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id="portal-tickets-title">
            {t('portal.tickets.title')}
          </Title>
          <Button
            size="sm"
            leftSection={<PlusIcon size={16} />}
            variant={formOpen ? 'default' : 'filled'}
            onClick={() => setFormOpen((open) => !open)}
            aria-expanded={formOpen}
          >
            {t('portal.tickets.new')}
          </Button>
        </Group>
        <Collapse expanded={formOpen}>
          <NewTicketForm onDone={() => setFormOpen(false)} />
        </Collapse>
        {tickets.error && (
          <Alert color="red" role="alert">
            {errorText(tickets.error)}
          </Alert>
        )}
        {tickets.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {tickets.data && items.length === 0 && <Text c="dimmed">{t('portal.tickets.empty')}</Text>}
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {items.map((ticket) => (
            <Group
              key={ticket.id}
              component="li"
              justify="space-between"
              wrap="nowrap"
              gap="sm"
              py="xs"
              style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
              data-testid="portal-ticket-row"
            >
              <Stack gap={2} miw={0}>
                <Anchor component={Link} to={`/portal/tickets/${ticket.id}`} fw={500} style={{ overflowWrap: 'anywhere' }}>
                  #{ticket.id} · {ticket.subject}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t('portal.tickets.updated', { date: formatDateTime(ticket.updated_at, i18n.language) })}
                </Text>
              </Stack>
              <TicketStatusBadge status={ticket.status} />
            </Group>
          ))}
        </Stack>
        {tickets.hasNextPage && (
          <Button variant="subtle" onClick={() => void tickets.fetchNextPage()} loading={tickets.isFetchingNextPage}>
            {t('portal.tickets.more')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function NewTicketForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const create = useOpenTicket();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { subject: subject.trim(), description },
      {
        onSuccess: (ticket) => {
          notifications.show({
            color: 'green',
            message: t('portal.tickets.created', { id: ticket.id }),
            closeButtonProps: { 'aria-label': t('common.close') },
          });
          setSubject('');
          setDescription('');
          onDone();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-label={t('portal.tickets.new')}>
      <Stack gap="sm" pb="sm">
        {create.error && (
          <Alert color="red" role="alert" title={t('portal.tickets.createFailed')}>
            {errorText(create.error)}
          </Alert>
        )}
        <TextInput
          label={t('portal.tickets.subject')}
          placeholder={t('portal.tickets.subjectPlaceholder')}
          required
          maxLength={300}
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
        />
        <Textarea
          label={t('portal.tickets.description')}
          placeholder={t('portal.tickets.descriptionPlaceholder')}
          autosize
          minRows={3}
          maxRows={10}
          maxLength={20_000}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending} disabled={!subject.trim()}>
            {t('portal.tickets.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
