import { Alert, Button, CloseButton, Group, MultiSelect, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CsatSettings, TeamBody, TeamPatchBody } from '@switchboard/contract';
import { teamKeys, type Team } from '../api/team.api.ts';
import { useTeammates, useTeams } from '../hooks/useTeam.ts';
import { api } from '../../../lib/api.ts';
import { errorText } from '../../../lib/errors.ts';

// Settings-only calls stay in this lazily loaded file, out of the inbox's bundle.
const saveTeam = (change: { id?: number; remove?: boolean; name?: string; member_ids?: number[] }): Promise<unknown> =>
  change.id === undefined
    ? api.post<Team>('/api/teams', { name: change.name ?? '', member_ids: change.member_ids ?? [] } satisfies TeamBody)
    : change.remove
      ? api.delete<void>(`/api/teams/${change.id}`)
      : api.patch<Team>(`/api/teams/${change.id}`, { name: change.name, member_ids: change.member_ids } satisfies TeamPatchBody);

/** Make, change or remove a team (admins). */
function useSaveTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveTeam,
    meta: { silent: true },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamKeys.teams }),
  });
}

/** Whether customers are asked for a rating after a resolution (admins). */
function useCsatSettings() {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: teamKeys.csat, queryFn: () => api.get<CsatSettings>('/api/inbox/csat') });
  const save = useMutation({
    mutationFn: (enabled: boolean) => api.put<CsatSettings>('/api/inbox/csat', { enabled } satisfies CsatSettings),
    meta: { silent: true },
    onSuccess: (result) => queryClient.setQueryData(teamKeys.csat, result),
  });
  return { query, save };
}

/** Settings → Inbox (admins): teams with their members; each team's queue is for its members. */
export function TeamsSection() {
  const { t } = useTranslation();
  const teams = useTeams();
  const staff = useTeammates();
  const save = useSaveTeam();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const people = (staff.data ?? [])
    .filter((member) => member.is_active && ['operator', 'admin'].includes(member.role))
    .map((member) => ({ value: String(member.id), label: member.name }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { name: name.trim(), member_ids: members.map(Number) },
      {
        onSuccess: () => {
          setName('');
          setMembers([]);
        },
      },
    );
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="teams-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="teams-title">
            {t('team.teamsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('team.teamsSubtitle')}
          </Text>
        </div>
        <Stack gap="xs" data-testid="teams">
          {teams.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('team.noTeams')}
            </Text>
          )}
          {teams.data?.map((team) => (
            <Group key={team.id} gap="xs" align="flex-end" wrap="nowrap" data-testid="team-row">
              <MultiSelect
                label={team.name}
                aria-label={t('team.teamMembersOf', { name: team.name })}
                data={people}
                value={team.member_ids.map(String)}
                onChange={(value) => save.mutate({ id: team.id, member_ids: value.map(Number) })}
                searchable
                style={{ flex: 1, minWidth: 0 }}
              />
              <CloseButton
                mb={6}
                aria-label={t('team.deleteTeam', { name: team.name })}
                onClick={() => save.mutate({ id: team.id, remove: true })}
              />
            </Group>
          ))}
        </Stack>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs">
            <TextInput
              label={t('team.teamName')}
              required
              maxLength={80}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 160 }}
              data-testid="team-name"
            />
            <MultiSelect
              label={t('team.teamMembers')}
              data={people}
              value={members}
              onChange={setMembers}
              searchable
              style={{ flex: 2, minWidth: 200 }}
              data-testid="team-members"
            />
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>
              {t('team.addTeam')}
            </Button>
          </Group>
        </form>
        {save.error && (
          <Alert color="red" role="alert">
            {errorText(save.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

/** Settings → Inbox (admins): the rating question after a resolution, on or off. */
export function CsatSection() {
  const { t } = useTranslation();
  const { query, save } = useCsatSettings();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="csat-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="csat-title">
          {t('team.csatTitle')}
        </Title>
        <Switch
          label={t('team.csatSwitch')}
          description={t('team.csatHint')}
          checked={query.data?.enabled ?? false}
          disabled={!query.data || save.isPending}
          onChange={(event) => save.mutate(event.currentTarget.checked)}
          data-testid="csat-switch"
        />
        {(query.error ?? save.error) && (
          <Alert color="red" role="alert">
            {errorText((query.error ?? save.error)!)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
