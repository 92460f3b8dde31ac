import { Alert, Badge, Button, CloseButton, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateLabel, useDeleteLabel, useLabels } from '../hooks/useTeam.ts';
import { errorText } from '../../../lib/errors.ts';

export const labelColors = ['blue', 'green', 'yellow', 'orange', 'red', 'pink', 'grape', 'violet', 'teal', 'gray'] as const;

/** Labels an operator can put on conversations (admin: add and remove). */
export function LabelsSection() {
  const { t } = useTranslation();
  const labels = useLabels();
  const create = useCreateLabel();
  const remove = useDeleteLabel();
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>('blue');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), color }, { onSuccess: () => setName('') });
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="labels-title">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="labels-title">
            {t('team.labelsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('team.labelsSubtitle')}
          </Text>
        </div>
        <Group gap="xs" data-testid="labels">
          {labels.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('team.noLabels')}
            </Text>
          )}
          {labels.data?.map((label) => (
            <Badge
              key={label.id}
              color={label.color}
              variant="light"
              size="lg"
              rightSection={
                <CloseButton size="xs" aria-label={t('team.deleteLabel', { name: label.name })} onClick={() => remove.mutate(label.id)} />
              }
            >
              {label.name}
            </Badge>
          ))}
        </Group>
        <form onSubmit={submit}>
          <Group align="flex-end" gap="xs">
            <TextInput
              label={t('team.labelName')}
              required
              maxLength={50}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 160 }}
            />
            <Select
              label={t('team.labelColor')}
              data={labelColors.map((value) => ({ value, label: t(`team.colors.${value}`) }))}
              value={color}
              onChange={(value) => value && setColor(value)}
              allowDeselect={false}
              w={140}
            />
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              {t('team.addLabel')}
            </Button>
          </Group>
        </form>
        {(create.error ?? remove.error) && (
          <Alert color="red" role="alert">
            {errorText((create.error ?? remove.error)!)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
