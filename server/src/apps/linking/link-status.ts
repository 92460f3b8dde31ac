import type { LinkStatus } from '@switchboard/contract';
import type { AppContext } from '../app.ts';
import type { LinkService } from './links.service.ts';
import type { LinkRow, Subject } from './tables.ts';

/** seed 001's status, plus the bot, the language and a link still waiting to be opened. */
export async function serializeStatus(
  context: Pick<AppContext, 'channels'>,
  links: LinkService,
  link: LinkRow | undefined,
  pendingFor: Subject | undefined,
): Promise<LinkStatus> {
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
