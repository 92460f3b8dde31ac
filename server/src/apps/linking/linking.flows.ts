import type { AppContext, AppFlows, FlowContext } from '../app.ts';
import { botText, languageOf } from './linking.messages.ts';
import { isLinkPayload, type LinkService, type RedeemOutcome } from './links.service.ts';

/**
 * `/start <token>` links the chat; `/stop` unlinks it. Other /start payloads
 * pass on to the next app or the welcome. Deep-link start payloads exist only
 * on channels with the `deep_links` extra (Telegram bots).
 */
export function createLinkingFlows(links: LinkService, context: Pick<AppContext, 'channels' | 'contacts'>): AppFlows {
  const { channels } = context;
  return {
    async handle(flow) {
      const { event } = flow;
      if (event.type !== 'command') return false;
      if (event.command === 'start' && flow.hasExtra('deep_links') && isLinkPayload(event.args)) return redeem(flow, event.args);
      if (event.command === 'stop') return stop(flow);
      return false;
    },
  };

  async function redeem(flow: FlowContext, token: string): Promise<boolean> {
    const { origin } = flow;
    const language = languageOf(origin.sender?.languageCode);
    if (origin.chatType !== 'private' || !origin.sender) {
      flow.reply({ type: 'text', text: botText(language, 'privateOnly') });
      return true;
    }
    const result = await links.redeem({
      token,
      channelId: origin.channel.id,
      chatId: origin.chatId,
      person: { externalId: origin.sender.externalId, username: origin.sender.username, language },
    });
    // The client's messenger account is now known to be that client: the inbox files its chats under the same contact.
    if (result.outcome === 'linked' && result.subject.kind === 'client')
      await context.contacts.linkIdentity(result.subject.id, {
        channelId: origin.channel.id,
        externalId: origin.sender.externalId,
        username: origin.sender.username ?? null,
      });
    flow.reply({ type: 'text', text: await replyFor(result, language, channels) });
    return true;
  }

  async function stop(flow: FlowContext): Promise<boolean> {
    const { origin } = flow;
    if (!origin.sender) return false;
    const language = languageOf(origin.sender.languageCode);
    const unlinked = await links.disconnectChat(origin.channel.id, origin.sender.externalId);
    flow.reply({ type: 'text', text: botText(language, unlinked.length > 0 ? 'stopped' : 'notLinked') });
    return true;
  }
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
