import { ControlError } from './api-error.ts';
import type { ChatMemberUpdated, Update } from './bot-api-types.ts';
import type { SimCore } from './sim-core.ts';
import type { SentMessage, SimulatorControl } from './simulator-types.ts';
import { createBusinessActions } from './business.ts';
import { createPaymentActions } from './payments.ts';
import { createUserActions } from './user-actions.ts';
import { createReactionActions } from './reactions.ts';
import { webhookInfo } from './webhook-methods.ts';

export interface ControlSurface extends SimulatorControl {
  /** Rejects every pending waitForSent; used by stop(). */
  closeWaiters(reason: string): void;
}

export function createControlSurface(core: SimCore): ControlSurface {
  const { world } = core;
  const waiters = new Set<(error: Error) => void>();

  function waitForSent(
    token: string,
    chatId: number,
    predicate: (message: SentMessage, all: SentMessage[]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SentMessage> {
    const rt = core.requireRuntime(token);
    const find = (): SentMessage | undefined => {
      const all = world.sentMessages(rt.bot.id, chatId);
      return all.find((message) => predicate(message, all));
    };
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const finish = (error: Error | null, message?: SentMessage): void => {
        unsubscribe();
        cancel();
        waiters.delete(fail);
        if (error) reject(error);
        else resolve(message!);
      };
      const fail = (error: Error): void => finish(error);
      const unsubscribe = world.onSent((botId, sent) => {
        if (botId !== rt.bot.id || sent.chat_id !== chatId) return;
        const match = find();
        if (match) finish(null, match);
      });
      const cancel = core.timers.after(timeoutMs, () => {
        const texts = world
          .sentMessages(rt.bot.id, chatId)
          .map((m) => `${m.message_id}:${m.kind}:${JSON.stringify(m.text ?? m.caption ?? '')}`);
        finish(new Error(`waitForSent: no matching message in chat ${chatId} within ${timeoutMs} ms; sent so far: [${texts.join(', ')}]`));
      });
      waiters.add(fail);
    });
  }

  return {
    createBot: (input) => core.addBot(input),
    createUser: (input) => world.createUser(input),
    createGroup: (input) => world.createGroup(input).chat,
    addMember(chatId, member, options = {}) {
      const group = world.group(chatId);
      if (!group) throw new ControlError(`unknown chat ${chatId}`);
      if (typeof member === 'number') {
        if (!world.user(member)) throw new ControlError(`unknown user ${member}`);
        group.members.add(member);
        return null;
      }
      const rt = core.requireRuntime(member);
      if (group.bots.has(rt.bot.id)) return null;
      const byId = options.by ?? [...group.members][0];
      const by = byId !== undefined ? world.user(byId) : undefined;
      if (!by) throw new ControlError('someone has to add the bot: add a user to the group first or pass { by: userId }');
      group.bots.add(rt.bot.id);
      const change: ChatMemberUpdated = {
        chat: group.chat,
        from: by.user,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: { user: rt.bot.user, status: 'left' },
        new_chat_member: { user: rt.bot.user, status: 'member' },
      };
      return core.enqueue(rt, { my_chat_member: change }, String(chatId));
    },
    createTopic(chatId, name) {
      const group = world.group(chatId);
      if (!group?.chat.is_forum) throw new ControlError(`chat ${chatId} is not a forum supergroup`);
      const conversation = world.conversation(null, group.chat);
      const topic = { message_thread_id: conversation.nextMessageId++, name, icon_color: 7322096 };
      conversation.messages.set(topic.message_thread_id, {
        message: {
          message_id: topic.message_thread_id,
          chat: group.chat,
          date: Math.floor(Date.now() / 1000),
          message_thread_id: topic.message_thread_id,
          forum_topic_created: { name, icon_color: topic.icon_color },
        },
      });
      group.topics.set(topic.message_thread_id, topic);
      return topic;
    },
    ...createUserActions(core),
    ...createPaymentActions(core),
    ...createBusinessActions(core),
    ...createReactionActions(core),

    sentMessages: (token, chatId) => world.sentMessages(core.requireRuntime(token).bot.id, chatId),
    waitForSent,
    callbackAnswers: (token) => [...core.requireRuntime(token).bot.callbackAnswers],
    chatActions: (token, chatId) => [...(core.requireRuntime(token).bot.chatActions.get(chatId) ?? [])],
    pendingUpdates: (token): Update[] =>
      core
        .requireRuntime(token)
        .queue.entries()
        .map((entry) => entry.update),
    webhookInfo: (token) => webhookInfo(core.requireRuntime(token)),
    webhookDeliveries: (token) => core.requireRuntime(token).webhook.deliveries(),
    deliverRaw: (token, update, options) => core.requireRuntime(token).webhook.deliverRaw(update, options),
    stats: (token) => core.statsOf(core.requireRuntime(token)),
    restartUpdateIds(token, nextUpdateId) {
      if (!Number.isSafeInteger(nextUpdateId) || nextUpdateId < 1) throw new ControlError('restartUpdateIds needs a positive whole number');
      core.requireRuntime(token).queue.restartUpdateIds(nextUpdateId);
    },

    setFaults(token, faults) {
      if (token !== '*') core.requireRuntime(token);
      core.faults.set(token, faults);
    },
    failNext(token, n, kind, options) {
      core.requireRuntime(token);
      if (!Number.isInteger(n) || n < 1) throw new ControlError('failNext needs a positive whole number of calls');
      core.faults.failNext(token, n, kind, options);
    },
    setRates: (rates) => core.limiter.setRates(rates),
    reset() {
      for (const fail of [...waiters]) fail(new Error('simulator was reset'));
      core.reset();
    },
    closeWaiters(reason) {
      for (const fail of [...waiters]) fail(new Error(reason));
    },
  };
}
