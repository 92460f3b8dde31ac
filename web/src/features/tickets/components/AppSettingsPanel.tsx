import { Alert, Button, Card, Loader, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccounts } from '../../settings/index.ts';
import { useEnabledApps } from '../../shell/index.ts';
import type { LinkingSettings, TicketsSettings } from '../api/notifications.api.ts';
import { useAppSettings } from '../hooks/useNotifications.ts';
import { showSuccess } from '../notify.ts';
import { errorText } from '../../../lib/errors.ts';

/** Admin settings of the portal apps: who issues the invoices (PDF), and which bot portal links open. */
export function AppSettingsPanel() {
  const apps = useEnabledApps();
  const enabled = { tickets: apps.isEnabled('tickets'), linking: apps.isEnabled('linking') };
  const settings = useAppSettings(enabled);
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {enabled.tickets &&
        (settings.tickets.data ? (
          <InvoiceIssuerForm key="tickets" initial={settings.tickets.data} />
        ) : (
          <Pending error={settings.tickets.error} />
        ))}
      {enabled.linking &&
        (settings.linking.data ? (
          <LinkingForm key="linking" initial={settings.linking.data} />
        ) : (
          <Pending error={settings.linking.error} />
        ))}
    </SimpleGrid>
  );
}

function Pending({ error }: { error: Error | null }) {
  const { t } = useTranslation();
  return error ? (
    <Alert color="red" role="alert">
      {errorText(error)}
    </Alert>
  ) : (
    <Loader size="sm" aria-label={t('common.loading')} />
  );
}

function InvoiceIssuerForm({ initial }: { initial: TicketsSettings }) {
  const { t } = useTranslation();
  const { saveTickets } = useAppSettings({ tickets: false, linking: false });
  const [form, setForm] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    saveTickets.mutate(form, { onSuccess: () => showSuccess(t('tickets.settings.saved')) });
  };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} aria-label={t('tickets.settings.invoicesTitle')}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('tickets.settings.invoicesTitle')}
          </Title>
          {saveTickets.error && (
            <Alert color="red" role="alert">
              {errorText(saveTickets.error)}
            </Alert>
          )}
          <TextInput
            label={t('tickets.settings.issuer')}
            description={t('tickets.settings.issuerHelp')}
            maxLength={200}
            value={form.business_name}
            onChange={(event) => setForm({ ...form, business_name: event.currentTarget.value })}
          />
          <Textarea
            label={t('tickets.settings.issuerDetails')}
            description={t('tickets.settings.issuerDetailsHelp')}
            autosize
            minRows={3}
            maxRows={8}
            maxLength={1000}
            value={form.business_details}
            onChange={(event) => setForm({ ...form, business_details: event.currentTarget.value })}
          />
          <Button type="submit" w="fit-content" loading={saveTickets.isPending} data-testid="save-tickets-settings">
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function LinkingForm({ initial }: { initial: LinkingSettings }) {
  const { t } = useTranslation();
  const { saveLinking } = useAppSettings({ tickets: false, linking: false });
  const accounts = useAccounts();
  const [form, setForm] = useState(initial);
  const bots = (accounts.data ?? []).map((bot) => ({
    value: String(bot.id),
    label: bot.bot_username ? `${bot.name} · @${bot.bot_username}` : bot.name,
  }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    saveLinking.mutate(form, { onSuccess: () => showSuccess(t('tickets.settings.saved')) });
  };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} aria-label={t('tickets.settings.linkingTitle')}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('tickets.settings.linkingTitle')}
          </Title>
          {saveLinking.error && (
            <Alert color="red" role="alert">
              {errorText(saveLinking.error)}
            </Alert>
          )}
          <Select
            label={t('tickets.settings.bot')}
            description={t('tickets.settings.botHelp')}
            allowDeselect={false}
            data={[{ value: '', label: t('tickets.settings.defaultBot') }, ...bots]}
            value={form.channel_id ? String(form.channel_id) : ''}
            onChange={(value) => setForm({ ...form, channel_id: value ? Number(value) : null })}
          />
          <NumberInput
            label={t('tickets.settings.ttl')}
            description={t('tickets.settings.ttlHelp')}
            min={1}
            max={1440}
            allowDecimal={false}
            value={form.token_ttl_minutes}
            onChange={(value) => setForm({ ...form, token_ttl_minutes: typeof value === 'number' ? value : Number(value) || 0 })}
          />
          <Button type="submit" w="fit-content" loading={saveLinking.isPending} data-testid="save-linking-settings">
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
