// An account that needs an admin now (the server's `account_alert`, sent to admins only): a message in the page
// that stays until closed, in the reader's language by the alert's code (the English text when the code is new).
import { notifications } from '@mantine/notifications';
import { createElement } from 'react';
import i18n from 'i18next';

export interface AccountAlertEvent {
  type: 'account_alert';
  account_id: number;
  account_name: string | null;
  code: string;
  text: string;
}

export function isAccountAlert(event: { type: string }): event is AccountAlertEvent {
  return event.type === 'account_alert';
}

export function showAccountAlert(event: AccountAlertEvent, open: () => void): void {
  const name = event.account_name ?? `#${event.account_id}`;
  notifications.show({
    id: `account-alert-${event.account_id}-${event.code}`,
    color: 'red',
    title: i18n.t('operator.accountAlert.title', { name }),
    message: createElement(
      'span',
      { 'data-testid': 'account-alert', onClick: open, style: { cursor: 'pointer' } },
      i18n.t(`operator.accountAlert.${event.code}`, { name, defaultValue: event.text }),
    ),
    autoClose: false,
  });
}
