import { Alert, Button, Code, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { BusinessDetailsForm, saveBusiness } from '../../business-details/index.ts';
import { completeSetup, sessionQueryKey } from '../api/auth.api.ts';
import { useSession, useSetupStatus } from '../hooks/useSession.ts';
import { AuthLayout } from '../../../components/AuthLayout.tsx';
import { errorText } from '../../../lib/errors.ts';

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const status = useSetupStatus();
  const [form, setForm] = useState({ setup_code: '', name: '', email: '', password: '' });
  // Set once the business step is done: the next (lazy) page may take a moment, and the status refetched meanwhile
  // would otherwise send this page to sign-in first.
  const [leaving, setLeaving] = useState(false);
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
      queryClient.setQueryData(['setup-status'], { needs_setup: false, needs_business_details: true });
      // Second step: the business's details, printed on every document (they can wait: "Later").
    },
  });

  const adminExists = status.data?.needs_setup === false;
  // The business step is the server's to say (a reload must not skip it), and only the admin who set up sees it.
  const session = useSession();
  if (leaving || status.isPending || (adminExists && !mutation.isSuccess && session.isPending))
    return <Loader m="xl" aria-label={t('common.loading')} />;
  const businessStep = mutation.isSuccess || (status.data?.needs_business_details === true && session.data?.role === 'admin');
  if (adminExists && !businessStep) return <Navigate to="/login" replace />;
  if (businessStep) {
    const next = () => {
      setLeaving(true);
      void navigate('/settings/messengers', { replace: true });
      void queryClient.invalidateQueries({ queryKey: ['setup-status'] });
    };
    // "Later" saves the details empty, so the step counts as done on the server too.
    const later = () => void saveBusiness({}).then(next);
    return (
      <AuthLayout title={t('businessDetails.title')} subtitle={t('businessDetails.subtitle')}>
        <BusinessDetailsForm
          onSaved={next}
          secondary={
            <Button variant="subtle" onClick={later}>
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
