// seed 001's TelegramNotificationsWidget: link Telegram by deep link or QR code, see who is linked,
// mute without unlinking, disconnect. The portal dashboard uses it for clients, the staff profile for staff.
import { Alert, Anchor, Badge, Button, Group, Image, Modal, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MessengerMark } from '../../components/ui/icons.tsx';
import { useNow } from '../../lib/use-now.ts';
import type { TelegramAudience, TelegramDeepLink, TelegramLinkStatus } from './api/telegram-link.api.ts';
import { useTelegramLinkActions, useTelegramStatus } from './hooks/useTelegramLink.ts';
import { safeHref } from '../../lib/safe-display.ts';
import { errorText } from '../../lib/errors.ts';

export interface TelegramLinkWidgetProps {
  /** 'client': the signed-in portal client (/api/telegram/client/*); 'user': the signed-in staff user (/api/telegram/user/*). */
  audience: TelegramAudience;
}

export function TelegramLinkWidget({ audience }: TelegramLinkWidgetProps) {
  const { t } = useTranslation();
  const [deepLink, setDeepLink] = useState<TelegramDeepLink | null>(null);
  const status = useTelegramStatus(audience, deepLink?.expires_at ?? null);
  const { generate, setEnabled, disconnect } = useTelegramLinkActions(audience);
  const [confirming, setConfirming] = useState(false);
  const connected = status.data?.connected ?? false;

  const [justLinked, setJustLinked] = useState(false);
  // The moment the chat is bound, the link has done its job: forget it (it is used) and say so.
  if (connected && deepLink) {
    setDeepLink(null);
    setJustLinked(true);
  }

  const closeAfterDisconnect = () => {
    setConfirming(false);
    setJustLinked(false);
  };
  const error = generate.error ?? setEnabled.error ?? disconnect.error ?? status.error;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`telegram-widget-${audience}`} data-testid="telegram-widget">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={8} wrap="nowrap">
            <MessengerMark type="telegram" size={22} />
            <Title order={2} size="h4" id={`telegram-widget-${audience}`}>
              {t('portal.telegram.title')}
            </Title>
          </Group>
          {status.data && (
            <Badge color={connected ? (status.data.enabled ? 'green' : 'yellow') : 'gray'} variant="light" data-testid="telegram-badge">
              {connected
                ? status.data.enabled
                  ? t('portal.telegram.badgeOn')
                  : t('portal.telegram.badgeMuted')
                : t('portal.telegram.badgeOff')}
            </Badge>
          )}
        </Group>
        {error && (
          <Alert color="red" role="alert">
            {errorText(error)}
          </Alert>
        )}
        {status.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
        {status.data &&
          (connected ? (
            <LinkedView
              justLinked={justLinked}
              status={status.data}
              onToggle={(enabled) => setEnabled.mutate(enabled)}
              toggling={setEnabled.isPending}
              onDisconnect={() => setConfirming(true)}
            />
          ) : (
            <Stack gap="sm">
              <Text size="sm" data-testid="telegram-status">
                {t('portal.telegram.notLinked')}
              </Text>
              <Text size="sm" c="dimmed">
                {audience === 'client' ? t('portal.telegram.whyClient') : t('portal.telegram.whyStaff')}
              </Text>
              {deepLink ? (
                <DeepLinkView
                  link={deepLink}
                  onRenew={() => generate.mutate(undefined, { onSuccess: setDeepLink })}
                  renewing={generate.isPending}
                />
              ) : (
                <Button
                  onClick={() => generate.mutate(undefined, { onSuccess: setDeepLink })}
                  loading={generate.isPending}
                  w={{ base: '100%', xs: 'auto' }}
                >
                  {t('portal.telegram.link')}
                </Button>
              )}
            </Stack>
          ))}
      </Stack>
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('portal.telegram.disconnectTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          <Text size="sm">{t('portal.telegram.disconnectText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={disconnect.isPending}
              onClick={() => disconnect.mutate(undefined, { onSuccess: closeAfterDisconnect })}
            >
              {t('portal.telegram.disconnectConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function LinkedView(props: {
  justLinked: boolean;
  status: TelegramLinkStatus;
  onToggle(enabled: boolean): void;
  toggling: boolean;
  onDisconnect(): void;
}) {
  const { t } = useTranslation();
  const { status } = props;
  const who = status.telegram_username ? `@${status.telegram_username}` : t('portal.telegram.idOnly', { id: status.telegram_user_id });
  return (
    <Stack gap="sm">
      {props.justLinked && (
        <Alert color="green" role="status">
          {t('portal.telegram.linkedToast')}
        </Alert>
      )}
      <Text size="sm" data-testid="telegram-status">
        {t('portal.telegram.linkedAs', { who })}
        {status.bot_username && (
          <Text span c="dimmed" size="sm">
            {' '}
            {t('portal.telegram.viaBot', { bot: status.bot_username })}
          </Text>
        )}
      </Text>
      <Switch
        checked={status.enabled}
        disabled={props.toggling}
        onChange={(event) => props.onToggle(event.currentTarget.checked)}
        label={t('portal.telegram.enabled')}
        description={status.enabled ? undefined : t('portal.telegram.mutedHint')}
      />
      <Group>
        <Button variant="light" color="red" onClick={props.onDisconnect}>
          {t('portal.telegram.disconnect')}
        </Button>
      </Group>
    </Stack>
  );
}

function DeepLinkView({ link, onRenew, renewing }: { link: TelegramDeepLink; onRenew(): void; renewing: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const left = Math.max(0, Math.round((Date.parse(link.expires_at) - now.getTime()) / 1000));
  const countdown = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  if (left === 0) {
    return (
      <Stack gap="xs">
        <Alert color="yellow">{t('portal.telegram.expired')}</Alert>
        <Button onClick={onRenew} loading={renewing} w={{ base: '100%', xs: 'auto' }}>
          {t('portal.telegram.newLink')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack gap="sm" data-testid="telegram-deep-link">
      <Text size="sm">{t('portal.telegram.steps', { bot: link.bot_username })}</Text>
      <Button
        component="a"
        href={safeHref(link.link)}
        target="_blank"
        rel="noopener noreferrer"
        leftSection={<MessengerMark type="telegram" size={18} />}
        w={{ base: '100%', xs: 'auto' }}
      >
        {t('portal.telegram.open', { bot: link.bot_username })}
      </Button>
      <Group gap="md" wrap="nowrap" align="center">
        <Image
          src={link.qr_code}
          alt={t('portal.telegram.qrAlt')}
          w={148}
          h={148}
          fit="contain"
          radius="sm"
          bg="white"
          p={4}
          style={{ flex: 'none' }}
        />
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('portal.telegram.scan')}
          </Text>
          <Text size="sm" role="timer" aria-live="off">
            {t('portal.telegram.expiresIn', { time: countdown })}
          </Text>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('portal.telegram.waiting')}
          </Text>
          <Anchor component="button" type="button" size="sm" onClick={onRenew} disabled={renewing} ta="left">
            {t('portal.telegram.newLink')}
          </Anchor>
        </Stack>
      </Group>
    </Stack>
  );
}
