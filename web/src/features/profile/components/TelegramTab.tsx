import { TelegramLinkWidget } from '../../telegram-link/index.ts';

/** seed 001's "Telegram" tab of the staff profile: the shared link widget (deep link, QR, status, mute, disconnect). */
export function TelegramTab() {
  return <TelegramLinkWidget audience="user" />;
}
