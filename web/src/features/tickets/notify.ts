import { notifications } from '@mantine/notifications';
import { i18next } from '../../lib/i18n.ts';

/** A green confirmation toast whose close button has a name a screen reader can say. */
export function showSuccess(message: string): void {
  notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': i18next.t('common.close') } });
}
