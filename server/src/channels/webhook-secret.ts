import { createRandomToken, equalsInConstantTime, registerSecret, type SecretBox } from '../platform/index.ts';
import type { ChannelDb, ChannelRow } from './tables.ts';

/**
 * Every bot has a webhook secret: generated and stored encrypted when none is configured; for the bot that
 * TELEGRAM_BOT_TOKEN defines, TELEGRAM_WEBHOOK_SECRET when set. A changed TELEGRAM_WEBHOOK_SECRET replaces the
 * stored one, so the old stops working and the next start of the intake registers the new one with Telegram.
 * Returns true when it changed the row (the caller reloads it).
 */
export async function ensureWebhookSecret(
  handle: ChannelDb,
  secretBox: SecretBox,
  row: ChannelRow,
  configured: string | undefined,
): Promise<boolean> {
  const stored = row.webhook_secret_encrypted ? secretBox.decrypt(row.webhook_secret_encrypted) : null;
  // Random text no pattern recognises: the logger masks it once told.
  registerSecret(stored ?? undefined);
  if (stored !== null && (configured === undefined || equalsInConstantTime(stored, configured))) return false;
  const next = configured ?? createRandomToken(32);
  registerSecret(next);
  await handle
    .updateTable('channels')
    .set({ webhook_secret_encrypted: secretBox.encrypt(next), updated_at: new Date() })
    .where('id', '=', row.id)
    .execute();
  return true;
}
