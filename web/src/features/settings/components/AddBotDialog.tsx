import { Alert, Button, Group, Modal, PasswordInput, Stack, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntakeMode } from '../api/accounts.api.ts';
import { useAccountMutations } from '../hooks/useAccounts.ts';
import { IntakeModeSelect } from './IntakeModeSelect.tsx';
import { errorText } from '../../../lib/errors.ts';

const empty = { name: '', bot_token: '', intake_mode: 'polling' as IntakeMode, welcome_text: '' };

export function AddBotDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { create } = useAccountMutations();
  const [form, setForm] = useState(empty);
  const close = () => {
    setForm(empty);
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: form.name.trim(),
        bot_token: form.bot_token.trim(),
        intake_mode: form.intake_mode,
        welcome_text: form.welcome_text.trim() || undefined,
      },
      {
        onSuccess: (bot) => {
          notifications.show({ color: 'green', message: t('bots.added', { name: bot.bot_username ? `@${bot.bot_username}` : bot.name }) });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title={t('bots.addTitle')} closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
      <form onSubmit={submit} aria-label={t('bots.addTitle')}>
        <Stack gap="sm">
          {create.error && (
            <Alert color="red" role="alert" title={t('bots.addFailed')}>
              {errorText(create.error)}
            </Alert>
          )}
          <TextInput
            label={t('bots.name')}
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            data-autofocus
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('bots.showToken') }}
            label={t('bots.token')}
            description={t('bots.tokenHelp')}
            required
            autoComplete="off"
            value={form.bot_token}
            onChange={(event) => setForm({ ...form, bot_token: event.currentTarget.value })}
          />
          <IntakeModeSelect value={form.intake_mode} onChange={(intake_mode) => setForm({ ...form, intake_mode })} />
          <Textarea
            label={t('bots.welcome')}
            description={t('bots.welcomeHelp')}
            autosize
            minRows={2}
            maxRows={6}
            value={form.welcome_text}
            onChange={(event) => setForm({ ...form, welcome_text: event.currentTarget.value })}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('bots.addSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
