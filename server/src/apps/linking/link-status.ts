import { z } from 'zod';
import type { AppContext } from '../app.ts';
import type { LinkService } from './links.service.ts';
import type { LinkRow, Subject } from './tables.ts';

export const statusResponse = z.object({
  connected: z.boolean(),
  enabled: z.boolean(),
  telegram_user_id: z.string().nullable(),
  telegram_username: z.string().nullable(),
  bot_username: z.string().nullable(),
  /** The bot's channel kind: its text limit and the rest are that kind's capabilities (GET /api/channels/kinds). */
  channel_kind: z.string().nullable(),
  language: z.string().nullable(),
  linked_at: z.string().nullable(),
  pending_link_expires_at: z.string().nullable(),
});
export type StatusJson = z.infer<typeof statusResponse>;

/** seed 001's status, plus the bot, the language and a link still waiting to be opened. */
export async function serializeStatus(
  context: Pick<AppContext, 'channels'>,
  links: LinkService,
  link: LinkRow | undefined,
  pendingFor: Subject | undefined,
): Promise<StatusJson> {
  const bot = link ? await context.channels.get(link.channel_id) : null;
  const pending = !link && pendingFor ? await links.pendingToken(pendingFor) : undefined;
  return {
    connected: Boolean(link),
    enabled: link?.enabled ?? false,
    telegram_user_id: link?.telegram_user_id ?? null,
    telegram_username: link?.telegram_username ?? null,
    bot_username: bot?.username ?? null,
    channel_kind: bot?.kind ?? null,
    language: link?.language ?? null,
    linked_at: link?.linked_at.toISOString() ?? null,
    pending_link_expires_at: pending?.expires_at.toISOString() ?? null,
  };
}
