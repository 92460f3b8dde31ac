// Settings → Inbox → Custom attributes (admin): define, rename, change a list's options, delete.
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import type { AttributeDefinition, AttributeTarget, AttributeType } from '../api/attributes.api.ts';
import {
  useAttributeDefinitions,
  useAttributeLabel,
  useCreateDefinition,
  useDeleteDefinition,
  useUpdateDefinition,
} from '../hooks/useAttributes.ts';
import '../attributes.locales.ts';

const types: AttributeType[] = ['text', 'number', 'date', 'list', 'checkbox'];
const optionsOf = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  ),
];

export default function AttributesSection() {
  const { t } = useTranslation();
  const definitions = useAttributeDefinitions();
  const labelOf = useAttributeLabel();
  const remove = useDeleteDefinition();
  const [deleting, setDeleting] = useState<AttributeDefinition | null>(null);
  const [editing, setEditing] = useState<AttributeDefinition | null>(null);

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="attributes-title" id="attributes">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id="attributes-title">
            {t('attributes.settingsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('attributes.settingsSubtitle', {
              contactVariable: '{{contact.attributes.key}}',
              conversationVariable: '{{conversation.attributes.key}}',
            })}
          </Text>
        </div>
        {definitions.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('attributes.none')}
          </Text>
        )}
        {!!definitions.data?.length && (
          <Stack gap={0} data-testid="attribute-definitions">
            {definitions.data.map((definition) => (
              <Group
                key={definition.id}
                justify="space-between"
                wrap="nowrap"
                gap="xs"
                py={6}
                style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                data-testid={`attribute-definition-${definition.applies_to}-${definition.key}`}
              >
                <div style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500} className="sb-ellipsis">
                      {labelOf(definition)}
                    </Text>
                    <Badge variant="light" color="gray" size="sm" style={{ flexShrink: 0 }}>
                      {t(`attributes.types.${definition.type}`)}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed" ff="monospace" className="sb-ellipsis">
                    {definition.applies_to}.{definition.key}
                    {definition.type === 'list' ? ` · ${definition.options.join(', ')}` : ''}
                  </Text>
                </div>
                <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                  {definition.type === 'list' && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(definition)}>
                      {t('attributes.options')}
                    </Button>
                  )}
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('attributes.deleteFor', { name: labelOf(definition) })}
                    onClick={() => setDeleting(definition)}
                  >
                    {t('attributes.deleteConfirm')}
                  </Button>
                </Group>
              </Group>
            ))}
          </Stack>
        )}
        <DefinitionForm />
        {remove.error && (
          <Alert color="red" role="alert">
            {errorText(remove.error)}
          </Alert>
        )}
      </Stack>
      {deleting && (
        <Modal opened onClose={() => setDeleting(null)} title={t('attributes.deleteTitle', { name: labelOf(deleting) })}>
          <Stack>
            <Text size="sm">{t('attributes.deleteBody')}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                {t('attributes.cancel')}
              </Button>
              <Button
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
              >
                {t('attributes.deleteConfirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {editing && <OptionsDialog definition={editing} name={labelOf(editing)} onClose={() => setEditing(null)} />}
    </Paper>
  );
}

function DefinitionForm() {
  const { t } = useTranslation();
  const create = useCreateDefinition();
  const [target, setTarget] = useState<AttributeTarget>('conversation');
  const [key, setKey] = useState('');
  const [labelRu, setLabelRu] = useState('');
  const [labelEn, setLabelEn] = useState('');
  const [type, setType] = useState<AttributeType>('text');
  const [options, setOptions] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        applies_to: target,
        key: key.trim(),
        label_ru: labelRu.trim(),
        label_en: labelEn.trim(),
        type,
        options: type === 'list' ? optionsOf(options) : [],
      },
      {
        onSuccess: () => {
          setKey('');
          setLabelRu('');
          setLabelEn('');
          setOptions('');
          setType('text');
        },
      },
    );
  };
  const ready =
    /^[a-z][a-z0-9_]{0,39}$/.test(key.trim()) && (labelRu.trim() || labelEn.trim()) && (type !== 'list' || optionsOf(options).length > 0);

  return (
    <form onSubmit={submit} data-testid="attribute-form">
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          aria-label={t('attributes.appliesTo')}
          value={target}
          onChange={(value) => setTarget(value)}
          data={[
            { value: 'conversation', label: t('attributes.conversation') },
            { value: 'contact', label: t('attributes.contact') },
          ]}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <TextInput
            label={t('attributes.key')}
            description={t('attributes.keyHint')}
            required
            maxLength={40}
            value={key}
            onChange={(event) => setKey(event.currentTarget.value.toLowerCase())}

            data-testid="attribute-key"
          />
          <Select
            label={t('attributes.type')}
            data={types.map((value) => ({ value, label: t(`attributes.types.${value}`) }))}
            value={type}
            onChange={(value) => value && setType(value)}
            allowDeselect={false}

            data-testid="attribute-type"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <TextInput
            label={t('attributes.labelRu')}
            maxLength={80}
            value={labelRu}
            onChange={(event) => setLabelRu(event.currentTarget.value)}
          />
          <TextInput
            label={t('attributes.labelEn')}
            maxLength={80}
            value={labelEn}
            onChange={(event) => setLabelEn(event.currentTarget.value)}

            data-testid="attribute-label-en"
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('attributes.labelHint')}
        </Text>
        {type === 'list' && (
          <Textarea
            label={t('attributes.options')}
            description={t('attributes.optionsHint')}
            autosize
            minRows={3}
            value={options}
            onChange={(event) => setOptions(event.currentTarget.value)}
            data-testid="attribute-options"
          />
        )}
        {create.error && (
          <Alert color="red" role="alert">
            {errorText(create.error)}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={create.isPending} disabled={!ready} data-testid="attribute-add">
            {t('attributes.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function OptionsDialog({ definition, name, onClose }: { definition: AttributeDefinition; name: string; onClose(): void }) {
  const { t } = useTranslation();
  const update = useUpdateDefinition();
  const [options, setOptions] = useState(definition.options.join('\n'));
  return (
    <Modal opened onClose={onClose} title={t('attributes.editOptions', { name })}>
      <Stack>
        <Textarea
          description={t('attributes.optionsHint')}
          autosize
          minRows={4}
          value={options}
          onChange={(event) => setOptions(event.currentTarget.value)}
        />
        {update.error && (
          <Alert color="red" role="alert">
            {errorText(update.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('attributes.cancel')}
          </Button>
          <Button
            loading={update.isPending}
            disabled={optionsOf(options).length === 0}
            onClick={() => update.mutate({ id: definition.id, change: { options: optionsOf(options) } }, { onSuccess: onClose })}
          >
            {t('attributes.saveOptions')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
