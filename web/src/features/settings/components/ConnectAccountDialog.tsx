// Connecting an account of a kind that declares a connect form (GET /api/channels/kinds: `connect_form`): POST
// /api/accounts with its account_type and one input per credential field, labelled and hinted in the kind's own words
// (its vocabulary's `connect`, `credentialHints`: where to find it in the platform's tools). Secrets are typed, never
// shown back. No messenger is named here: a new kind with a connect form gets this dialog with no change to the web app.
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Account } from '@switchboard/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';
import { fillWords, useVocabularyOf, type ChannelKind } from '../../channels/index.ts';

export function ConnectAccountDialog({ kind, opened, onClose }: { kind: ChannelKind; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const vocabulary = useVocabularyOf(kind);
  const words = vocabulary.connect;
  const fields = kind.connect_form?.fields ?? [];
  const queryClient = useQueryClient();
  const empty = Object.fromEntries(['name', ...fields.map((field) => field.name)].map((name) => [name, ''])) as Record<string, string>;
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: (body: Record<string, string>) => api.post<Account>('/api/accounts/', { ...body, account_type: kind.account_type }),
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
        notifications.show({ color: 'green', message: fillWords(words?.added ?? '{{name}}', { name: account.name }) });
        void queryClient.invalidateQueries({ queryKey: ['messengers'] });
        close();
      },
    });
  };
  const title = words?.title ?? vocabulary.accountName;
  const webhook = kind.connect_form?.webhook_path;
  return (
    <Modal opened={opened} onClose={close} title={title} closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
      <form onSubmit={submit} aria-label={title}>
        <Stack gap="sm">
          {words && (
            <Text size="sm" c="dimmed">
              {fillWords(words.intro, { url: webhook ? `${window.location.origin}${webhook}` : '' })}
            </Text>
          )}
          {create.error && (
            <Alert color="red" role="alert" title={words?.failed}>
              {errorText(create.error)}
            </Alert>
          )}
          <TextInput
            label={t('connectAccount.name')}
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            data-autofocus
          />
          {fields.map((field) => {
            const common = {
              key: field.name,
              label: words?.fieldLabels[field.name] ?? field.name,
              description: vocabulary.credentialHints[field.name],
              required: true,
              autoComplete: 'off',
              value: form[field.name] ?? '',
              onChange: (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field.name]: event.currentTarget.value }),
            };
            return field.secret ? (
              <PasswordInput {...common} visibilityToggleButtonProps={{ 'aria-label': t('connectAccount.showSecret') }} />
            ) : (
              <TextInput {...common} inputMode="numeric" />
            );
          })}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('connectAccount.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
