import {
  Alert,
  Button,
  Card,
  Loader,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/errors.ts';
import type { AppSettings, FieldSchema } from '../api/app-settings.api.ts';
import { useAccounts } from '../hooks/useAccounts.ts';
import { useAllAppSettings } from '../hooks/useAppSettings.ts';
import { fieldLimitProblem } from './field-limits.ts';

/**
 * One form for every app's settings, drawn from the JSON Schema the server derives from the app's
 * zod schema (GET /api/apps/settings). `only` limits it to some apps (a page of one app's own).
 */
export function AppSettingsForms({ only }: { only?: readonly string[] }) {
  const { t } = useTranslation();
  const { query } = useAllAppSettings();
  if (query.error)
    return (
      <Alert color="red" role="alert">
        {errorText(query.error)}
      </Alert>
    );
  if (!query.data) return <Loader size="sm" aria-label={t('common.loading')} />;
  const apps = query.data.filter((each) => !only || only.includes(each.app));
  if (apps.length === 0) return <Text c="dimmed">{t('settings.appsNone')}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {apps.map((each) => (
        <AppForm key={each.app} settings={each} />
      ))}
    </SimpleGrid>
  );
}

function AppForm({ settings }: { settings: AppSettings }) {
  const { t, i18n } = useTranslation();
  const { save } = useAllAppSettings();
  const [values, setValues] = useState(settings.values);
  const text = (schema: FieldSchema) => (i18n.language === 'ru' ? { ...schema, ...schema['x-ru'] } : schema);
  const title = text(settings.schema).title ?? settings.app;
  const [invalid, setInvalid] = useState<string[]>([]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = Object.entries(settings.schema.properties).flatMap(([name, schema]) => {
      const problem = fieldLimitProblem(schema, values[name]);
      return problem ? [t(`settings.${problem.kind}`, { field: text(schema).title ?? name, limit: problem.limit })] : [];
    });
    setInvalid(problems);
    if (problems.length > 0) return;
    save.mutate(
      { app: settings.app, values },
      {
        onSuccess: (saved) => {
          setValues(saved);
          notifications.show({ color: 'green', message: t('settings.appSaved'), closeButtonProps: { 'aria-label': t('common.close') } });
        },
      },
    );
  };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} aria-label={title}>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {title}
          </Title>
          {(invalid.length > 0 || save.error) && (
            <Alert color="red" role="alert">
              {invalid.length > 0 ? invalid.map((line) => <div key={line}>{line}</div>) : errorText(save.error)}
            </Alert>
          )}
          {Object.entries(settings.schema.properties).map(([name, schema]) => (
            <Field
              key={name}
              schema={schema}
              label={text(schema).title ?? name}
              description={text(schema).description}
              value={values[name]}
              onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
            />
          ))}
          <Button type="submit" w="fit-content" loading={save.isPending} data-testid={`save-${settings.app}-settings`}>
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

interface FieldProps {
  schema: FieldSchema;
  label: string;
  description?: string;
  value: unknown;
  onChange(value: unknown): void;
}

/** A field by its JSON Schema type; `nullable` fields (anyOf with null) may be left empty. */
function Field({ schema, label, description, value, onChange }: FieldProps) {
  const { t } = useTranslation();
  const options = schema.anyOf?.filter((each) => each.type !== 'null') ?? [schema];
  const nullable = Boolean(schema.anyOf?.some((each) => each.type === 'null'));
  const base = { ...schema, ...options[0] };
  if (schema['x-secret']) return <SecretField label={label} description={description} value={value} onChange={onChange} />;
  if (schema['x-widget'] === 'bot') return <BotField label={label} description={description} value={value} onChange={onChange} />;
  if (base.enum)
    return (
      <Select
        label={label}
        description={description}
        allowDeselect={nullable}
        data={base.enum.map((each) => ({ value: String(each), label: String(each) }))}
        value={value === null || value === undefined ? null : String(value)}
        onChange={(next) => onChange(next === null ? null : (base.enum!.find((each) => String(each) === next) ?? next))}
      />
    );
  if (base.type === 'boolean')
    return (
      <Switch
        label={label}
        description={description}
        checked={value === true}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
    );
  if (base.type === 'integer' || base.type === 'number')
    return (
      <NumberInput
        label={label}
        description={description}
        placeholder={nullable ? t('settings.notSet') : undefined}
        min={base.minimum ?? (base.exclusiveMinimum !== undefined ? base.exclusiveMinimum + (base.type === 'integer' ? 1 : 0) : undefined)}
        max={base.maximum !== undefined && base.maximum < Number.MAX_SAFE_INTEGER ? base.maximum : undefined}
        allowDecimal={base.type === 'number'}
        clampBehavior="none"
        value={typeof value === 'number' ? value : ''}
        onChange={(next) => onChange(next === '' ? (nullable ? null : next) : Number(next))}
      />
    );
  const long = (base.maxLength ?? 0) > 200;
  const Input = long ? Textarea : TextInput;
  return (
    <Input
      label={label}
      description={description}
      maxLength={base.maxLength}
      {...(long ? { autosize: true, minRows: 3, maxRows: 8 } : {})}
      placeholder={nullable ? t('settings.notSet') : undefined}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(event.currentTarget.value === '' && nullable ? null : event.currentTarget.value)}
    />
  );
}

/**
 * A secret: the server sends a set one masked, never its text, so the box starts empty and says it is saved;
 * left empty, the save sends the mask back and the server keeps the stored secret.
 */
function SecretField({ label, description, value, onChange }: Omit<FieldProps, 'schema'>) {
  const { t } = useTranslation();
  const [mask] = useState(typeof value === 'string' && value !== '' ? value : null);
  const typed = typeof value === 'string' && value !== mask ? value : '';
  return (
    <PasswordInput
      label={label}
      description={description}
      autoComplete="new-password"
      placeholder={mask ? t('settings.secretKept') : t('settings.notSet')}
      value={typed}
      onChange={(event) => onChange(event.currentTarget.value === '' ? (mask ?? null) : event.currentTarget.value)}
    />
  );
}

/** A messenger account, chosen by name; empty means the default one. */
function BotField({ label, description, value, onChange }: Omit<FieldProps, 'schema'>) {
  const { t } = useTranslation();
  const accounts = useAccounts();
  const bots = (accounts.data ?? []).map((bot) => ({
    value: String(bot.id),
    label: bot.bot_username ? `${bot.name} · @${bot.bot_username}` : bot.name,
  }));
  return (
    <Select
      label={label}
      description={description}
      allowDeselect={false}
      data={[{ value: '', label: t('settings.defaultBot') }, ...bots]}
      value={typeof value === 'number' ? String(value) : ''}
      onChange={(next) => onChange(next ? Number(next) : null)}
    />
  );
}
