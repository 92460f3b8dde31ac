// An operator takes a conversation over from its wizard (the flow waits at its
// step, the customer's messages wait for the operator) and hands it back (the
// flow resumes at that step and asks its question again).
import type { ChatFlow } from '@switchboard/contract';
import type { ChannelRecord } from '../channels/channel.ts';
import type { Db } from '../platform/index.ts';
import type { FlowRuntime } from './flow-runtime.ts';
import { findSession, pauseSession, resumeSession, type FlowSession } from './sessions.store.ts';

/** What the inbox shows of a conversation's flow. */
export function serializeFlow(session: FlowSession | null): ChatFlow | null {
  if (!session) return null;
  return {
    app: session.app,
    flow: session.flow,
    step: session.step,
    started_at: session.startedAt.toISOString(),
    updated_at: session.updatedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    paused: session.pausedAt !== null,
    paused_by: session.pausedBy,
    paused_at: session.pausedAt?.toISOString() ?? null,
  };
}

export function createOperatorControl(options: {
  db: Db;
  runtime: FlowRuntime;
  channels: { get(channelId: number): Promise<ChannelRecord | null> };
}) {
  const { db, runtime } = options;
  return {
    current: async (conversationId: number) => serializeFlow(await findSession(db, conversationId)),
    takeOver: async (conversationId: number, staffId: number) =>
      serializeFlow(await pauseSession(db, conversationId, staffId, runtime.now())),
    /** Null when no flow runs here; otherwise the flow, resumed, its question asked again. */
    async handBack(conversationId: number) {
      const session = await findSession(db, conversationId);
      if (!session) return null;
      const wizard = runtime.wizardOf(session);
      const at = runtime.now();
      const resumed = await resumeSession(db, conversationId, at, new Date(at.getTime() + (wizard?.timeoutMs ?? 0)));
      const channel = resumed ? await options.channels.get(resumed.channelId) : null;
      const step = wizard?.steps[session.step];
      if (resumed && channel && step) {
        const capabilities = runtime.capabilitiesOf(channel);
        const prompt = step.prompt({
          data: resumed.data,
          origin: { channel, chatId: resumed.chatId, topicId: resumed.topicId, chatType: 'private', sender: null },
          conversationId,
          language: resumed.language,
          capabilities,
        });
        await runtime.sender.send({ channel, chatId: resumed.chatId, topicId: resumed.topicId, language: resumed.language }, prompt);
      }
      return serializeFlow(resumed);
    },
  };
}
