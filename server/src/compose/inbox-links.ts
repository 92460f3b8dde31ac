// What the inbox asks of parts above it, handed in once they exist: the channel's reaction op for operators'
// reactions, and the flows' reply sender for the CSAT question after a resolution (issue 26).
import type { ChannelRecord } from '../channels/channel.ts';
import type { ChannelModules } from '../channels/module.ts';
import { flowLanguageOf, type Flows } from '../flows/index.ts';
import type { createDomainEvents } from '../inbox/app-ports.ts';
import type { Messaging } from '../messaging.ts';

export function linkInbox(input: {
  inbox: Messaging['inbox'];
  channels: { get(channelId: number): Promise<ChannelRecord | null> };
  modules: ChannelModules;
  flows: Flows;
  domainEvents: ReturnType<typeof createDomainEvents>;
}): void {
  const { inbox, channels, modules, flows } = input;
  // Operators' reactions go through the channel's optional setReactions op, where its capabilities allow it.
  inbox.reactions.useOps(async (channelId) => {
    const channel = await channels.get(channelId);
    const module = channel ? modules.get(channel.kind) : undefined;
    if (!channel || !module) return null;
    const { adapter, capabilities } = module;
    const setReactions = capabilities.reactions ? adapter.setReactions?.bind(adapter) : undefined;
    return {
      accountName: module.vocabulary.en.accountName,
      set: setReactions ? (chatId, id, emojis) => setReactions(channel, chatId, id, emojis) : undefined,
    };
  });
  // CSAT: after a resolution the inbox asks through the flow sender, in the contact's language.
  inbox.csat.useSender({
    async send(chat, language, replies) {
      const channel = await channels.get(chat.channelId);
      if (!channel) throw new Error(`There is no channel ${chat.channelId} to ask for a rating through.`);
      await flows.runtime.sender.send({ channel, chatId: chat.chatId, topicId: chat.topicId, language }, replies);
    },
    languageOf: flowLanguageOf,
  });
  input.domainEvents.on('conversation.resolved', (event) => inbox.csat.ask(event.conversationId));
}
