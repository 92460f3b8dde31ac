// Neutral replies → fitted to the channel (channels/flow-degrade.ts) → its
// renderer; the menus sent are stored so their buttons resolve later.
import { randomBytes } from 'node:crypto';
import type { ChannelAdapter, ChannelRecord } from '../channels/channel.ts';
import { fitReply, type StoredMenu } from '../channels/flow-degrade.ts';
import type { FlowReply, RenderedReply } from '../channels/flows.ts';
import type { Db, Logger } from '../platform/index.ts';
import type { FlowLanguage } from './app-flows.ts';
import { latestMenu, saveMenus } from './menus.store.ts';

export interface ReplyDestination {
  channel: ChannelRecord;
  chatId: string;
  topicId: string;
  language: FlowLanguage;
  /** The menu a button press came from: `edit_menu` edits that one. */
  menuMessageId?: string;
}

export type ReplySender = ReturnType<typeof createReplySender>;

export function createReplySender(options: { db: Db; logger: Logger; adapterFor(kind: string): ChannelAdapter }) {
  const { db, logger } = options;
  const newKey = () => randomBytes(8).toString('base64url');

  /** Sends rendered replies and stores the menus among them with the message that carries each. */
  async function render(
    destination: ReplyDestination,
    rendered: RenderedReply[],
    menus: Array<{ menu: StoredMenu; index: number }>,
    problems: string[],
  ) {
    const { channel } = destination;
    const adapter = options.adapterFor(channel.kind);
    if (!adapter.renderReplies) throw new Error(`${channel.kind} channels do not render flow replies yet`);
    const outcome = await adapter.renderReplies(channel, { chatId: destination.chatId, topicId: destination.topicId }, rendered);
    await saveMenus(
      db,
      { channelId: channel.id, chatId: destination.chatId },
      menus.map(({ menu, index }) => ({ menu, messageId: outcome.messageIds[index] ?? null })),
    );
    const all = [...problems, ...outcome.problems];
    if (all.length > 0)
      logger.info(
        { channel_id: channel.id, chat_id: destination.chatId, problems: all },
        'flow replies were adapted to what the channel can show',
      );
  }

  return {
    render,
    async send(destination: ReplyDestination, replies: FlowReply[]): Promise<void> {
      if (replies.length === 0) return;
      const capabilities = options.adapterFor(destination.channel.kind).interactions;
      if (!capabilities) throw new Error(`${destination.channel.kind} channels declare no interaction capabilities`);
      const chat = { channelId: destination.channel.id, chatId: destination.chatId };
      const wantsEdit = replies.some((reply) => reply.type === 'edit_menu');
      const lastMenuMessageId =
        destination.menuMessageId ?? (wantsEdit ? ((await latestMenu(db, chat))?.messageId ?? undefined) : undefined);
      const rendered: RenderedReply[] = [];
      const menus: Array<{ menu: StoredMenu; index: number }> = [];
      const problems: string[] = [];
      for (const reply of replies) {
        const fitted = fitReply(reply, capabilities, { newKey, language: destination.language, lastMenuMessageId });
        for (const menu of fitted.menus) menus.push({ menu, index: rendered.length });
        rendered.push(...fitted.rendered);
        problems.push(...fitted.problems);
      }
      await render(destination, rendered, menus, problems);
    },
  };
}
