// Reactions: a user reacts to a message (Telegram sends the bot a message_reaction update, only when the bot
// named it in allowed_updates) and the bot sets its own with setMessageReaction. Telegram's rules kept here:
// only the standard emoji set, and at most one reaction from a bot (it reacts as a non-Premium user).
import { ControlError, badRequest } from './api-error.ts';
import type { ReactionTypeEmoji } from './bot-api-types.ts';
import type { MethodHandler } from './method-context.ts';
import { json } from './method-params.ts';
import { requireMessage, resolveTarget } from './send-support.ts';
import type { SimCore } from './sim-core.ts';
import type { SimulatorControl } from './simulator-types.ts';
import type { StoredMessage } from './world-state.ts';

/** The reactions Telegram offers everyone (ReactionTypeEmoji's list in the Bot API). */
export const STANDARD_REACTIONS = new Set(
  '👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡'.split(
    ' ',
  ),
);

const reactionsOf = (stored: StoredMessage) => (stored.reactions ??= { users: new Map(), bot: [] });
const asTypes = (emoji: string[]): ReactionTypeEmoji[] => emoji.map((value) => ({ type: 'emoji', emoji: value }));

const setMessageReaction: MethodHandler = ({ core, rt, params }) => {
  const target = resolveTarget(core, rt, params);
  const stored = requireMessage(target, params, 'message to react');
  const reaction = json<Array<{ type?: string; emoji?: string }>>(params, 'reaction', "can't parse reaction types JSON object") ?? [];
  if (!Array.isArray(reaction)) throw badRequest("can't parse reaction types JSON object");
  if (reaction.length > 1) throw badRequest('REACTIONS_TOO_MANY');
  const emoji = reaction.map((item) => {
    if (item?.type !== 'emoji' || typeof item.emoji !== 'string' || !STANDARD_REACTIONS.has(item.emoji.replace(/\uFE0F/g, '')))
      throw badRequest('REACTION_INVALID');
    return item.emoji;
  });
  reactionsOf(stored).bot = emoji;
  return true;
};

export const reactionMethods: Record<string, MethodHandler> = { setMessageReaction };

export function createReactionActions(core: SimCore): Pick<SimulatorControl, 'reactToMessage' | 'botReactions'> {
  const { world } = core;
  return {
    reactToMessage(token, input) {
      const rt = core.requireRuntime(token);
      const user = world.user(input.from);
      if (!user) throw new ControlError(`unknown user ${input.from}: create it with createUser first`);
      const chat = input.chat === undefined || input.chat === input.from ? world.privateChat(user.user) : world.group(input.chat)?.chat;
      if (!chat) throw new ControlError(`unknown chat ${input.chat}`);
      const stored = world.conversation(rt.bot, chat).messages.get(input.message_id);
      if (!stored) throw new ControlError(`no message ${input.message_id} in chat ${chat.id}`);
      for (const emoji of input.emoji)
        if (!STANDARD_REACTIONS.has(emoji.replace(/\uFE0F/g, ''))) throw new ControlError(`${emoji} is not one of Telegram's reactions`);
      const reactions = reactionsOf(stored);
      const old = reactions.users.get(user.user.id) ?? [];
      reactions.users.set(user.user.id, [...input.emoji]);
      return core.enqueue(
        rt,
        {
          message_reaction: {
            chat,
            message_id: input.message_id,
            user: user.user,
            date: Math.floor(Date.now() / 1000),
            old_reaction: asTypes(old),
            new_reaction: asTypes(input.emoji),
          },
        },
        String(chat.id),
      );
    },
    botReactions(token, chatId, messageId) {
      const rt = core.requireRuntime(token);
      const conversation = world.findConversation(rt.bot, chatId);
      return [...(conversation?.messages.get(messageId)?.reactions?.bot ?? [])];
    },
  };
}
