// A personal account on the accounts card, in its own list (not among the bots): name, status and what the
// status says, the phone number, and the connection's health with "New chat". Opening it manages the account.
import { Badge, Checkbox, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AccountHealthPanel } from './AccountHealthPanel.tsx';
import { fetchHealth, healthKey } from './personal-accounts.api.ts';

const statusColors: Record<string, string> = { created: 'gray', authenticating: 'yellow', active: 'green', error: 'red', stopped: 'gray' };

export interface PersonalAccountSummary {
  id: number | string;
  name: string;
  /** Its channel kind: what it can send (GET /api/channels/kinds). */
  kind?: string;
  status: string;
  status_detail: string | null;
  is_enabled: boolean;
}

export function PersonalAccountRow({
  account,
  onOpen,
  selected,
  onSelect,
}: {
  account: PersonalAccountSummary;
  onOpen(): void;
  /** Bulk selection (PersonalAccountsList): a checkbox beside the row. */
  selected?: boolean;
  onSelect?(on: boolean): void;
}) {
  const { t } = useTranslation();
  // The same query as the health panel's: one request.
  const health = useQuery({
    queryKey: healthKey(account.id),
    queryFn: () => fetchHealth(account.id),
    // An account removed meanwhile answers 404 until the list refreshes: no error toast for that.
    meta: { silent: true },
    refetchInterval: 15_000,
  }).data;
  const phone = health?.address;
  // While the first import runs, the health panel words its progress in the page's language.
  const detail = health?.importing ? null : account.status_detail;
  return (
    <Stack gap={4} role="listitem" data-testid="personal-account-row">
      <Group gap="xs" wrap="nowrap" align="center">
        {onSelect && (
          <Checkbox
            aria-label={t('personalAccounts.bulk.select', { name: account.name })}
            checked={selected ?? false}
            onChange={(event) => onSelect(event.currentTarget.checked)}
          />
        )}
        <UnstyledButton
          onClick={onOpen}
          aria-label={t('personalAccounts.open', { name: account.name })}
          p="xs"
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, flex: 1, minWidth: 0 }}
        >
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={500} className="sb-ellipsis">
                {account.name}
              </Text>
              <Text size="xs" c="dimmed" className="sb-ellipsis" data-testid="personal-account-phone">
                {phone ?? ''}
                {detail ? `${phone ? ' · ' : ''}${detail}` : ''}
              </Text>
            </div>
            <Group gap={4} wrap="nowrap">
              {!account.is_enabled && (
                <Badge size="sm" color="gray" variant="outline">
                  {t('bots.disabled')}
                </Badge>
              )}
              <Badge size="sm" color={statusColors[account.status] ?? 'gray'} variant="light">
                {t(`bots.status.${account.status}`, { defaultValue: account.status })}
              </Badge>
            </Group>
          </Group>
        </UnstyledButton>
      </Group>
      <AccountHealthPanel account={account} />
    </Stack>
  );
}
