import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Modal,
  Progress,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusIcon } from '../../../components/ui/icons.tsx';
import { useSession } from '../../auth/index.ts';
import { InvitesSection } from './InvitesSection.tsx';
import type { Operator } from '../api/team.api.ts';
import { useDeleteOperator, useOperators, useSaveOperator } from '../hooks/useTeam.ts';
import { AdminsOnly } from './AdminsOnly.tsx';
import { OperatorDialog } from './OperatorDialog.tsx';
import { errorText } from '../../../lib/errors.ts';

/** Operators (admin only): the team with role, state and load; add, edit, switch off, remove. */
export function OperatorsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const isAdmin = session.data?.role === 'admin';
  const operators = useOperators(isAdmin);
  const [editing, setEditing] = useState<Operator | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Operator | null>(null);

  return (
    <Box p={{ base: 'sm', sm: 'xl' }} style={{ overflowY: 'auto' }} h="100%" component="main">
      <Stack gap="lg" maw={1100}>
        <Group justify="space-between" align="flex-end">
          <div>
            <Title order={1} size="h2">
              {t('team.operatorsTitle')}
            </Title>
            <Text c="dimmed" size="sm">
              {t('team.operatorsSubtitle')}
            </Text>
          </div>
          {isAdmin && (
            <Button leftSection={<PlusIcon size={16} />} onClick={() => setEditing('new')}>
              {t('team.addOperator')}
            </Button>
          )}
        </Group>
        {session.data && !isAdmin && <AdminsOnly />}
        {operators.isPending && isAdmin && <Loader aria-label={t('common.loading')} />}
        {operators.isError && (
          <Alert color="red" role="alert">
            {errorText(operators.error)}
          </Alert>
        )}
        {operators.data && <OperatorsTable operators={operators.data} meId={session.data?.id} onEdit={setEditing} onDelete={setDeleting} />}
        {isAdmin && <InvitesSection />}
      </Stack>
      {editing && <OperatorDialog operator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && <DeleteOperatorDialog operator={deleting} onClose={() => setDeleting(null)} />}
    </Box>
  );
}

function OperatorsTable({
  operators,
  meId,
  onEdit,
  onDelete,
}: {
  operators: Operator[];
  meId?: number;
  onEdit(operator: Operator): void;
  onDelete(operator: Operator): void;
}) {
  const { t } = useTranslation();
  const toggle = useSaveOperator();
  return (
    <Stack gap="xs">
      {toggle.error && (
        <Alert color="red" role="alert" withCloseButton onClose={() => toggle.reset()} closeButtonLabel={t('common.close')}>
          {errorText(toggle.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" striped highlightOnHover aria-label={t('team.operatorsTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('team.name')}</Table.Th>
              <Table.Th>{t('team.role')}</Table.Th>
              <Table.Th>{t('team.active')}</Table.Th>
              <Table.Th>{t('team.load')}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t('team.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {operators.map((operator) => {
              const name = operator.name || operator.email;
              const isMe = operator.id === meId;
              return (
                <Table.Tr key={operator.id} data-testid="operator-row" data-operator-id={operator.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {name}{' '}
                      {isMe && (
                        <Text span size="xs" c="dimmed">
                          ({t('team.you')})
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {operator.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={operator.role === 'admin' ? 'violet' : 'blue'}>
                      {t(`roles.${operator.role}`, { defaultValue: operator.role })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Switch
                      aria-label={t('team.activeFor', { name })}
                      checked={operator.is_active}
                      disabled={isMe || toggle.isPending}
                      onChange={(event) => toggle.mutate({ id: operator.id, input: { is_active: event.currentTarget.checked } })}
                    />
                  </Table.Td>
                  <Table.Td miw={140}>
                    <Text size="xs" data-testid="operator-load">
                      {t('team.loadValue', { current: operator.current_chats, max: operator.max_chats })}
                    </Text>
                    <Progress value={Math.min(100, (operator.current_chats / operator.max_chats) * 100)} size="sm" aria-hidden />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button size="xs" variant="subtle" onClick={() => onEdit(operator)} aria-label={t('team.editFor', { name })}>
                        {t('team.edit')}
                      </Button>
                      <Tooltip label={isMe ? t('team.cannotDeleteSelf') : t('team.deleteFor', { name })}>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          disabled={isMe}
                          onClick={() => onDelete(operator)}
                          aria-label={t('team.deleteFor', { name })}
                        >
                          {t('team.delete')}
                        </Button>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function DeleteOperatorDialog({ operator, onClose }: { operator: Operator; onClose(): void }) {
  const { t } = useTranslation();
  const remove = useDeleteOperator();
  const name = operator.name || operator.email;
  return (
    <Modal opened onClose={onClose} title={t('team.deleteTitle', { name })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm">
        <Text size="sm">{t('team.deleteBody', { count: operator.current_chats })}</Text>
        {remove.error && (
          <Alert color="red" role="alert">
            {errorText(remove.error)}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate(operator.id, { onSuccess: onClose })}>
            {t('team.deleteConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
