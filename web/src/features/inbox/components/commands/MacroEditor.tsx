// Macros' editor (issue 26): the team's macros, and a new one built step by step. Each step is one of the
// actions POST /api/macros/:id/run performs, in order, in one transaction.
import { ActionIcon, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { MacroAction } from '@switchboard/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useState } from 'react';
import { AnswerVariablesHint } from '../../../attributes/index.ts';
import { useTeams } from '../../../team/index.ts';
import { useTranslation } from 'react-i18next';
import { TrashIcon } from '../../../../components/ui/icons.tsx';
import { errorText } from '../../../../lib/errors.ts';
import { createMacro, deleteMacro, fetchLabels, fetchMacros } from './commands.api.ts';
import './commands.locales.ts';

type StepKind = MacroAction['type'];
const stepKinds: StepKind[] = ['label', 'assign', 'reply', 'note', 'snooze', 'resolve'];
const stepName: Record<StepKind, string> = {
  label: 'stepLabel',
  assign: 'stepAssign',
  reply: 'stepReply',
  note: 'stepNote',
  snooze: 'stepSnooze',
  resolve: 'stepResolve',
};

function blank(kind: StepKind, firstLabel: number | undefined): MacroAction {
  if (kind === 'label') return { type: 'label', label_id: firstLabel ?? 0 };
  if (kind === 'assign') return { type: 'assign', operator_id: 'me' };
  if (kind === 'reply' || kind === 'note') return { type: kind, text: '' };
  if (kind === 'snooze') return { type: 'snooze', minutes: 60 };
  return { type: 'resolve' };
}

export function MacroEditor({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const macros = useQuery({ queryKey: ['macros'], queryFn: ({ signal }) => fetchMacros(signal) });
  const labels = useQuery({ queryKey: ['labels'], queryFn: ({ signal }) => fetchLabels(signal) });
  const [name, setName] = useState('');
  const [steps, setSteps] = useState<MacroAction[]>([]);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['macros'] });
  const create = useMutation({
    mutationFn: () => createMacro({ name: name.trim(), actions: steps }),
    onSuccess: () => {
      setName('');
      setSteps([]);
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: deleteMacro, onSuccess: refresh });
  const teams = useTeams();
  // An assign step keeps the conversation's team (no team_id), takes it out of any team (null), or moves it to one.
  const teamOptions = [
    { value: 'keep', label: t('commands.editor.keepTeam') },
    { value: 'none', label: t('commands.editor.noTeam') },
    ...(teams.data ?? []).map((team) => ({ value: String(team.id), label: t('commands.editor.teamQueueOf', { name: team.name }) })),
  ];
  const labelOptions = (labels.data?.results ?? []).map((label) => ({ value: String(label.id), label: label.name }));
  const change = (index: number, step: MacroAction) => setSteps((current) => current.map((item, at) => (at === index ? step : item)));

  return (
    <Modal opened onClose={onClose} title={t('commands.editor.title')} size="lg" data-testid="macro-editor">
      <Stack gap="md">
        <Stack gap={4}>
          {(macros.data?.results ?? []).map((macro) => (
            <Group key={macro.id} justify="space-between" wrap="nowrap">
              <Text size="sm" className="sb-ellipsis">
                {macro.name}
                <Text span size="xs" c="dimmed">
                  {' · '}
                  {macro.actions.map((action) => t(`commands.editor.${stepName[action.type]}`)).join(' → ')}
                </Text>
              </Text>
              {macro.can_edit && (
                <ActionIcon variant="subtle" color="red" aria-label={t('commands.editor.remove')} onClick={() => remove.mutate(macro.id)}>
                  <TrashIcon size={16} />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
        <Text fw={600} size="sm">
          {t('commands.editor.newMacro')}
        </Text>
        <TextInput label={t('commands.editor.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} />
        {steps.map((step, index) => (
          <Group key={index} align="flex-end" wrap="nowrap" gap="xs">
            <Text size="sm" w={120} style={{ flexShrink: 0 }}>
              {index + 1}. {t(`commands.editor.${stepName[step.type]}`)}
            </Text>
            {step.type === 'label' && (
              <Select
                aria-label={t('commands.editor.stepLabel')}
                data={labelOptions}
                value={String(step.label_id)}
                onChange={(value) => value && change(index, { type: 'label', label_id: Number(value) })}
                style={{ flex: 1 }}
              />
            )}
            {step.type === 'assign' && (
              <Select
                aria-label={t('commands.editor.team')}
                data={teamOptions}
                value={step.team_id === undefined ? 'keep' : step.team_id === null ? 'none' : String(step.team_id)}
                onChange={(value) => {
                  const { team_id: _dropped, ...rest } = step;
                  change(index, value === 'keep' || !value ? rest : { ...rest, team_id: value === 'none' ? null : Number(value) });
                }}
                allowDeselect={false}
                style={{ flex: 1 }}
              />
            )}
            {(step.type === 'reply' || step.type === 'note') && (
              <Textarea
                aria-label={t('commands.editor.text')}
                autosize
                minRows={1}
                value={step.text}
                onChange={(event) => change(index, { type: step.type, text: event.currentTarget.value })}
                style={{ flex: 1 }}
              />
            )}
            <ActionIcon
              variant="subtle"
              aria-label={t('commands.editor.remove')}
              onClick={() => setSteps((current) => current.filter((_, at) => at !== index))}
            >
              <TrashIcon size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Suspense fallback={null}>
          <AnswerVariablesHint />
        </Suspense>
        <Group gap="xs">
          {stepKinds.map((kind) => (
            <Button
              key={kind}
              size="compact-sm"
              variant="light"
              onClick={() => setSteps((current) => [...current, blank(kind, labels.data?.results[0]?.id)])}
              disabled={kind === 'label' && labelOptions.length === 0}
            >
              + {t(`commands.editor.${stepName[kind]}`)}
            </Button>
          ))}
        </Group>
        {create.error && (
          <Text size="sm" c="red" role="alert">
            {errorText(create.error)}
          </Text>
        )}
        <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!name.trim() || steps.length === 0}>
          {t('commands.editor.save')}
        </Button>
      </Stack>
    </Modal>
  );
}
