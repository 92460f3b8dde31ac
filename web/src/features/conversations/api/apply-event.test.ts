// The tab's own unread count (events for the whole team carry none) against a real query cache.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryClient } from '@tanstack/react-query';
import { applyServerEvent, cachedChat } from './apply-event.ts';
import { inboxKeys } from './conversations.api.ts';
import type { Chat, ChatListParams, Message, ServerEvent } from './types.ts';

const list: ChatListParams = { filter: 'all', q: '', messenger: '', channelId: '' };
const at = '2026-12-04T10:00:00.000Z';

function chat(lastMessageId: number, unread: number): Chat {
  return {
    id: 1,
    messenger: 'telegram',
    channel: { id: 1, name: 'Shop', username: 'shop_bot', kind: 'telegram_bot' },
    chat_type: 'private',
    title: 'Zhanna',
    contact: null,
    unread_count: unread,
    status: 'open',
    assigned_operator_id: null,
    last_message: { id: lastMessageId, text: 'Hello', direction: 'in', created_at: at },
    last_message_at: at,
    created_at: at,
  } as Chat;
}

function newMessage(id: number): ServerEvent {
  const message = { id, chat_id: 1, direction: 'in', sender_type: 'client', kind: 'text', text: 'Hello' } as Message;
  const { unread_count: _team, ...teamChat } = chat(id, 0);
  return { type: 'new_message', seq: id, message, chat: teamChat };
}

const context = { activeChatId: () => null, markRead: () => undefined, resync: () => undefined };

test('a message the list already counted (read from the server after it) is not counted again when its event comes', () => {
  const queryClient = new QueryClient();
  queryClient.setQueryData(inboxKeys.chatList(list), { pages: [{ results: [chat(7, 1)], next_cursor: null }], pageParams: [null] });
  applyServerEvent(queryClient, newMessage(7), context);
  assert.equal(cachedChat(queryClient, 1)?.unread_count, 1);
  // A later message is new to this tab: one more.
  applyServerEvent(queryClient, newMessage(8), context);
  assert.equal(cachedChat(queryClient, 1)?.unread_count, 2);
  // Its event again (a resent event): still two.
  applyServerEvent(queryClient, newMessage(8), context);
  assert.equal(cachedChat(queryClient, 1)?.unread_count, 2);
});
