import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AlertIcon } from '../../../components/ui/icons.tsx';

/** What an operator sees on an admin page: why, and the way back — never a raw 403. */
export function AdminsOnly() {
  const { t } = useTranslation();
  return (
    <Alert color="yellow" icon={<AlertIcon />} title={t('team.adminsOnlyTitle')} data-testid="admins-only">
      {t('team.adminsOnlyBody')}
      <div>
        <Button component={Link} to="/inbox" variant="light" size="xs" mt="sm">
          {t('team.backToInbox')}
        </Button>
      </div>
    </Alert>
  );
}
