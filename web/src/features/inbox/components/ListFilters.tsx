import { ActionIcon, Button, Group, Popover, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { AttributeFilter } from '../../attributes/index.ts';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { createView, inboxKeys, type Chat } from '../../conversations/index.ts';
import { useEnabledMessengers } from '../../settings/index.ts';
import { useLabels, useTeammates, useTeams } from '../../team/index.ts';
import { BookmarkIcon } from '../../../components/ui/icons.tsx';
import { errorText } from '../../../lib/errors.ts';
import { chatStatuses, filtersOfSearch, useInboxParams } from '../hooks/useInboxParams.ts';

/**
 * Beside the tabs: the status (open by default), more filters (assignee, team, label, messenger, account) and
 * saving them all as a view for the sidebar. Accounts are the ones the loaded conversations came through:
 * operators cannot list accounts, and an account with no conversation here filters to nothing anyway.
 */
export function ListFilters({ chats }: { chats: Chat[] }) {
  const { t } = useTranslation();
  const { status, assigneeId, labelId, teamId, messenger, channelId, attribute, attributeValue, extraFilters, update } = useInboxParams();
  const team = useTeammates();
  const teams = useTeams();
  const labels = useLabels();
  const messengers = useEnabledMessengers();
  const accounts = new Map<string, string>();
  for (const chat of chats) accounts.set(String(chat.channel.id), chat.channel.name);
  if (channelId && !accounts.has(channelId)) accounts.set(channelId, `#${channelId}`);

  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        size="xs"
        flex={1}
        aria-label={t('operator.status.label')}
        data-testid="status-filter"
        allowDeselect={false}
        value={status}
        onChange={(value) => update({ status: value ?? 'all' })}
        data={[
          ...chatStatuses.map((value) => ({ value, label: t(`operator.status.${value}`) })),
          { value: 'all', label: t('operator.status.all') },
        ]}
        comboboxProps={{ withinPortal: true }}
      />
      <Popover position="bottom-end" withinPortal shadow="md" width={260}>
        <Popover.Target>
          <Button size="xs" variant={extraFilters ? 'light' : 'default'} data-testid="more-filters">
            {extraFilters ? t('operator.filters.buttonCount', { count: extraFilters }) : t('operator.filters.button')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <Select
              size="xs"
              label={t('operator.filters.assignee')}
              placeholder={t('operator.filters.anyone')}
              clearable
              value={assigneeId || null}
              onChange={(value) => update({ assignee_id: value ?? '' })}
              data={(team.data ?? []).map((member) => ({ value: String(member.id), label: member.name }))}
              comboboxProps={{ withinPortal: false }}
            />
            {(teams.data ?? []).length > 0 && (
              <Select
                size="xs"
                label={t('operator.filters.team')}
                placeholder={t('operator.filters.anyTeam')}
                clearable
                data-testid="team-filter"
                value={teamId || null}
                onChange={(value) => update({ team_id: value ?? '' })}
                data={(teams.data ?? []).map((item) => ({ value: String(item.id), label: item.name }))}
                comboboxProps={{ withinPortal: false }}
              />
            )}
            <Select
              size="xs"
              label={t('operator.filters.label')}
              placeholder={t('operator.filters.anyLabel')}
              clearable
              value={labelId || null}
              onChange={(value) => update({ label_id: value ?? '' })}
              data={(labels.data ?? []).map((label) => ({ value: String(label.id), label: label.name }))}
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              size="xs"
              label={t('operator.filters.messenger')}
              placeholder={t('operator.filters.anyMessenger')}
              clearable
              value={messenger || null}
              onChange={(value) => update({ messenger: value ?? '' })}
              data={(messengers.data ?? []).map((item) => ({ value: item.type, label: item.name }))}
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              size="xs"
              label={t('operator.filters.account')}
              placeholder={t('operator.filters.anyAccount')}
              clearable
              value={channelId || null}
              onChange={(value) => update({ channel_id: value ?? '' })}
              data={[...accounts].map(([value, label]) => ({ value, label }))}
              comboboxProps={{ withinPortal: false }}
            />
            <Suspense fallback={null}>
              <AttributeFilter attribute={attribute} value={attributeValue} onChange={update} />
            </Suspense>
            {(extraFilters > 0 || attribute) && (
              <Button
                size="xs"
                variant="subtle"
                onClick={() =>
                  update({ assignee_id: '', label_id: '', team_id: '', messenger: '', channel_id: '', attribute: '', attribute_value: '' })
                }
              >
                {t('operator.filters.clear')}
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <SaveView />
    </Group>
  );
}

function SaveView() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => createView(name.trim(), filtersOfSearch(searchParams)),
    meta: { silent: true },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.views });
      setOpened(false);
      setName('');
    },
  });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withinPortal shadow="md" width={260} trapFocus>
      <Popover.Target>
        <Tooltip label={t('operator.views.save')}>
          <ActionIcon
            variant="default"
            size={30}
            aria-label={t('operator.views.save')}
            onClick={() => setOpened((open) => !open)}
            data-testid="save-view"
          >
            <BookmarkIcon size={16} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <Stack gap="xs">
            <TextInput
              size="xs"
              label={t('operator.views.name')}
              value={name}
              maxLength={60}
              onChange={(event) => setName(event.currentTarget.value)}
              error={save.error ? errorText(save.error) : undefined}
              data-autofocus
            />
            <Button size="xs" type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('operator.views.saveButton')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
