import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { identifyUpdate, normalizeUpdate } from './normalize.ts';

const user = { id: 42, is_bot: false, first_name: 'Иван', last_name: 'Петров', username: 'ivan', language_code: 'ru' };

test('never throws on arbitrary JSON, and only updates with a non-negative integer id are identified', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const events = normalizeUpdate(value);
      assert.ok(Array.isArray(events));
      const identified = identifyUpdate(value);
      if (identified) assert.match(identified.eventId, /^\d+$/);
    }),
    { numRuns: 2_000 },
  );
});

test('every text and caption is kept, in any script', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc.boolean(),
      fc.integer({ min: -1e12, max: 1e12 }),
      (body, asCaption, chatId) => {
        const message = asCaption
          ? {
              message_id: 1,
              date: 1,
              chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private', title: 'G' },
              from: user,
              photo: [{ file_id: 'a', file_unique_id: 'a', width: 90, height: 90 }],
              caption: body,
            }
          : { message_id: 1, date: 1, chat: { id: chatId, type: 'private' }, from: user, text: body };
        const [event] = normalizeUpdate({ update_id: 5, message });
        assert.ok(event && event.type === 'message');
        assert.equal(event.message.text, body);
        assert.equal(event.chat.externalId, String(chatId));
        assert.equal(identifyUpdate({ update_id: 5, message })?.chatKey, `chat:${chatId}`);
      },
    ),
  );
});

test('photos keep the largest size; stickers say how they play; albums keep their group', () => {
  const [photo] = normalizeUpdate({
    update_id: 1,
    message: {
      message_id: 3,
      date: 1,
      chat: { id: 42, type: 'private' },
      from: user,
      media_group_id: 'album-1',
      photo: [
        { file_id: 's', file_unique_id: 's', width: 90, height: 60 },
        { file_id: 'l', file_unique_id: 'l', width: 1280, height: 853 },
        { file_id: 'm', file_unique_id: 'm', width: 320, height: 213 },
      ],
    },
  });
  assert.ok(photo?.type === 'message');
  assert.equal(photo.message.kind, 'photo');
  assert.equal(photo.message.attachments[0]?.file_id, 'l');
  assert.equal(photo.message.mediaGroupId, 'album-1');
  const [sticker] = normalizeUpdate({
    update_id: 2,
    message: {
      message_id: 4,
      date: 1,
      chat: { id: 42, type: 'private' },
      from: user,
      sticker: {
        file_id: 'x',
        file_unique_id: 'x',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: true,
        emoji: '😀',
        type: 'regular',
      },
    },
  });
  assert.ok(sticker?.type === 'message');
  assert.equal(sticker.message.attachments[0]?.sticker_format, 'video');
});

test('edits, blocks and forum topics', () => {
  const [edit] = normalizeUpdate({
    update_id: 3,
    edited_message: { message_id: 9, date: 1, edit_date: 2, chat: { id: 42, type: 'private' }, from: user, text: 'fixed' },
  });
  assert.ok(edit?.type === 'edit');
  assert.equal(edit.message.editDate?.getTime(), 2000);
  const [blocked] = normalizeUpdate({
    update_id: 4,
    my_chat_member: {
      chat: { id: 42, type: 'private', first_name: 'Иван' },
      from: user,
      date: 1,
      old_chat_member: { status: 'member', user: { id: 1, is_bot: true, first_name: 'Bot' } },
      new_chat_member: { status: 'kicked', user: { id: 1, is_bot: true, first_name: 'Bot' }, until_date: 0 },
    },
  });
  assert.ok(blocked?.type === 'reachability');
  assert.equal(blocked.reachable, false);
  const [topic] = normalizeUpdate({
    update_id: 5,
    message: {
      message_id: 10,
      date: 1,
      chat: { id: -100123, type: 'supergroup', title: 'Team', is_forum: true },
      from: user,
      is_topic_message: true,
      message_thread_id: 7,
      text: 'in a topic',
      reply_to_message: { message_id: 7 },
    },
  });
  assert.ok(topic?.type === 'message');
  assert.equal(topic.chat.topicId, '7');
  assert.equal(topic.message.replyToExternalId, undefined, 'the implicit reply to the topic root is not a reply');
  assert.equal(
    identifyUpdate({ update_id: 6, callback_query: { id: 'q', from: user, chat_instance: 'c', data: 'x' } })?.chatKey,
    'user:42',
  );
});

test('a button press carries its label (from the message it was pressed on) and the press id', () => {
  const message = {
    message_id: 3,
    date: 1,
    chat: { id: 42, type: 'private' },
    text: 'When?',
    reply_markup: { inline_keyboard: [[{ text: 'Saturday', callback_data: 'sat' }], [{ text: 'Site', url: 'https://example.com' }]] },
  };
  const [press] = normalizeUpdate({ update_id: 7, callback_query: { id: 'q1', from: user, chat_instance: 'c', data: 'sat', message } });
  assert.deepEqual(press?.type === 'button' && [press.label, press.pressId, press.data, press.messageExternalId], [
    'Saturday',
    'q1',
    'sat',
    '3',
  ]);
  const [unknown] = normalizeUpdate({ update_id: 8, callback_query: { id: 'q2', from: user, chat_instance: 'c', data: 'gone', message } });
  assert.equal(unknown?.type === 'button' && unknown.label, undefined);
});
