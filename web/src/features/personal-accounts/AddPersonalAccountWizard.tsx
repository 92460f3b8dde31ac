// Connecting a personal Telegram account: details → code (with resend the way Telegram offers next) → password.
// Each step is one call of seed 002's login API; errors are shown by their code in the user's language.
import { Alert, Button, Group, Modal, NumberInput, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { errorText } from '../../lib/errors.ts';
import { resendCode, startLogin, verifyCode, verifyPassword, type PersonalAccount } from './personal-accounts.api.ts';

const emptyDetails = { name: '', phone_number: '', api_id: '' as number | string, api_hash: '' };

export function AddPersonalAccountWizard({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [details, setDetails] = useState(emptyDetails);
  const [account, setAccount] = useState<PersonalAccount | null>(null);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const close = () => {
    setDetails(emptyDetails);
    setAccount(null);
    setSecret('');
    setError(null);
    void queryClient.invalidateQueries({ queryKey: ['accounts'] });
    onClose();
  };
  const describe = (cause: unknown) => {
    if (!(cause instanceof ApiError)) return errorText(cause);
    const key = `personalAccounts.error.${cause.code}`;
    // A password flood names no wait: the general text says to try later.
    if (cause.code === 'flood_wait' && cause.retryAfterSeconds === null) return errorText(cause);
    return i18n.exists(key) ? t(key, { seconds: cause.retryAfterSeconds }) : errorText(cause);
  };
  const run = async (call: () => Promise<PersonalAccount>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await call();
      setAccount(next);
      setSecret('');
      setWaitUntil(Date.now() + (next.login.timeout ?? 0) * 1000);
    } catch (cause) {
      setError(describe(cause));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!account)
      void run(() =>
        startLogin({
          name: details.name.trim(),
          phone_number: details.phone_number.trim(),
          api_id: Number(details.api_id),
          api_hash: details.api_hash.trim(),
        }),
      );
    else if (account.login.step === 'code') void run(() => verifyCode(account.id, secret.trim()));
    else if (account.login.step === 'password') void run(() => verifyPassword(account.id, secret));
  };
  const step = account?.login.step ?? 'details';
  const codeType = account?.login.code_type ?? '';
  const resendIn = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('personalAccounts.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('personalAccounts.close') }}
    >
      <form onSubmit={submit} aria-label={t('personalAccounts.title')}>
        <Stack gap="sm">
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {step === 'details' && (
            <>
              <Alert color="yellow">{t('personalAccounts.warning')}</Alert>
              <TextInput
                label={t('personalAccounts.name')}
                required
                value={details.name}
                onChange={(event) => setDetails({ ...details, name: event.currentTarget.value })}
                data-autofocus
              />
              <TextInput
                label={t('personalAccounts.phone')}
                description={t('personalAccounts.phoneHint')}
                required
                type="tel"
                value={details.phone_number}
                onChange={(event) => setDetails({ ...details, phone_number: event.currentTarget.value })}
              />
              <NumberInput
                label={t('personalAccounts.apiId')}
                description={t('personalAccounts.apiHint')}
                required
                hideControls
                value={details.api_id}
                onChange={(value) => setDetails({ ...details, api_id: value })}
              />
              <PasswordInput
                label={t('personalAccounts.apiHash')}
                required
                autoComplete="off"
                value={details.api_hash}
                onChange={(event) => setDetails({ ...details, api_hash: event.currentTarget.value })}
              />
            </>
          )}
          {step === 'code' && (
            <>
              <Text size="sm">
                {i18n.exists(`personalAccounts.codeType.${codeType}`) ? t(`personalAccounts.codeType.${codeType}`) : account?.login.message}
              </Text>
              <TextInput
                label={t('personalAccounts.code')}
                required
                inputMode="numeric"
                autoComplete="one-time-code"
                value={secret}
                onChange={(event) => setSecret(event.currentTarget.value)}
                data-autofocus
              />
              {account?.login.next_type && account.login.next_type !== 'none' && (
                <Button
                  variant="subtle"
                  w="fit-content"
                  disabled={resendIn > 0 || busy}
                  onClick={() => void run(() => resendCode(account.id))}
                >
                  {resendIn > 0 ? t('personalAccounts.resendIn', { seconds: resendIn }) : t('personalAccounts.resend')}
                </Button>
              )}
            </>
          )}
          {step === 'password' && (
            <PasswordInput
              label={t('personalAccounts.password')}
              description={t('personalAccounts.passwordHint')}
              required
              value={secret}
              onChange={(event) => setSecret(event.currentTarget.value)}
              data-autofocus
            />
          )}
          {step === 'done' && (
            <Alert color="green" role="status">
              {t('personalAccounts.done', { name: account?.bot_name ?? account?.name })}
            </Alert>
          )}
          <Group justify="flex-end" mt="sm">
            {step === 'done' ? (
              <Button onClick={close}>{t('personalAccounts.close')}</Button>
            ) : (
              <Button type="submit" loading={busy}>
                {step === 'details' ? t('personalAccounts.sendCode') : t('personalAccounts.verify')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
