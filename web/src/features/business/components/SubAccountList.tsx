import { Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/dates.ts';
import { businessKeys, fetchSubAccounts, type SubAccount } from '../api/business.api.ts';

const stateColors: Record<SubAccount['state'], string> = { active: 'green', disabled: 'yellow', revoked: 'red' };

/** Under an account on the accounts page: the businesses that connected it (owner, rights, enabled), when there are any. */
export function SubAccountList({ accountId }: { accountId: string | number }) {
  const { t, i18n } = useTranslation();
  const query = useQuery({
    queryKey: businessKeys.subAccounts(accountId),
    queryFn: () => fetchSubAccounts(accountId),
    refetchInterval: 30_000,
  });
  const subAccounts = query.data ?? [];
  if (subAccounts.length === 0) return null;
  return (
    <Stack gap={4} pl="md" role="list" aria-label={t('business.title')} data-testid="sub-accounts">
      <Text size="xs" fw={600} c="dimmed">
        {t('business.title')}
      </Text>
      {subAccounts.map((sub) => {
        const rights = Object.keys(sub.rights).filter((right) => sub.rights[right]);
        return (
          <Stack
            key={sub.id}
            gap={2}
            role="listitem"
            p={6}
            data-testid="sub-account"
            style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 8 }}
          >
            {/* The badges keep their words (Russian ones are long): on a narrow card they go under the name. */}
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm" fw={500} className="sb-ellipsis" dir="auto" style={{ minWidth: 0, flex: '1 1 10rem' }}>
                {sub.name}
                {sub.owner.username ? ` · @${sub.owner.username}` : ''}
              </Text>
              <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                <Badge size="sm" variant="light" color={stateColors[sub.state]} data-testid="sub-account-state">
                  {t(`business.state.${sub.state}`)}
                </Badge>
                <Badge size="sm" variant="outline" color={sub.can_reply ? 'green' : 'gray'}>
                  {sub.can_reply ? t('business.canReply') : t('business.readOnly')}
                </Badge>
              </Group>
            </Group>
            <Text size="xs" c="dimmed">
              {t('business.owner', { name: sub.owner.name || sub.name })} ·{' '}
              {t('business.since', { date: formatDateTime(sub.connected_at, i18n.language) })}
            </Text>
            <Text size="xs" c="dimmed" data-testid="sub-account-rights">
              {t('business.rights')}: {rights.map((right) => t(`business.right.${right}`, { defaultValue: right })).join(', ') || '—'}
            </Text>
            {sub.code && (
              <Text size="xs" c={sub.state === 'active' ? 'yellow.8' : 'red'} data-testid="sub-account-reason">
                {t(`business.reason.${sub.code}`, { name: sub.name, defaultValue: sub.reason ?? '' })}
              </Text>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
