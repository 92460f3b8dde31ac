import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { businessChatId, parseBusinessChatId, readBusinessConnection, refusalOf } from './business.ts';
import { identifyUpdate, normalizeUpdate } from './normalize.ts';

const customer = { id: 6000000002, is_bot: false, first_name: 'Ivan' };
const owner = { id: 6000000001, is_bot: false, first_name: 'Olga', username: 'olga_shop' };
const chat = { id: customer.id, type: 'private', first_name: 'Ivan' };

describe('Telegram Business payloads', () => {
  test('business_message: its own conversation per connection; the owner and our bot speak as the account', () => {
    const update = {
      update_id: 5,
      business_message: { message_id: 3, from: customer, chat, date: 1700000000, text: 'hi', business_connection_id: 'AbC:1' },
    };
    assert.deepEqual(identifyUpdate(update)?.chatKey, `business:AbC:1:${customer.id}`);
    const [event] = normalizeUpdate(update);
    assert.equal(event?.type, 'message');
    if (event?.type !== 'message') return;
    assert.equal(event.chat.externalId, `business:AbC:1:${customer.id}`);
    assert.equal(event.chat.title, 'Ivan');
    assert.equal(event.sender?.externalId, String(customer.id));
    assert.equal(event.message.fromSelf, undefined);

    const fromOwner = normalizeUpdate({ update_id: 6, business_message: { ...update.business_message, message_id: 4, from: owner } });
    assert.equal(fromOwner[0]?.type === 'message' && fromOwner[0].message.fromSelf, true);
    assert.equal(
      fromOwner[0]?.type === 'message' && fromOwner[0].chat.peer?.externalId,
      String(customer.id),
      'the customer, for the contact',
    );
    assert.equal(event.chat.peer, undefined, 'a customer message names its sender already');
    const edited = normalizeUpdate({
      update_id: 7,
      edited_business_message: { ...update.business_message, text: 'hi!', edit_date: 1700000100 },
    });
    assert.equal(edited[0]?.type, 'edit');
  });

  test('deleted_business_messages → one deletion event; business_connection → nothing for the inbox', () => {
    const deleted = { update_id: 8, deleted_business_messages: { business_connection_id: 'c1', chat, message_ids: [3, 4] } };
    assert.equal(identifyUpdate(deleted)?.chatKey, `business:c1:${customer.id}`);
    assert.deepEqual(normalizeUpdate(deleted), [
      {
        type: 'delete',
        chat: { externalId: `business:c1:${customer.id}`, type: 'private', title: 'Ivan', topicId: '' },
        messageExternalIds: ['3', '4'],
      },
    ]);
    const connection = { update_id: 9, business_connection: { id: 'c1', user: owner, user_chat_id: owner.id, date: 1, is_enabled: true } };
    assert.equal(identifyUpdate(connection)?.chatKey, 'business:c1');
    assert.deepEqual(normalizeUpdate(connection), []);
  });

  test('BusinessConnection: 9.0 rights, or the older can_reply flag', () => {
    const modern = readBusinessConnection({
      id: 'x',
      user: owner,
      user_chat_id: owner.id,
      date: 1,
      is_enabled: true,
      rights: { can_reply: true, can_edit_bio: false },
    });
    assert.deepEqual(modern?.rights, { can_reply: true });
    assert.equal(modern?.ownerName, 'Olga');
    const older = readBusinessConnection({ id: 'y', user: owner, user_chat_id: owner.id, date: 1, can_reply: true, is_enabled: false });
    assert.deepEqual(older?.rights, { can_reply: true });
    assert.equal(refusalOf({ ...older, revokedAt: null }), 'disabled');
    assert.equal(readBusinessConnection({ id: '', user: owner }), null);
    assert.equal(refusalOf(null), 'unknown_connection');
  });

  test('business chat ids round-trip whatever the connection id holds; plain chat ids are not business ones', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: -1e15, max: 1e15 }), (connectionId, chatId) => {
        assert.deepEqual(parseBusinessChatId(businessChatId(connectionId, chatId)), { connectionId, chatId: String(chatId) });
      }),
    );
    assert.equal(parseBusinessChatId('6000000002'), null);
    assert.equal(parseBusinessChatId('@channel'), null);
  });
});
