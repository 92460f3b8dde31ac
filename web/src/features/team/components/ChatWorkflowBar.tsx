import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Loader,
  Menu,
  Modal,
  Popover,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckIcon, ClockIcon, RetryIcon, UserIcon } from '../../../components/ui/icons.tsx';
import { useSession } from '../../auth/index.ts';
import type { Chat } from '../../conversations/index.ts';
import type { Teammate } from '../api/team.api.ts';
import { useChatActions, useChatLabels, useLabels, useTeammates, useTeams } from '../hooks/useTeam.ts';
import './chat-workflow.css';

/** Whom a conversation goes to: a teammate from the directory, or the reader taking it. */
type Person = Pick<Teammate, 'id' | 'name'>;

// The history opens rarely: it (and its timeline) loads when asked for, outside the inbox's first bundle.
const AssignmentHistory = lazy(() => import('./AssignmentHistory.tsx'));
import { errorText } from '../../../lib/errors.ts';

/**
 * The conversation's working state under its header: who holds it (take, transfer with a note,
 * return to the queue), its labels, resolve / reopen, and the assignment history.
 */
export function ChatWorkflowBar({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const me = useSession().data;
  const team = useTeammates();
  const teams = useTeams();
  const actions = useChatActions(chat);
  const [transferTo, setTransferTo] = useState<Person | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const isAdmin = me?.role === 'admin';
  const holder = chat.assigned_operator_id == null ? null : String(chat.assigned_operator_id);
  const isMine = holder !== null && holder === String(me?.id);
  const holderName = holder === null ? null : (team.byId.get(holder)?.name ?? `#${holder}`);
  // The server's rule: admins move anything; operators take from the queue or hand over their own.
  const canMove = isAdmin || isMine;
  const targets = (team.data ?? []).filter(
    (member) => member.is_active && ['operator', 'admin'].includes(member.role) && String(member.id) !== holder,
  );
  const chatTeam = chat.team_id == null ? null : (teams.byId.get(String(chat.team_id))?.name ?? `#${chat.team_id}`);
  const otherTeams = (teams.data ?? []).filter((item) => item.id !== chat.team_id);
  const resolved = chat.status === 'resolved';
  const error = actions.assign.error ?? actions.status.error ?? actions.labels.error;

  const pick = (member: Person) => {
    if (holder === null) actions.assign.mutate({ operatorId: member.id });
    else setTransferTo(member);
  };

  return (
    <Stack
      gap={4}
      px="sm"
      py={6}
      className="sb-workflow"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)', flexShrink: 0 }}
      data-testid="chat-workflow"
    >
      <div className="sb-workflow-row" data-toolbar="conversation-actions">
        <Menu position="bottom-start" withinPortal shadow="md">
          <Menu.Target>
            <Button
              size="compact-sm"
              variant={holder === null ? 'light' : 'default'}
              color={holder === null ? 'orange' : undefined}
              leftSection={<UserIcon size={14} />}
              loading={actions.assign.isPending}
              data-testid="assignee"
              className="sb-workflow-assignee"
              aria-label={holderName ? t('team.assignedToLabel', { name: holderName }) : t('team.unassignedLabel')}
              title={holderName ? t('team.assignedTo', { name: holderName }) : undefined}
            >
              {holderName ? (
                <>
                  <span className="sb-ellipsis sb-workflow-wide">{t('team.assignedTo', { name: holderName })}</span>
                  <span className="sb-ellipsis sb-workflow-narrow">{holderName}</span>
                </>
              ) : (
                <span className="sb-ellipsis">{t('team.unassigned')}</span>
              )}
            </Button>
          </Menu.Target>
          <Menu.Dropdown data-testid="assign-menu">
            {chatTeam !== null && <Menu.Label data-testid="menu-team">{t('team.inTeam', { name: chatTeam })}</Menu.Label>}
            {!isMine && (holder === null || isAdmin) && me && (
              <Menu.Item onClick={() => pick({ id: me.id, name: me.name || me.email })}>{t('team.takeIt')}</Menu.Item>
            )}
            {canMove && targets.filter((member) => member.id !== me?.id).length > 0 && (
              <>
                <Menu.Label>{holder === null ? t('team.assignTo') : t('team.transferTo')}</Menu.Label>
                {targets
                  .filter((member) => member.id !== me?.id)
                  .map((member) => (
                    <Menu.Item
                      key={member.id}
                      onClick={() => pick(member)}
                      rightSection={
                        <Text size="xs" c="dimmed">
                          {t('team.loadValue', { current: member.current_chats, max: member.max_chats })}
                        </Text>
                      }
                    >
                      {member.name}
                    </Menu.Item>
                  ))}
              </>
            )}
            {isAdmin && holder !== null && (
              <>
                <Menu.Divider />
                <Menu.Item color="orange" onClick={() => actions.assign.mutate({ operatorId: null })}>
                  {t('team.returnToQueue')}
                </Menu.Item>
              </>
            )}
            {canMove && (otherTeams.length > 0 || chatTeam !== null) && (
              <>
                <Menu.Divider />
                <Menu.Label>{t('team.moveToTeam')}</Menu.Label>
                {otherTeams.map((item) => (
                  <Menu.Item
                    key={item.id}
                    data-testid="team-target"
                    onClick={() => actions.assign.mutate({ operatorId: null, teamId: item.id })}
                  >
                    {item.name}
                  </Menu.Item>
                ))}
                {chatTeam !== null && (
                  <Menu.Item
                    color="orange"
                    onClick={() => actions.assign.mutate({ operatorId: holder === null ? null : Number(holder), teamId: null })}
                  >
                    {t('team.leaveTeam')}
                  </Menu.Item>
                )}
              </>
            )}
            {!canMove && holder !== null && <Menu.Label>{t('team.askAdmin')}</Menu.Label>}
          </Menu.Dropdown>
        </Menu>
        {chatTeam !== null && (
          <Badge
            variant="light"
            color="grape"
            size="lg"
            radius="sm"
            className="sb-workflow-roomy sb-workflow-team"
            data-testid="chat-team"
            title={t('team.inTeam', { name: chatTeam })}
            tt="none"
          >
            {chatTeam}
          </Badge>
        )}

        <LabelsPicker chat={chat} onChange={(ids) => actions.labels.mutate(ids)} saving={actions.labels.isPending} />

        <Button
          size="compact-sm"
          variant={resolved ? 'light' : 'default'}
          color={resolved ? 'green' : undefined}
          leftSection={resolved ? <RetryIcon size={14} /> : <CheckIcon size={14} />}
          loading={actions.status.isPending}
          onClick={() => actions.status.mutate(resolved ? 'open' : 'resolved')}
          data-testid="resolve-toggle"
        >
          {resolved ? t('team.reopen') : t('team.resolve')}
        </Button>
        {resolved && (
          <Badge color="green" variant="light" data-testid="chat-status" className="sb-workflow-wide">
            {t('team.resolved')}
          </Badge>
        )}
        <Button
          size="compact-sm"
          variant="subtle"
          leftSection={<ClockIcon size={14} />}
          onClick={() => setHistoryOpen(true)}
          className="sb-workflow-roomy"
        >
          {t('team.history')}
        </Button>
        <Tooltip label={t('team.history')}>
          <ActionIcon variant="subtle" onClick={() => setHistoryOpen(true)} aria-label={t('team.history')} className="sb-workflow-cramped">
            <ClockIcon size={16} />
          </ActionIcon>
        </Tooltip>
      </div>
      {error && (
        <Alert
          color="red"
          role="alert"
          p="xs"
          withCloseButton
          closeButtonLabel={t('common.close')}
          onClose={() => [actions.assign, actions.status, actions.labels].forEach((mutation) => mutation.reset())}
        >
          {errorText(error)}
        </Alert>
      )}
      {transferTo && (
        <TransferDialog
          to={transferTo}
          saving={actions.assign.isPending}
          error={actions.assign.error ? errorText(actions.assign.error) : undefined}
          onClose={() => setTransferTo(null)}
          onConfirm={(note) =>
            actions.assign.mutate({ operatorId: transferTo.id, note: note || undefined }, { onSuccess: () => setTransferTo(null) })
          }
        />
      )}
      <Drawer
        opened={historyOpen}
        onClose={() => setHistoryOpen(false)}
        position="right"
        size={360}
        title={t('team.historyTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {historyOpen && (
          <Suspense fallback={<Loader size="sm" />}>
            <AssignmentHistory chat={chat} team={team.byId} />
          </Suspense>
        )}
      </Drawer>
    </Stack>
  );
}

function LabelsPicker({ chat, onChange, saving }: { chat: Chat; onChange(ids: number[]): void; saving: boolean }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const current = useChatLabels(chat.id);
  const ids = chat.label_ids ?? current.data?.map((label) => label.id) ?? [];
  const shown = ids.map((id) => labels.byId.get(id)).filter((label) => label !== undefined);
  return (
    <Group gap={4} wrap="nowrap" data-testid="chat-labels">
      {shown.slice(0, 2).map((label) => (
        <Badge key={label.id} color={label.color} variant="light" className="sb-workflow-wide" style={{ flexShrink: 0 }}>
          {label.name}
        </Badge>
      ))}
      {shown.length > 2 && (
        <Badge color="gray" variant="light" className="sb-workflow-wide" style={{ flexShrink: 0 }}>
          +{shown.length - 2}
        </Badge>
      )}
      <Popover position="bottom-start" withinPortal shadow="md">
        <Popover.Target>
          <Button
            size="compact-sm"
            variant="subtle"
            loading={saving}
            style={{ flexShrink: 0 }}
            title={shown.map((label) => label.name).join(', ') || undefined}
          >
            {t('team.labels')}
            {shown.length > 0 && (
              <Badge size="xs" circle variant="filled" ml={6} className="sb-workflow-narrow">
                {shown.length}
              </Badge>
            )}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          {labels.data?.length === 0 ? (
            <Text size="sm" c="dimmed" maw={220}>
              {t('team.noLabelsYet')}
            </Text>
          ) : (
            <Checkbox.Group label={t('team.labelsFor')} value={ids.map(String)} onChange={(values) => onChange(values.map(Number))}>
              <Stack gap={6} mt={6}>
                {labels.data?.map((label) => (
                  <Checkbox key={label.id} value={String(label.id)} label={label.name} color={label.color} />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}

function TransferDialog({
  to,
  saving,
  error,
  onClose,
  onConfirm,
}: {
  to: Person;
  saving: boolean;
  error?: string;
  onClose(): void;
  onConfirm(note: string): void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('team.transferTitle', { name: to.name })}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Stack gap="sm">
        <Textarea
          label={t('team.transferNote', { name: to.name })}
          description={t('team.transferNoteHint')}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={1000}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          data-autofocus
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={saving} onClick={() => onConfirm(note.trim())}>
            {t('team.transfer')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
