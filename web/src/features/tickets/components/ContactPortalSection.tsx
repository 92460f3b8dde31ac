import { Alert, Button, Card, Grid, Group, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PlusIcon, SendIcon } from '../../../components/ui/icons.tsx';
import { ApiError } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/dates.ts';
import { errorText } from '../../../lib/errors.ts';
import { useSession } from '../../auth/index.ts';
import { asClientLanguage, clientLanguages, type Client } from '../api/clients.api.ts';
import { useClient, useClientMutations } from '../hooks/useClients.ts';
import { showSuccess } from '../notify.ts';
import { ClientInvoices, ClientTickets } from './ClientRecords.tsx';
import { ClientTelegramCard } from './ClientTelegramCard.tsx';
import { InvitationCard } from './InvitationCard.tsx';
import { NewInvoiceDialog } from './NewInvoiceDialog.tsx';
import { NewTicketDialog } from './NewTicketDialog.tsx';
import { SendMessageDialog } from './SendMessageDialog.tsx';
import { PortalStatusBadge } from './StatusBadges.tsx';

/**
 * The client portal's part of a contact's page (a contact extension, registered in app/): portal access (give it,
 * invite or reset the password, switch it off), Telegram notifications, and the person's tickets and invoices.
 * A portal account is keyed by its contact's id, so the contact's id is the client's.
 */
export function ContactPortalSection({ contactId }: { contactId: number }) {
  const { t } = useTranslation();
  const client = useClient(contactId);
  const notClient = client.error instanceof ApiError && client.error.status === 404;
  return (
    <Card withBorder padding="lg" component="section" aria-label={t('tickets.people.section')} data-testid="portal-section">
      <Stack gap="md">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4">
            {t('tickets.people.section')}
          </Title>
          {client.data && <PortalStatusBadge status={client.data.portal_status} />}
        </Group>
        {client.isError && !notClient && (
          <Alert color="red" role="alert">
            {errorText(client.error)}
          </Alert>
        )}
        {notClient && <GivePortalAccess contactId={contactId} />}
        {client.data && <ClientDetails client={client.data} />}
      </Stack>
    </Card>
  );
}

/** No portal account yet: one from this contact (e-mail to sign in with, language of the portal and the PDFs). */
function GivePortalAccess({ contactId }: { contactId: number }) {
  const { t } = useTranslation();
  const { create } = useClientMutations();
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState('ru');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { contact_id: contactId, email: email.trim() || undefined, language: asClientLanguage(language) },
      { onSuccess: () => showSuccess(t('tickets.people.given')) },
    );
  };
  return (
    <form onSubmit={submit} aria-label={t('tickets.people.give')}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('tickets.people.none')}
        </Text>
        {create.error && (
          <Alert color="red" role="alert">
            {errorText(create.error)}
          </Alert>
        )}
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('tickets.newClient.email')}
            description={t('tickets.newClient.emailHelp')}
            type="email"
            maxLength={320}
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            style={{ flex: '1 1 240px' }}
          />
          <LanguageSelect value={language} onChange={setLanguage} inRow />
          <Button type="submit" loading={create.isPending} leftSection={<PlusIcon size={16} />}>
            {t('tickets.people.give')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** `inRow`: beside other fields in a wrapping row (its flex basis is a width there, a height in a column). */
function LanguageSelect({ value, onChange, inRow = false }: { value: string; onChange(value: string): void; inRow?: boolean }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('tickets.newClient.language')}
      allowDeselect={false}
      data={clientLanguages.map((language) => ({ value: language, label: t(`tickets.clients.languages.${language}`) }))}
      value={value}
      onChange={(next) => onChange(next ?? 'ru')}
      style={inRow ? { flex: '1 1 200px' } : undefined}
    />
  );
}

function ClientDetails({ client }: { client: Client }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // Inviting sets the client's portal password: the server lets only admins do it.
  const isAdmin = useSession().data?.role === 'admin';
  const [dialog, setDialog] = useState<'message' | 'ticket' | 'invoice' | null>(null);
  return (
    <>
      <Group gap="xs">
        <Button size="sm" leftSection={<SendIcon size={16} />} onClick={() => setDialog('message')} data-testid="send-message">
          {t('tickets.client.sendMessage')}
        </Button>
        <Button size="sm" variant="light" leftSection={<PlusIcon size={16} />} onClick={() => setDialog('ticket')}>
          {t('tickets.tickets.new')}
        </Button>
        <Button size="sm" variant="light" leftSection={<PlusIcon size={16} />} onClick={() => setDialog('invoice')}>
          {t('tickets.invoices.new')}
        </Button>
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <AccessForm key={client.id} client={client} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            {isAdmin && <InvitationCard client={client} />}
            <ClientTelegramCard clientId={client.id} onSend={() => setDialog('message')} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ClientTickets clientId={client.id} />
      <ClientInvoices clientId={client.id} />
      {dialog === 'message' && <SendMessageDialog client={client} onClose={() => setDialog(null)} />}
      <NewTicketDialog
        opened={dialog === 'ticket'}
        onClose={() => setDialog(null)}
        clientId={client.id}
        onCreated={(ticketId) => void navigate(`/tickets/${ticketId}`)}
      />
      <NewInvoiceDialog opened={dialog === 'invoice'} onClose={() => setDialog(null)} clientId={client.id} />
    </>
  );
}

/** The portal account's own fields (the name and phone are the contact's, edited in its profile). */
function AccessForm({ client }: { client: Client }) {
  const { t, i18n } = useTranslation();
  const { update } = useClientMutations(client.id);
  const [email, setEmail] = useState(client.email ?? '');
  const [language, setLanguage] = useState(client.language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { email: email.trim() || null, language: asClientLanguage(language) },
      { onSuccess: () => showSuccess(t('tickets.client.saved')) },
    );
  };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} aria-label={t('tickets.client.details')}>
        <Stack gap="sm">
          {update.error && (
            <Alert color="red" role="alert">
              {errorText(update.error)}
            </Alert>
          )}
          <TextInput
            label={t('tickets.newClient.email')}
            description={t('tickets.newClient.emailHelp')}
            type="email"
            maxLength={320}
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
          />
          <LanguageSelect value={language} onChange={setLanguage} />
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
            <Button type="submit" loading={update.isPending && update.variables?.is_active === undefined}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
