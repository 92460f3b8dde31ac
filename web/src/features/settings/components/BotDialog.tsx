import { Alert, Badge, Button, Code, Divider, Group, Modal, PasswordInput, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Account, IntakeMode } from '../api/accounts.api.ts';
import { useAccountMutations } from '../hooks/useAccounts.ts';
import { IntakeModeSelect } from './IntakeModeSelect.tsx';
import { statusColors } from './TelegramBots.tsx';
import { WebhookStatus } from './WebhookStatus.tsx';
import { BusinessConnectHint } from '../../business/index.ts';
import { errorText } from '../../../lib/errors.ts';

/** One bot: its token (masked, and where it comes from), "Test", webhook status and its settings. */
export function BotDialog({ bot, onClose }: { bot: Account; onClose(): void }) {
  const { t } = useTranslation();
  const { update, remove, test } = useAccountMutations();
  const [form, setForm] = useState({
    name: bot.name,
    intake_mode: bot.intake_mode,
    welcome_text: bot.welcome_text ?? '',
    is_enabled: bot.is_enabled,
    bot_token: '',
  });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const fromEnv = bot.token_source === 'env';

  const save = (event: FormEvent) => {
    event.preventDefault();
    const changes: Parameters<typeof update.mutate>[0] = { id: bot.id };
    if (form.name.trim() !== bot.name) changes.name = form.name.trim();
    if (form.intake_mode !== bot.intake_mode) changes.intake_mode = form.intake_mode;
    if (form.welcome_text !== (bot.welcome_text ?? '')) changes.welcome_text = form.welcome_text;
    if (form.is_enabled !== bot.is_enabled) changes.is_enabled = form.is_enabled;
    if (form.bot_token.trim()) changes.bot_token = form.bot_token.trim();
    update.mutate(changes, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('bots.saved') });
        onClose();
      },
    });
  };

  const title = bot.bot_username ? `${bot.name} · @${bot.bot_username}` : bot.name;
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <Group gap="xs">
          <Badge color={statusColors[bot.status] ?? 'gray'} variant="light">
            {t(`bots.status.${bot.status}`, { defaultValue: bot.status })}
          </Badge>
          {bot.status_detail && (
            <Text size="xs" c="dimmed" className="sb-message-text">
              {bot.status_detail}
            </Text>
          )}
        </Group>

        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {t('bots.token')}
          </Text>
          <Group gap="xs">
            <Code data-testid="token-masked">{bot.bot_token_masked ?? '—'}</Code>
            <Badge variant="outline" color={fromEnv ? 'violet' : 'blue'} data-testid="token-source">
              {fromEnv ? t('bots.sourceEnv') : t('bots.sourceDatabase')}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {fromEnv ? t('bots.sourceEnvHelp') : t('bots.sourceDatabaseHelp')}
          </Text>
          <Group gap="xs" mt={4}>
            <Button size="xs" variant="light" loading={test.isPending} onClick={() => test.mutate(bot.id)} data-testid="bot-test">
              {t('bots.test')}
            </Button>
          </Group>
          {test.data && (
            <Alert color={test.data.ok ? 'green' : 'red'} role="status" data-testid="bot-test-result">
              {t('bots.testOk', { username: test.data.bot.username, name: test.data.bot.first_name, id: test.data.bot.id })}
            </Alert>
          )}
          {test.error && (
            <Alert color="red" role="alert" data-testid="bot-test-result">
              {errorText(test.error)}
            </Alert>
          )}
        </Stack>

        <WebhookStatus bot={bot} />
        <Suspense fallback={null}>
          <BusinessConnectHint username={bot.bot_username} name={bot.name} />
        </Suspense>
        <Divider />

        <form onSubmit={save} aria-label={t('bots.settingsForm')}>
          <Stack gap="sm">
            {update.error && (
              <Alert color="red" role="alert">
                {errorText(update.error)}
              </Alert>
            )}
            <TextInput
              label={t('bots.name')}
              required
              value={form.name}
              onChange={(event) => setForm({ ...form, name: event.currentTarget.value })}
            />
            {!fromEnv && (
              <PasswordInput
                visibilityToggleButtonProps={{ 'aria-label': t('bots.showToken') }}
                label={t('bots.replaceToken')}
                description={t('bots.replaceTokenHelp')}
                autoComplete="off"
                value={form.bot_token}
                onChange={(event) => setForm({ ...form, bot_token: event.currentTarget.value })}
              />
            )}
            <IntakeModeSelect value={form.intake_mode} onChange={(intake_mode: IntakeMode) => setForm({ ...form, intake_mode })} />
            <Textarea
              label={t('bots.welcome')}
              description={t('bots.welcomeHelp')}
              autosize
              minRows={2}
              maxRows={6}
              value={form.welcome_text}
              onChange={(event) => setForm({ ...form, welcome_text: event.currentTarget.value })}
              data-testid="bot-welcome"
            />
            <Switch
              label={t('bots.enabled')}
              checked={form.is_enabled}
              onChange={(event) => setForm({ ...form, is_enabled: event.currentTarget.checked })}
            />
            <Group justify="space-between" mt="sm">
              {confirmDelete ? (
                <Group gap="xs">
                  <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(bot.id, { onSuccess: onClose })}>
                    {t('bots.confirmDelete')}
                  </Button>
                  <Button variant="default" onClick={() => setConfirmDelete(false)}>
                    {t('common.cancel')}
                  </Button>
                </Group>
              ) : (
                <Button
                  color="red"
                  variant="subtle"
                  onClick={() => setConfirmDelete(true)}
                  disabled={fromEnv}
                  title={fromEnv ? t('bots.envCannotDelete') : undefined}
                >
                  {t('bots.delete')}
                </Button>
              )}
              <Group gap="xs">
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={update.isPending} data-testid="bot-save">
                  {t('common.save')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
