import { Alert, Button, Code, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { BusinessDetailsForm } from '../../business-details/index.ts';
import { completeSetup, sessionQueryKey } from '../api/auth.api.ts';
import { useSetupStatus } from '../hooks/useSession.ts';
import { AuthLayout } from '../../../components/AuthLayout.tsx';
import { errorText } from '../../../lib/errors.ts';

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useSetupStatus();
  const [form, setForm] = useState({ setup_code: '', name: '', email: '', password: '' });
  const mutation = useMutation({
    mutationFn: () =>
      completeSetup({
        setup_code: form.setup_code.trim(),
        email: form.email.trim(),
        password: form.password,
        name: form.name.trim() || undefined,
      }),
    meta: { silent: true },
    onSuccess: (response) => {
      queryClient.setQueryData(sessionQueryKey, response.user);
      queryClient.setQueryData(['setup-status'], { needs_setup: false });
      // Second step: the business's details, printed on every document (they can wait: "Later").
    },
  });

  if (status.isPending) return <Loader m="xl" aria-label={t('common.loading')} />;
  if (status.data && !status.data.needs_setup && !mutation.isSuccess) return <Navigate to="/login" replace />;
  if (mutation.isSuccess) {
    const next = () => void navigate('/settings/messengers', { replace: true });
    return (
      <AuthLayout title={t('businessDetails.title')} subtitle={t('businessDetails.subtitle')}>
        <BusinessDetailsForm
          onSaved={next}
          secondary={
            <Button variant="subtle" onClick={next}>
              {t('businessDetails.skip')}
            </Button>
          }
        />
      </AuthLayout>
    );
  }

  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setForm((current) => ({ ...current, [key]: value }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <AuthLayout title={t('setup.title')} subtitle={t('setup.subtitle')}>
      <Text size="sm">
        <Trans i18nKey="setup.whereIsCode" components={{ code: <Code /> }} />
      </Text>
      {mutation.error && (
        <Alert color="red" role="alert" title={t('setup.failed')}>
          {errorText(mutation.error)}
        </Alert>
      )}
      <form onSubmit={submit} aria-label={t('setup.title')}>
        <Stack gap="sm">
          <TextInput label={t('setup.code')} required autoFocus autoComplete="one-time-code" {...field('setup_code')} />
          <TextInput label={t('setup.name')} autoComplete="name" {...field('name')} />
          <TextInput label={t('auth.email')} type="email" required autoComplete="username" {...field('email')} />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }}
            label={t('auth.password')}
            description={t('setup.passwordHint')}
            required
            minLength={8}
            autoComplete="new-password"
            {...field('password')}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
