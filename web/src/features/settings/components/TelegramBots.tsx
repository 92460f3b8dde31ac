import { Alert, Badge, Button, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import type { Account } from '../api/accounts.api.ts';
import type { MessengerSetting } from '../api/messengers.api.ts';
import { useIntakeHealth } from '../../system/index.ts';
import { useAccounts } from '../hooks/useAccounts.ts';
import { SubAccountList } from '../../business/index.ts';
import { AddBotDialog } from './AddBotDialog.tsx';
import { AccountHealthPanel, AddPersonalAccountWizard, PersonalAccountsList } from '../../personal-accounts/index.ts';
import { BotDialog } from './BotDialog.tsx';
import { errorText } from '../../../lib/errors.ts';

export const statusColors: Record<Account['status'], string> = {
  created: 'gray',
  authenticating: 'yellow',
  active: 'green',
  error: 'red',
  stopped: 'gray',
};

/** Telegram's card: the bots, each opening its dialog, and "Add bot". */
export function TelegramBots({ setting }: { setting: MessengerSetting }) {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const intakeHealth = useIntakeHealth();
  const [openId, setOpenId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [addingPersonal, setAddingPersonal] = useState(false);
  // Other messengers' accounts (a phone number, a professional account) are on their own cards.
  const own = (accounts.data ?? []).filter((account) => account.messenger === setting.type);
  const bots = own.filter((account) => account.account_type !== 'user');
  const personal = own.filter((account) => account.account_type === 'user');
  const open = accounts.data?.find((bot) => String(bot.id) === openId);

  return (
    <Stack gap="xs">
      {setting.token_source === 'env' && (
        <Text size="xs" c="dimmed">
          {t('bots.envDefault', { token: setting.api_token_masked ?? '' })}
        </Text>
      )}
      <Text size="sm" fw={600}>
        {t('bots.title')}
      </Text>
      {accounts.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {accounts.isError && (
        <Alert color="red" role="alert">
          {errorText(accounts.error)}
        </Alert>
      )}
      {accounts.isSuccess && bots.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('bots.none')}
        </Text>
      )}
      <Stack gap={6} role="list" aria-label={t('bots.title')}>
        {bots.map((bot) => (
          <Stack key={String(bot.id)} gap={4} role="listitem">
            <UnstyledButton
              onClick={() => setOpenId(String(bot.id))}
              aria-label={t('bots.open', { name: bot.name })}
              data-testid="bot-row"
              p="xs"
              style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500} className="sb-ellipsis">
                    {bot.name}
                    {bot.is_default ? ` · ${t('bots.default')}` : ''}
                  </Text>
                  <Text size="xs" c="dimmed" className="sb-ellipsis">
                    {bot.bot_username ? `@${bot.bot_username}` : t('bots.usernameUnknown')} · {t(`bots.intake.${bot.intake_mode}`)}
                  </Text>
                  {intakeHealth.get(String(bot.id))?.status === 'degraded' && (
                    <Text size="xs" c="red" data-testid="bot-degraded">
                      {t('system.degradedOnCard', { reason: intakeHealth.get(String(bot.id))?.reason ?? '' })}
                    </Text>
                  )}
                </div>
                <Group gap={4} wrap="nowrap">
                  {!bot.is_enabled && (
                    <Badge size="sm" color="gray" variant="outline">
                      {t('bots.disabled')}
                    </Badge>
                  )}
                  <Badge size="sm" color={statusColors[bot.status] ?? 'gray'} variant="light">
                    {t(`bots.status.${bot.status}`, { defaultValue: bot.status })}
                  </Badge>
                </Group>
              </Group>
            </UnstyledButton>
            <Suspense fallback={null}>
              <SubAccountList accountId={bot.id} />
            </Suspense>
            <AccountHealthPanel account={bot} />
          </Stack>
        ))}
      </Stack>
      {personal.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t('personalAccounts.list')}
          </Text>
          <PersonalAccountsList accounts={personal} onOpen={setOpenId} />
        </>
      )}
      <Button variant="light" leftSection={<PlusIcon size={16} />} onClick={() => setAdding(true)} w="fit-content" data-testid="add-bot">
        {t('bots.add')}
      </Button>
      {open && <BotDialog bot={open} onClose={() => setOpenId(null)} />}
      <Button variant="subtle" onClick={() => setAddingPersonal(true)} w="fit-content" data-testid="add-personal-account">
        {t('personalAccounts.add')}
      </Button>
      <AddBotDialog opened={adding} onClose={() => setAdding(false)} />
      <AddPersonalAccountWizard opened={addingPersonal} onClose={() => setAddingPersonal(false)} />
    </Stack>
  );
}
