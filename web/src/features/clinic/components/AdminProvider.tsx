import { Alert, Button, Group, List, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { fetchProvider, providerKey, saveProvider } from '../admin.api.ts';
import { Failure } from './AdminCatalogueParts.tsx';

const templateNames = ['visit_certificate', 'visit_summary'] as const;

/** The document templates the server fills (document-templates.ts); their letterhead is the business details. */
export function TemplatesPanel() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={720}>
      <Text size="sm" c="dimmed">
        {t('clinicAdmin.templatesHint')}
      </Text>
      <List>
        {templateNames.map((name) => (
          <List.Item key={name}>{t(`clinicAdmin.templates.${name}`)}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** The payment provider and the bot's payments token: secrets are write-only (the server never sends them back). */
export function ProviderPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: providerKey, queryFn: fetchProvider });
  const [form, setForm] = useState({ base_url: '', api_key: '', webhook_secret: '', token: '' });
  const save = useMutation({
    mutationFn: saveProvider,
    onSuccess: (data) => {
      queryClient.setQueryData(providerKey, data);
      setForm({ base_url: '', api_key: '', webhook_secret: '', token: '' });
    },
    meta: { silent: true },
  });
  if (state.error) return <Alert color="red">{errorText(state.error)}</Alert>;
  const provider = state.data?.provider;
  return (
    <Stack gap="md" maw={560}>
      <Text size="sm" c="dimmed">
        {t('clinicAdmin.provider.hint')}
      </Text>
      <Alert color={provider ? 'teal' : 'gray'}>
        {provider ? t('clinicAdmin.provider.current', { url: provider.base_url }) : t('clinicAdmin.provider.none')}
      </Alert>
      <TextInput
        label={t('clinicAdmin.provider.baseUrl')}
        placeholder={provider?.base_url ?? 'https://'}
        value={form.base_url}
        onChange={(event) => setForm({ ...form, base_url: event.currentTarget.value })}
      />
      <PasswordInput
        label={t('clinicAdmin.provider.apiKey')}
        placeholder={provider ? '••••••••' : ''}
        autoComplete="new-password"
        value={form.api_key}
        onChange={(event) => setForm({ ...form, api_key: event.currentTarget.value })}
      />
      <PasswordInput
        label={t('clinicAdmin.provider.webhookSecret')}
        placeholder={provider ? '••••••••' : ''}
        autoComplete="new-password"
        value={form.webhook_secret}
        onChange={(event) => setForm({ ...form, webhook_secret: event.currentTarget.value })}
      />
      <Group>
        <Button
          loading={save.isPending}
          disabled={!form.base_url || !form.api_key || !form.webhook_secret}
          onClick={() =>
            save.mutate({
              provider: { kind: 'gateway', base_url: form.base_url, api_key: form.api_key, webhook_secret: form.webhook_secret },
            })
          }
        >
          {t('clinicAdmin.provider.save')}
        </Button>
        {provider && (
          <Button variant="subtle" color="red" onClick={() => save.mutate({ provider: null })}>
            {t('clinicAdmin.provider.remove')}
          </Button>
        )}
      </Group>
      <Text size="sm">
        {state.data?.bot_payments_token_set ? t('clinicAdmin.provider.botTokenSet') : t('clinicAdmin.provider.botTokenNone')}
      </Text>
      <Group align="end">
        <PasswordInput
          label={t('clinicAdmin.provider.botToken')}
          autoComplete="new-password"
          value={form.token}
          onChange={(event) => setForm({ ...form, token: event.currentTarget.value })}
          w={320}
        />
        <Button variant="light" disabled={!form.token} onClick={() => save.mutate({ bot_payments_token: form.token })}>
          {t('clinicAdmin.provider.saveToken')}
        </Button>
        {state.data?.bot_payments_token_set && (
          <Button variant="subtle" color="red" onClick={() => save.mutate({ bot_payments_token: null })}>
            {t('clinicAdmin.provider.removeToken')}
          </Button>
        )}
      </Group>
      {save.isSuccess && <Alert color="green">{t('clinicAdmin.provider.saved')}</Alert>}
      <Failure error={save.error} />
    </Stack>
  );
}
