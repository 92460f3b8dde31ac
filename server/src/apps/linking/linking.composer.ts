import { Composer } from 'grammy';
import type { AppBotContext, AppContext } from '../app.ts';
import { botText, languageOf } from './linking.messages.ts';
import { isLinkPayload, type LinkService, type RedeemOutcome } from './links.service.ts';

/** `/start <token>` links the chat; `/stop` unlinks it. Other /start payloads pass on to the next app or the welcome. */
export function createLinkingComposer(links: LinkService, channels: AppContext['channels']): Composer<AppBotContext> {
  const composer = new Composer<AppBotContext>();

  composer.command('start', async (context, next) => {
    const payload = context.match.trim();
    if (!isLinkPayload(payload)) return next();
    const language = languageOf(context.from?.language_code);
    if (context.chat.type !== 'private' || !context.from) {
      await context.reply(botText(language, 'privateOnly'));
      return;
    }
    const result = await links.redeem({
      token: payload,
      channelId: context.channel.id,
      chatId: String(context.chat.id),
      person: { id: context.from.id, username: context.from.username, language },
    });
    await context.reply(await replyFor(result, language, channels));
  });

  composer.command('stop', async (context) => {
    const language = languageOf(context.from?.language_code);
    if (!context.from) return;
    const unlinked = await links.disconnectChat(context.channel.id, String(context.from.id));
    await context.reply(botText(language, unlinked.length > 0 ? 'stopped' : 'notLinked'));
  });

  return composer;
}

async function replyFor(result: RedeemOutcome, language: ReturnType<typeof languageOf>, channels: AppContext['channels']): Promise<string> {
  switch (result.outcome) {
    case 'linked':
      return botText(language, result.subject.kind === 'staff' ? 'linkedStaff' : 'linkedClient');
    case 'other_bot': {
      const channel = await channels.get(result.channelId);
      return botText(language, 'otherBot', { bot: channel?.username ? `@${channel.username}` : (channel?.name ?? '?') });
    }
    default:
      return botText(language, result.outcome === 'used' ? 'used' : result.outcome === 'expired' ? 'expired' : 'unknown');
  }
}
