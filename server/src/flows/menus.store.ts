// flow_menus: menus as sent, per chat. Long button payloads, pages and numbered
// answers are resolved from here, on any instance and after restarts.

import type { StoredMenu } from '../channels/flow-degrade.ts';
import type { Db } from '../platform/index.ts';
import { flowTables } from './tables.ts';

const tables = flowTables;

export interface ChatRef {
  channelId: number;
  chatId: string;
}

export async function saveMenus(db: Db, chat: ChatRef, menus: Array<{ menu: StoredMenu; messageId: string | null }>): Promise<void> {
  // One statement each: their created_at (the statement's time) then orders them as sent.
  for (const { menu, messageId } of menus) {
    await tables(db)
      .insertInto('flow_menus')
      .values({ key: menu.key, channel_id: chat.channelId, chat_id: chat.chatId, menu: JSON.stringify(menu), message_id: messageId })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ message_id: messageId }))
      .execute();
  }
}

/** A menu of this chat by key (a key from another chat is not found). */
export async function findMenu(db: Db, chat: ChatRef, key: string): Promise<{ menu: StoredMenu; messageId: string | null } | null> {
  const row = await tables(db)
    .selectFrom('flow_menus')
    .select(['menu', 'message_id'])
    .where('key', '=', key)
    .where('channel_id', '=', chat.channelId)
    .where('chat_id', '=', chat.chatId)
    .executeTakeFirst();
  return row ? { menu: row.menu as StoredMenu, messageId: row.message_id } : null;
}

export async function latestMenu(db: Db, chat: ChatRef): Promise<{ menu: StoredMenu; messageId: string | null } | null> {
  const row = await tables(db)
    .selectFrom('flow_menus')
    .select(['menu', 'message_id'])
    .where('channel_id', '=', chat.channelId)
    .where('chat_id', '=', chat.chatId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { menu: row.menu as StoredMenu, messageId: row.message_id } : null;
}

export async function deleteMenusOlderThan(db: Db, days: number, now: Date): Promise<void> {
  await tables(db)
    .deleteFrom('flow_menus')
    .where('created_at', '<', new Date(now.getTime() - days * 86_400_000))
    .execute();
}
