import { Alert, Anchor, Button, Card, Grid, Group, Loader, Stack, Switch, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { BackIcon, PlusIcon, SendIcon } from '../../../components/ui/icons.tsx';
import { formatDateTime } from '../../../lib/dates.ts';
import { useSession } from '../../auth/index.ts';
import type { Client } from '../api/clients.api.ts';
import { useClient, useClientMutations } from '../hooks/useClients.ts';
import { useInvoices } from '../hooks/useInvoices.ts';
import { useTickets } from '../hooks/useTickets.ts';
import { ClientFields } from './ClientFields.tsx';
import { ClientTelegramCard } from './ClientTelegramCard.tsx';
import { InvitationCard } from './InvitationCard.tsx';
import { InvoicesTable } from './InvoicesTable.tsx';
import { NewInvoiceDialog } from './NewInvoiceDialog.tsx';
import { NewTicketDialog } from './NewTicketDialog.tsx';
import { PageFrame, QueryState } from './PageFrame.tsx';
import { SendMessageDialog } from './SendMessageDialog.tsx';
import { PortalStatusBadge } from './StatusBadges.tsx';
import { TicketsTable } from './TicketsTable.tsx';
import { showSuccess } from '../notify.ts';
import { errorText } from '../../../lib/errors.ts';

/** One portal client: details, invitation, Telegram (with "Send message"), their tickets and invoices. */
export function ClientPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().clientId);
  const client = useClient(id);
  // Inviting sets the client's portal password: the server lets only admins do it.
  const isAdmin = useSession().data?.role === 'admin';
  const [dialog, setDialog] = useState<'message' | 'ticket' | 'invoice' | null>(null);

  if (client.isPending) return <PageFrame title={<Loader size="sm" aria-label={t('common.loading')} />}>{null}</PageFrame>;
  if (client.isError)
    return (
      <PageFrame title={t('tickets.clients.title')} actions={<BackToClients />}>
        <Alert color="red" role="alert">
          {errorText(client.error)}
        </Alert>
      </PageFrame>
    );
  const data = client.data;

  return (
    <PageFrame
      title={<span data-testid="client-name">{data.display_name}</span>}
      subtitle={<PortalStatusBadge status={data.portal_status} />}
      actions={
        <>
          <BackToClients />
          <Button leftSection={<SendIcon size={16} />} onClick={() => setDialog('message')} data-testid="send-message">
            {t('tickets.client.sendMessage')}
          </Button>
          <Button variant="light" leftSection={<PlusIcon size={16} />} onClick={() => setDialog('ticket')}>
            {t('tickets.tickets.new')}
          </Button>
          <Button variant="light" leftSection={<PlusIcon size={16} />} onClick={() => setDialog('invoice')}>
            {t('tickets.invoices.new')}
          </Button>
        </>
      }
    >
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DetailsCard key={data.id} client={data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {isAdmin && <InvitationCard client={data} />}
            <ClientTelegramCard clientId={data.id} onSend={() => setDialog('message')} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ClientTickets clientId={data.id} />
      <ClientInvoices clientId={data.id} />
      {dialog === 'message' && <SendMessageDialog client={data} onClose={() => setDialog(null)} />}
      <NewTicketDialog
        opened={dialog === 'ticket'}
        onClose={() => setDialog(null)}
        clientId={data.id}
        onCreated={(ticketId) => void navigate(`/tickets/${ticketId}`)}
      />
      <NewInvoiceDialog opened={dialog === 'invoice'} onClose={() => setDialog(null)} clientId={data.id} />
    </PageFrame>
  );
}

function BackToClients() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/clients" variant="subtle" leftSection={<BackIcon size={14} />}>
      {t('tickets.clients.title')}
    </Button>
  );
}

function DetailsCard({ client }: { client: Client }) {
  const { t, i18n } = useTranslation();
  const { update } = useClientMutations(client.id);
  const [form, setForm] = useState({
    name: client.display_name,
    email: client.email ?? '',
    phone: client.phone ?? '',
    language: client.language,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { name: form.name.trim(), email: form.email.trim() || null, phone: form.phone.trim() || null, language: form.language },
      { onSuccess: () => showSuccess(t('tickets.client.saved')) },
    );
  };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} aria-label={t('tickets.client.details')}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('tickets.client.details')}
          </Title>
          {update.error && (
            <Alert color="red" role="alert">
              {errorText(update.error)}
            </Alert>
          )}
          <ClientFields form={form} onChange={setForm} />
          <Switch
            label={t('tickets.client.portalAccess')}
            description={t('tickets.client.portalAccessHelp')}
            checked={client.is_active}
            disabled={update.isPending}
            onChange={(event) => update.mutate({ is_active: event.currentTarget.checked })}
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {client.last_login_at
                ? t('tickets.client.lastLogin', { date: formatDateTime(client.last_login_at, i18n.language) })
                : t('tickets.client.neverSignedIn')}
            </Text>
            <Button type="submit" loading={update.isPending && update.variables?.is_active === undefined} disabled={!form.name.trim()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function ClientTickets({ clientId }: { clientId: number }) {
  const { t } = useTranslation();
  const tickets = useTickets({ client_id: clientId });
  const rows = tickets.data?.pages[0]?.results ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={t('tickets.client.tickets')}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('tickets.client.tickets')}
        </Title>
        <Anchor component={Link} to={`/tickets?client_id=${clientId}`} size="sm">
          {t('tickets.client.allTickets')}
        </Anchor>
      </Group>
      <QueryState isPending={tickets.isPending} error={tickets.error} isEmpty={rows.length === 0} empty={t('tickets.client.noTickets')} />
      {rows.length > 0 && <TicketsTable tickets={rows} showClient={false} />}
    </Stack>
  );
}

function ClientInvoices({ clientId }: { clientId: number }) {
  const { t } = useTranslation();
  const invoices = useInvoices({ client_id: clientId });
  const rows = invoices.data?.pages[0]?.results ?? [];
  return (
    <Stack gap="xs" component="section" aria-label={t('tickets.client.invoices')}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('tickets.client.invoices')}
        </Title>
        <Anchor component={Link} to={`/invoices?client_id=${clientId}`} size="sm">
          {t('tickets.client.allInvoices')}
        </Anchor>
      </Group>
      <QueryState
        isPending={invoices.isPending}
        error={invoices.error}
        isEmpty={rows.length === 0}
        empty={t('tickets.client.noInvoices')}
      />
      {rows.length > 0 && <InvoicesTable invoices={rows} showClient={false} />}
    </Stack>
  );
}
