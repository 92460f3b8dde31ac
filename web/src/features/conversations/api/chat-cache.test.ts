import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addMessageToPages,
  alreadyCounted,
  applyStatusToPages,
  chatDisplayName,
  chatMatches,
  placeChatInPages,
  removeChatFromPages,
} from './chat-cache.ts';
import type { Chat, ChatListParams, Message } from './types.ts';

const all: ChatListParams = { filter: 'all', q: '', messenger: '', channelId: '' };

function chat(id: number, minute: number, extra: Partial<Chat> = {}): Chat {
  const at = new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();
  return {
    id,
    messenger: 'telegram',
    channel: { id: 1, name: 'Shop', username: 'shop_bot', kind: 'telegram_bot' },
    chat_type: 'private',
    title: `Chat ${id}`,
    contact: {
      id: id * 10,
      display_name: `Person ${id}`,
      profile_name: `Person ${id}`,
      name_set_by_staff: false,
      first_name: null,
      last_name: null,
      username: `user${id}`,
      phone: null,
      language_code: null,
      tags: [],
      notes: '',
      attributes: {},
    },
    unread_count: 0,
    status: 'open',
    assigned_operator_id: null,
    last_message: null,
    last_message_at: at,
    created_at: at,
    ...extra,
  };
}

function message(id: number, minute: number, extra: Partial<Message> = {}): Message {
  return {
    id,
    chat_id: 1,
    direction: 'in',
    sender_type: 'client',
    sender_name: 'Person',
    kind: 'text',
    text: `m${id}`,
    entities: null,
    attachments: [],
    external_message_id: null,
    reply_to_external_id: null,
    status: null,
    status_reason: null,
    read_at: null,
    edited_at: null,
    created_at: new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString(),
    ...extra,
  };
}

const ids = (pages: Array<{ results: Array<{ id: unknown }> }>) => pages.map((page) => page.results.map((item) => item.id));

test('a chat with new activity moves to the top, once, wherever it was', () => {
  const pages = [
    { results: [chat(5, 50), chat(4, 40)], next_cursor: 'a' },
    { results: [chat(3, 30), chat(2, 20)], next_cursor: null },
  ];
  assert.deepEqual(ids(placeChatInPages(pages, chat(2, 55), all)), [[2, 5, 4], [3]]);
  assert.deepEqual(
    ids(placeChatInPages(pages, chat(9, 59), all)),
    [
      [9, 5, 4],
      [3, 2],
    ],
    'a new chat is inserted',
  );
  assert.deepEqual(ids(placeChatInPages(pages, chat(4, 35), all)), [[5], [4, 3, 2]], 'a chat sorts by its activity');
});

test('a chat older than everything loaded is left for pagination while more pages exist', () => {
  const more = [{ results: [chat(5, 50), chat(4, 40)], next_cursor: 'next' }];
  assert.deepEqual(ids(placeChatInPages(more, chat(1, 1), all)), [[5, 4]]);
  const complete = [{ results: [chat(5, 50), chat(4, 40)], next_cursor: null }];
  assert.deepEqual(ids(placeChatInPages(complete, chat(1, 1), all)), [[5, 4, 1]]);
});

test('a chat that stops matching the list (read, in the unread list) leaves it', () => {
  const unread: ChatListParams = { ...all, filter: 'unread' };
  const pages = [{ results: [chat(5, 50, { unread_count: 2 }), chat(4, 40, { unread_count: 1 })], next_cursor: null }];
  assert.deepEqual(ids(placeChatInPages(pages, chat(5, 50, { unread_count: 0 }), unread)), [[4]]);
  assert.deepEqual(ids(placeChatInPages(pages, chat(6, 59, { unread_count: 1 }), unread)), [[6, 5, 4]]);
});

test('the list rules match the server’s: unread, messenger, channel, name search', () => {
  assert.equal(chatMatches(chat(1, 1, { unread_count: 0 }), { ...all, filter: 'unread' }), false);
  assert.equal(chatMatches(chat(1, 1), { ...all, messenger: 'whatsapp' }), false);
  assert.equal(chatMatches(chat(1, 1), { ...all, channelId: '2' }), false);
  assert.equal(chatMatches(chat(1, 1), { ...all, channelId: '1' }), true);
  assert.equal(chatMatches(chat(1, 1), { ...all, q: 'PERSON 1' }), true);
  assert.equal(chatMatches(chat(1, 1), { ...all, q: 'user1' }), true);
  assert.equal(chatMatches(chat(1, 1), { ...all, q: 'nobody' }), false);
});

test('the attribute filter follows the server: a checkbox by truth, anything else by its text ignoring case', () => {
  const gold = chat(1, 1, {
    attributes: { plan: 'Gold', seats: 12, vip: true },
    contact: { ...chat(1, 1).contact!, attributes: { city: 'Almaty' } },
  });
  const plain = chat(2, 1);
  const by = (attribute: string, attributeValue: string) => ({ ...all, attribute, attributeValue });
  assert.equal(chatMatches(gold, by('conversation.plan', 'gold')), true);
  assert.equal(chatMatches(plain, by('conversation.plan', 'gold')), false);
  assert.equal(chatMatches(gold, by('conversation.seats', '12')), true);
  assert.equal(chatMatches(gold, by('contact.city', 'almaty')), true);
  assert.equal(chatMatches(gold, by('conversation.city', 'almaty')), false, 'the target is part of the name');
  assert.equal(chatMatches(gold, by('conversation.vip', 'true')), true);
  assert.equal(chatMatches(gold, by('conversation.vip', 'false')), false);
  assert.equal(chatMatches(plain, by('conversation.vip', 'false')), true, 'no value is not ticked');
});

test('display names fall back from the contact to the title to the id', () => {
  assert.equal(chatDisplayName(chat(1, 1)), 'Person 1');
  assert.equal(
    chatDisplayName(chat(1, 1, { contact: { ...chat(1, 1).contact!, display_name: '', first_name: 'Ann', last_name: 'Lee' } })),
    'Ann Lee',
  );
  assert.equal(chatDisplayName(chat(1, 1, { contact: null })), 'Chat 1');
  assert.equal(chatDisplayName(chat(7, 1, { contact: null, title: '  ' })), '#7');
});

test('a new message goes to the front of the newest page once; a repeat updates it in place', () => {
  const pages = [{ results: [message(2, 2), message(1, 1)], next_cursor: 'older' }];
  const added = addMessageToPages(pages, message(3, 3));
  assert.deepEqual(ids(added), [[3, 2, 1]]);
  const again = addMessageToPages(added, message(3, 3, { status: 'sent' }));
  assert.deepEqual(ids(again), [[3, 2, 1]]);
  assert.equal(again[0]!.results[0]!.status, 'sent');
  assert.deepEqual(ids(addMessageToPages([], message(1, 1))), [[1]]);
});

test('a late HTTP answer (queued) never takes a message the WebSocket already reported sent back to queued', () => {
  const sent = [{ results: [message(5, 5, { direction: 'out', status: 'sent', external_message_id: '900' })], next_cursor: null }];
  const late = addMessageToPages(sent, message(5, 5, { direction: 'out', status: 'queued', external_message_id: null }));
  assert.equal(late[0]!.results[0]!.status, 'sent');
  assert.equal(late[0]!.results[0]!.external_message_id, '900');
  const failed = [{ results: [message(6, 6, { direction: 'out', status: 'failed', status_reason: 'blocked' })], next_cursor: null }];
  assert.equal(
    addMessageToPages(failed, message(6, 6, { direction: 'out', status: 'queued' }))[0]!.results[0]!.status,
    'queued',
    'a retry queues a failed message again',
  );
});

test('a delivery status lands on its message, keeping the external id it had', () => {
  const pages = [{ results: [message(2, 2, { direction: 'out', status: 'queued', external_message_id: null })], next_cursor: null }];
  const failed = applyStatusToPages(pages, {
    id: 2,
    chat_id: 1,
    status: 'failed',
    status_reason: 'Forbidden: bot was blocked by the user',
    external_message_id: null,
  });
  assert.equal(failed[0]!.results[0]!.status, 'failed');
  assert.equal(failed[0]!.results[0]!.status_reason, 'Forbidden: bot was blocked by the user');
  const sent = applyStatusToPages(failed, { id: 2, chat_id: 1, status: 'sent', status_reason: null, external_message_id: '77' });
  assert.equal(sent[0]!.results[0]!.external_message_id, '77');
  assert.equal(
    applyStatusToPages(pages, { id: 9, chat_id: 1, status: 'sent', status_reason: null, external_message_id: '1' })[0],
    pages[0],
    'other messages are untouched',
  );
});

test('mine and unassigned follow the server: assigned to the viewer, or to nobody', () => {
  const mine: ChatListParams = { ...all, filter: 'mine' };
  const queue: ChatListParams = { ...all, filter: 'unassigned' };
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: 7 }), mine, 7), true);
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: 7 }), mine, '7'), true, 'ids compare as strings');
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: 8 }), mine, 7), false);
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: null }), mine, 7), false);
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: 7 }), mine, undefined), false, 'without a viewer nothing is "mine"');
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: null }), queue, 7), true);
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: 8 }), queue, 7), false);
  assert.equal(chatMatches(chat(1, 1, { assigned_operator_id: 8 }), all, 7), true, 'All shows whatever the server let through');
});

test("a chat taken from the queue leaves the queue list and joins the taker's Mine list; a transfer moves it on", () => {
  const queue: ChatListParams = { ...all, filter: 'unassigned' };
  const mine: ChatListParams = { ...all, filter: 'mine' };
  const queuePages = [{ results: [chat(5, 50), chat(4, 40)], next_cursor: null }];
  const minePages = [{ results: [chat(3, 30, { assigned_operator_id: 7 })], next_cursor: null }];
  const taken = chat(5, 50, { assigned_operator_id: 7 });
  assert.deepEqual(ids(placeChatInPages(queuePages, taken, queue, 7)), [[4]]);
  assert.deepEqual(ids(placeChatInPages(minePages, taken, mine, 7)), [[5, 3]]);
  const transferred = chat(5, 50, { assigned_operator_id: 9 });
  assert.deepEqual(
    ids(placeChatInPages([{ results: [taken, chat(3, 30, { assigned_operator_id: 7 })], next_cursor: null }], transferred, mine, 7)),
    [[3]],
  );
});

test('removing a chat takes it out of every page and leaves other pages untouched', () => {
  const pages = [
    { results: [chat(5, 50), chat(4, 40)], next_cursor: 'a' },
    { results: [chat(3, 30)], next_cursor: null },
  ];
  const removed = removeChatFromPages(pages, '4');
  assert.deepEqual(ids(removed), [[5], [3]]);
  assert.equal(removed[1], pages[1]);
  assert.deepEqual(ids(removeChatFromPages(pages, 99)), [[5, 4], [3]]);
});

test('a new message counts once: not when the chat was read from the server after it, nor when it is loaded', () => {
  const read = chat(1, 10, { unread_count: 1, last_message: { id: 7, text: 'Hello', direction: 'in', created_at: null } });
  assert.equal(alreadyCounted(read, [], 7), true, 'the list fetched after the message counts it already');
  assert.equal(alreadyCounted(read, [], 8), false, 'a later message is new');
  assert.equal(alreadyCounted(chat(1, 10), [], 8), false, 'a chat with no last message');
  const loaded = [{ results: [{ id: 8 } as Message], next_cursor: null }];
  assert.equal(alreadyCounted(read, loaded, 8), true, 'its event again, once the message is loaded');
  assert.equal(alreadyCounted(undefined, [], 8), false);
});
