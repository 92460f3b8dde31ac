// Connecting an account that takes several credential fields (POST /api/accounts with its account_type): each field
// with the hint the server's vocabulary gives (where to find it in the platform's tools). Secrets are typed, never
// shown back. The fields, the account type and the strings' key are the caller's; the form is the same for each.
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useChannelVocabulary } from '../channels/index.ts';

export interface ConnectAccountForm {
  /** The kind (GET /api/channels/kinds) whose vocabulary gives the hints, and the account_type posted. */
  kind: string;
  accountType: string;
  fields: readonly string[];
  secretFields: ReadonlySet<string>;
  /** Where the strings are (title, intro, name, a label per field, showSecret, submit, failed, added). */
  strings: string;
  /** The webhook path the intro names (shown as a full URL). */
  webhookPath: string;
}

export function ConnectAccountDialog({ form: spec, opened, onClose }: { form: ConnectAccountForm; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const vocabulary = useChannelVocabulary(spec.kind);
  const queryClient = useQueryClient();
  const empty = Object.fromEntries(['name', ...spec.fields].map((field) => [field, ''])) as Record<string, string>;
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => api.post<{ name: string }>('/api/accounts/', { ...body, account_type: spec.accountType }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['accounts'] }),
    meta: { silent: true },
  });
  const close = () => {
    setForm(empty);
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.trim()]));
    create.mutate(trimmed, {
      onSuccess: (account) => {
        notifications.show({ color: 'green', message: t(`${spec.strings}.added`, { name: account.name }) });
        void queryClient.invalidateQueries({ queryKey: ['messengers'] });
        close();
      },
    });
  };
  const title = t(`${spec.strings}.title`);
  return (
    <Modal opened={opened} onClose={close} title={title} closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
      <form onSubmit={submit} aria-label={title}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t(`${spec.strings}.intro`, { url: `${window.location.origin}${spec.webhookPath}` })}
          </Text>
          {create.error && (
            <Alert color="red" role="alert" title={t(`${spec.strings}.failed`)}>
              {errorText(create.error)}
            </Alert>
          )}
          <TextInput
            label={t(`${spec.strings}.name`)}
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            data-autofocus
          />
          {spec.fields.map((field) => {
            const common = {
              key: field,
              label: t(`${spec.strings}.${field}`),
              description: vocabulary?.credentialHints[field],
              required: true,
              autoComplete: 'off',
              value: form[field] ?? '',
              onChange: (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: event.currentTarget.value }),
            };
            return spec.secretFields.has(field) ? (
              <PasswordInput {...common} visibilityToggleButtonProps={{ 'aria-label': t(`${spec.strings}.showSecret`) }} />
            ) : (
              <TextInput {...common} inputMode="numeric" />
            );
          })}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t(`${spec.strings}.submit`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
