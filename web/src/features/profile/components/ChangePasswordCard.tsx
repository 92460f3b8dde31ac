import { Alert, Button, Card, Checkbox, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changePassword, tokensQueryKey } from '../api/tokens.api.ts';
import { errorText } from '../../../lib/errors.ts';

/** Changing one's own password: the other sessions end; API tokens go too unless the user keeps them. */
export function ChangePasswordCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [keepTokens, setKeepTokens] = useState(false);
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrent('');
      setNext('');
      void queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ current_password: current, new_password: next, keep_tokens: keepTokens });
  };
  return (
    <Card withBorder padding="md">
      <form onSubmit={submit}>
        <Stack gap="sm" maw={420}>
          <Title order={2} size="h4">
            {t('profile.passwordTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('profile.passwordHelp')}
          </Text>
          {change.error && (
            <Alert color="red" role="alert">
              {errorText(change.error)}
            </Alert>
          )}
          {change.isSuccess && (
            <Alert color="green" role="status">
              {t('profile.passwordChanged')}
            </Alert>
          )}
          <PasswordInput
            label={t('profile.currentPassword')}
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => setCurrent(event.currentTarget.value)}
          />
          <PasswordInput
            label={t('profile.newPassword')}
            description={t('profile.newPasswordHint')}
            autoComplete="new-password"
            required
            minLength={8}
            value={next}
            onChange={(event) => setNext(event.currentTarget.value)}
          />
          <Checkbox
            label={t('profile.keepTokens')}
            description={t('profile.keepTokensHint')}
            checked={keepTokens}
            onChange={(event) => setKeepTokens(event.currentTarget.checked)}
            data-testid="keep-tokens"
          />
          <Button type="submit" w="fit-content" loading={change.isPending} disabled={!current || next.length < 8}>
            {t('profile.changePassword')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}
