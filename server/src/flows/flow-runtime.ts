// The flow runtime: one neutral event (after the inbox recorded it) → the
// conversation's running wizard, or else each app that is switched on for
// the channel, in order, or else the welcome on /start. Wizard state lives
// in flow_sessions, so a restart or another instance carries on at the step.

import type { ChannelAdapter, ChannelRecord } from '../channels/channel.ts';
import { choiceForNumber, decodeButtonData, looksLikeNumberAnswer, renderMenuPage } from '../channels/flow-degrade.ts';
import {
  isCancel,
  type FlowCheckout,
  type FlowCheckoutAnswer,
  type FlowEvent,
  type FlowOrigin,
  type FlowReply,
  type FlowSink,
} from '../channels/flows.ts';
import type { Db, Logger } from '../platform/index.ts';
import type { AppFlows, FlowContext, FlowLanguage, WizardDefinition } from './app-flows.ts';
import { findMenu, latestMenu } from './menus.store.ts';
import { createReplySender, type ReplyDestination } from './reply-sender.ts';
import { createConversationSessionLoader } from './session-loader.ts';
import { endSession, findSession, startSession, takeExpiredSessions, type FlowSession } from './sessions.store.ts';
import { defaultWelcomeText, flowLanguageOf, flowText } from './texts.ts';
import { runWizardStep } from './wizard-step.ts';

export interface FlowRuntimeOptions {
  db: Db;
  logger: Logger;
  adapterFor(kind: string): ChannelAdapter;
  channels: { get(channelId: number): Promise<ChannelRecord | null> };
  /** Apps in mounting order. */
  apps: Array<{ name: string; flows: AppFlows; always?: boolean }>;
  /** The clock wizards' timeouts read (tests drive their own). */
  now?: () => Date;
}

export type FlowRuntime = ReturnType<typeof createFlowRuntime>;

const maxConflicts = 3;

export function createFlowRuntime(options: FlowRuntimeOptions) {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const sender = createReplySender({ db, logger, adapterFor: options.adapterFor });
  const conversationSessions = createConversationSessionLoader(db);
  const wizards = new Map<string, WizardDefinition>();
  for (const app of options.apps) for (const wizard of app.flows.wizards ?? []) wizards.set(`${app.name}/${wizard.name}`, wizard);
  const wizardOf = (session: Pick<FlowSession, 'app' | 'flow'>) => wizards.get(`${session.app}/${session.flow}`);
  // `always`: the inbox's own handler (CSAT answers), which no channel's app list switches off.
  const enabledOn = (channel: ChannelRecord, app: { name: string; always?: boolean }) =>
    app.always === true || channel.settings.apps === undefined || channel.settings.apps.includes(app.name);

  /** Button data and typed numbers back to the choice they stand for; null when the runtime answered itself (a page turn). */
  async function resolveEvent(event: FlowEvent, destination: ReplyDestination): Promise<FlowEvent | null> {
    const chat = { channelId: destination.channel.id, chatId: destination.chatId };
    if (event.type === 'message') {
      // Only a typed number can answer a numbered menu: other texts cost no query.
      if (!looksLikeNumberAnswer(event.text)) return event;
      const last = await latestMenu(db, chat);
      const chosen = last?.menu.layout === 'numbered' ? choiceForNumber(last.menu, event.text) : null;
      return chosen ? { type: 'choice', payload: chosen.payload } : event;
    }
    if (event.type !== 'choice') return event;
    const data = decodeButtonData(event.payload);
    if (data.kind === 'payload') return event;
    const stored = await findMenu(db, chat, data.key);
    if (!stored) {
      await sender.send(destination, [{ type: 'text', text: flowText(destination.language, 'menuGone') }]);
      return null;
    }
    if (data.kind === 'stored') return { ...event, payload: stored.menu.choices[data.index]?.payload ?? event.payload };
    const capabilities = options.adapterFor(destination.channel.kind).interactions!;
    const page = renderMenuPage(stored.menu, data.page, capabilities, event.menuMessageId ?? stored.messageId ?? undefined);
    await sender.render(destination, page.rendered, [], page.problems);
    return null;
  }

  function contextFor(
    origin: FlowOrigin,
    event: FlowEvent,
    conversationId: number,
    language: FlowLanguage,
    app: string,
    replies: FlowReply[],
  ): FlowContext {
    const capabilities = options.adapterFor(origin.channel.kind).interactions!;
    return {
      event,
      origin,
      conversationId,
      language,
      capabilities,
      hasExtra: (extra) => capabilities.extras.includes(extra),
      reply: (...more) => void replies.push(...more),
      async startWizard(name, data) {
        const wizard = wizards.get(`${app}/${name}`);
        if (!wizard) throw new Error(`App ${app} has no wizard "${name}"`);
        const at = now();
        const session = await startSession(db, {
          conversationId,
          channelId: origin.channel.id,
          chatId: origin.chatId,
          topicId: origin.topicId,
          app,
          flow: name,
          step: wizard.firstStep,
          data: data ?? {},
          language,
          startedAt: at,
          updatedAt: at,
          expiresAt: new Date(at.getTime() + wizard.timeoutMs),
        });
        replies.push(...wizard.steps[wizard.firstStep]!.prompt({ data: session.data, origin, conversationId, language, capabilities }));
      },
    };
  }

  /** Apps in order, then the welcome on /start. */
  async function runApps(origin: FlowOrigin, event: FlowEvent, conversationId: number, destination: ReplyDestination): Promise<void> {
    for (const app of options.apps) {
      if (!app.flows.handle || !enabledOn(origin.channel, app)) continue;
      const replies: FlowReply[] = [];
      if (await app.flows.handle(contextFor(origin, event, conversationId, destination.language, app.name, replies))) {
        await sender.send(destination, replies);
        return;
      }
    }
    if (event.type === 'command' && event.command === 'start') {
      await sender.send(destination, [{ type: 'text', text: origin.channel.settings.welcome_text?.trim() || defaultWelcomeText }]);
    }
  }

  /** The running wizard's answer; 'fresh' when none runs any more and the apps should see the event. */
  async function continueWizard(
    session: FlowSession,
    origin: FlowOrigin,
    event: FlowEvent,
    destination: ReplyDestination,
  ): Promise<'done' | 'fresh' | 'conflict'> {
    if (session.pausedAt) return 'done';
    const wizard = wizardOf(session);
    const step = wizard?.steps[session.step];
    if (!wizard || !step || now() >= session.expiresAt) {
      if (!(await endSession(db, session))) return 'conflict';
      if (wizard && step) await sender.send(destination, [{ type: 'text', text: flowText(destination.language, 'timedOut') }]);
      else
        logger.warn(
          { app: session.app, flow: session.flow, step: session.step },
          'a conversation was in a flow this server does not run; ended it',
        );
      return 'fresh';
    }
    if (isCancel(event)) {
      if (!(await endSession(db, session))) return 'conflict';
      await sender.send(destination, [{ type: 'text', text: flowText(destination.language, 'cancelled') }]);
      return 'done';
    }
    const capabilities = options.adapterFor(origin.channel.kind).interactions!;
    const base = { origin, conversationId: session.conversationId, language: destination.language, capabilities };
    const result = await runWizardStep({ db, session, wizard, step, base, event, now: now() });
    if (result === 'conflict') return 'conflict';
    await sender.send(destination, result);
    return 'done';
  }

  const sink: FlowSink = {
    async handle(origin, incoming) {
      // The conversation and its running wizard, read with those of the other chats handled now (issue 27).
      const found = await conversationSessions.load({ channelId: origin.channel.id, chatId: origin.chatId, topicId: origin.topicId });
      // Updates without a chat (an inline-mode button, say) have no conversation: nothing for a flow to answer.
      if (found === null)
        return logger.debug({ channel_id: origin.channel.id }, 'a flow event came for a conversation the inbox has not recorded');
      const language = flowLanguageOf(origin.sender?.languageCode);
      const menuMessageId = incoming.type === 'choice' ? incoming.menuMessageId : undefined;
      const destination: ReplyDestination = {
        channel: origin.channel,
        chatId: origin.chatId,
        topicId: origin.topicId,
        language,
        menuMessageId,
      };
      const { conversationId } = found;
      const event = await resolveEvent(incoming, destination);
      if (!event) return;
      for (let attempt = 0; attempt < maxConflicts; attempt += 1) {
        // The first attempt uses the session read with the conversation; a stale one conflicts and is read again.
        const session = attempt === 0 ? found.session : await findSession(db, conversationId);
        const outcome = session ? await continueWizard(session, origin, event, destination) : 'fresh';
        if (outcome === 'done') return;
        if (outcome === 'fresh') return runApps(origin, event, conversationId, destination);
      }
      logger.warn({ conversation_id: conversationId }, 'a flow step kept changing under this event; left it for the next one');
    },
  };

  return {
    sink,
    sender,
    wizardOf,
    now,
    capabilitiesOf: (channel: ChannelRecord) => options.adapterFor(channel.kind).interactions!,
    /** A payment about to go through: the first app switched on here that knows the invoice decides; null when none does. */
    async checkout(query: FlowCheckout): Promise<FlowCheckoutAnswer | null> {
      for (const app of options.apps) {
        if (!app.flows.checkout || !enabledOn(query.channel, app)) continue;
        const answer = await app.flows.checkout(query);
        if (answer) return answer;
      }
      return null;
    },
    /** Ends wizards idle past their timeout and tells their customers (the sweep job; one instance gets each). */
    async expireSessions(): Promise<number> {
      const expired = await takeExpiredSessions(db, now());
      for (const session of expired) {
        const channel = await options.channels.get(session.channelId);
        if (!channel || !wizardOf(session)) continue;
        const destination = { channel, chatId: session.chatId, topicId: session.topicId, language: session.language };
        await sender
          .send(destination, [{ type: 'text', text: flowText(session.language, 'timedOut') }])
          .catch((error: unknown) =>
            logger.warn({ err: error, conversation_id: session.conversationId }, 'telling a customer their flow timed out failed'),
          );
      }
      return expired.length;
    },
  };
}
