import { Alert, Button, CopyButton, Group, Loader, NumberInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import { createInvite, crewRoles, dispatchKey, fetchCrew, updateCrewMember, type CrewMember, type CrewRole } from '../dispatch.api.ts';

const crewKey = [...dispatchKey, 'crew-admin'];

/** The crew for admins: roles, a manager's AmoCRM user id, deactivation, and invite links per role (issue 18). */
export function CrewPanel() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const crew = useQuery({ queryKey: crewKey, queryFn: fetchCrew });
  const update = useMutation({ mutationFn: updateCrewMember, onSuccess: () => queryClient.invalidateQueries({ queryKey: dispatchKey }) });
  const [role, setRole] = useState<CrewRole>('measurer');
  const invite = useMutation({ mutationFn: createInvite });
  const roleOptions = crewRoles.map((value) => ({ value, label: t(`dispatch.crew.roles.${value}`) }));

  return (
    <Stack gap="lg">
      <Stack gap="xs" component="section" aria-label={t('dispatch.crew.invite')}>
        <Text fw={600}>{t('dispatch.crew.invite')}</Text>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('dispatch.crew.inviteFor')}
            data={roleOptions}
            value={role}
            onChange={(value) => value && setRole(value)}
            allowDeselect={false}
            w={220}
          />
          <Button onClick={() => invite.mutate(role)} loading={invite.isPending}>
            {t('dispatch.crew.create')}
          </Button>
        </Group>
        {invite.error && <Alert color="red">{errorText(invite.error)}</Alert>}
        {invite.data && (
          <Stack gap={4}>
            <Text size="sm">
              {t('dispatch.crew.linkReady', {
                until: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
                  new Date(invite.data.expires_at),
                ),
              })}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <TextInput
                value={invite.data.link}
                readOnly
                aria-label={t('dispatch.crew.invite')}
                style={{ flex: 1 }}
                data-testid="invite-link"
              />
              <CopyButton value={invite.data.link}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy}>
                    {copied ? t('dispatch.crew.copied') : t('dispatch.crew.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        )}
      </Stack>

      {update.error && <Alert color="red">{errorText(update.error)}</Alert>}
      {crew.isPending ? (
        <Loader size="sm" />
      ) : crew.error ? (
        <Alert color="red">{errorText(crew.error)}</Alert>
      ) : crew.data.results.length === 0 ? (
        <Text c="dimmed">{t('dispatch.crew.empty')}</Text>
      ) : (
        <div data-scrolls-sideways>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label={t('dispatch.crew.table')} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dispatch.crew.name')}</Table.Th>
                  <Table.Th>{t('dispatch.crew.role')}</Table.Th>
                  <Table.Th>{t('dispatch.crew.amocrmUser')}</Table.Th>
                  <Table.Th>{t('dispatch.crew.active')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {crew.data.results.map((member) => (
                  <CrewRow
                    key={member.id}
                    member={member}
                    roleOptions={roleOptions}
                    onChange={(patch) => update.mutate({ id: member.id, patch })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </div>
      )}
    </Stack>
  );
}

function CrewRow(props: {
  member: CrewMember;
  roleOptions: Array<{ value: string; label: string }>;
  onChange(patch: Partial<Pick<CrewMember, 'role' | 'amocrm_user_id' | 'active'>>): void;
}) {
  const { t } = useTranslation();
  const { member } = props;
  const [amoUser, setAmoUser] = useState<string | number>(member.amocrm_user_id ?? '');
  const saved = (member.amocrm_user_id ?? '') === (amoUser === '' ? '' : Number(amoUser));
  return (
    <Table.Tr data-testid={`crew-${member.id}`} style={{ opacity: member.active ? 1 : 0.6 }}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {member.name}
        </Text>
        {member.username && (
          <Text size="xs" c="dimmed">
            @{member.username}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Select
          data={props.roleOptions}
          value={member.role}
          onChange={(value) => value && props.onChange({ role: value as CrewRole })}
          allowDeselect={false}
          aria-label={t('dispatch.crew.role')}
          w={170}
        />
      </Table.Td>
      <Table.Td>
        {member.role === 'manager' ? (
          <Group gap={4} wrap="nowrap">
            <NumberInput
              value={amoUser}
              onChange={setAmoUser}
              min={1}
              allowDecimal={false}
              hideControls
              aria-label={t('dispatch.crew.amocrmUser')}
              w={130}
            />
            <Button
              size="xs"
              variant="light"
              disabled={saved}
              onClick={() => props.onChange({ amocrm_user_id: amoUser === '' ? null : Number(amoUser) })}
            >
              {saved ? t('dispatch.crew.saved') : t('dispatch.crew.save')}
            </Button>
          </Group>
        ) : (
          <Text c="dimmed">—</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          checked={member.active}
          onChange={(event) => props.onChange({ active: event.currentTarget.checked })}
          aria-label={t('dispatch.crew.active')}
        />
      </Table.Td>
    </Table.Tr>
  );
}
