// Connecting a WhatsApp Business number: the fields of POST /api/accounts with account_type "whatsapp", each
// with the hint the server's vocabulary gives (where to find it in Meta's tools). Secrets are typed, never shown back.
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { useChannelVocabulary } from '../channels/index.ts';

const fields = ['phone_number_id', 'waba_id', 'access_token', 'app_secret', 'verify_token'] as const;
const secretFields = new Set<string>(['access_token', 'app_secret', 'verify_token']);
type Field = (typeof fields)[number];
const empty: Record<'name' | Field, string> = {
  name: '',
  phone_number_id: '',
  waba_id: '',
  access_token: '',
  app_secret: '',
  verify_token: '',
};

export function AddWhatsAppDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const vocabulary = useChannelVocabulary('whatsapp');
  const queryClient = useQueryClient();
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: (body: typeof empty) => api.post<{ name: string }>('/api/accounts/', { ...body, account_type: 'whatsapp' }),
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
    const trimmed = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, value.trim()])) as typeof empty;
    create.mutate(trimmed, {
      onSuccess: (account) => {
        notifications.show({ color: 'green', message: t('whatsappAccounts.added', { name: account.name }) });
        close();
      },
    });
  };
  const webhookUrl = `${window.location.origin}/webhooks/whatsapp`;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('whatsappAccounts.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      size="lg"
    >
      <form onSubmit={submit} aria-label={t('whatsappAccounts.title')}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('whatsappAccounts.intro', { url: webhookUrl })}
          </Text>
          {create.error && (
            <Alert color="red" role="alert" title={t('whatsappAccounts.failed')}>
              {errorText(create.error)}
            </Alert>
          )}
          <TextInput
            label={t('whatsappAccounts.name')}
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            data-autofocus
          />
          {fields.map((field) => {
            const common = {
              key: field,
              label: t(`whatsappAccounts.${field}`),
              description: vocabulary?.credentialHints[field],
              required: true,
              autoComplete: 'off',
              value: form[field],
              onChange: (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: event.currentTarget.value }),
            };
            return secretFields.has(field) ? (
              <PasswordInput {...common} visibilityToggleButtonProps={{ 'aria-label': t('whatsappAccounts.showSecret') }} />
            ) : (
              <TextInput {...common} inputMode="numeric" />
            );
          })}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('whatsappAccounts.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
