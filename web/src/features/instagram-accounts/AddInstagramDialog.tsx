// Connecting an Instagram professional account: POST /api/accounts with account_type "instagram" (the account id, its
// token, and the Meta app's secret and verify token), on the shared connect form.
import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectAccountDialog, type ConnectAccountForm } from './ConnectAccountDialog.tsx';

const instagramForm: ConnectAccountForm = {
  kind: 'instagram',
  accountType: 'instagram',
  fields: ['instagram_account_id', 'access_token', 'app_secret', 'verify_token'],
  secretFields: new Set(['access_token', 'app_secret', 'verify_token']),
  strings: 'instagramAccounts',
  webhookPath: '/webhooks/instagram',
};

export function AddInstagramDialog({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return <ConnectAccountDialog form={instagramForm} opened={opened} onClose={onClose} />;
}

/** The card's button and its dialog. */
export function AddInstagramAccount() {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <Button variant="subtle" onClick={() => setAdding(true)} w="fit-content" data-testid="add-instagram-account">
        {t('instagramAccounts.add')}
      </Button>
      <AddInstagramDialog opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}
