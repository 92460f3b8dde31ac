import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toFlowEvent } from './flow-events.ts';
import { toTelegramText } from './flow-render.ts';

const from = { id: 42, is_bot: false, first_name: 'Ann', language_code: 'kk' };
const chat = { id: 42, type: 'private', first_name: 'Ann' };
const message = (fields: Record<string, unknown>) => ({
  update_id: 1,
  message: { message_id: 7, date: 1_700_000_000, from, chat, ...fields },
});

test('Telegram updates become neutral events with their origin', () => {
  assert.deepEqual(toFlowEvent(message({ text: '/start lk_abc  ' })), {
    origin: {
      chatId: '42',
      topicId: '',
      chatType: 'private',
      sender: {
        messenger: 'telegram',
        externalId: '42',
        firstName: 'Ann',
        lastName: undefined,
        username: undefined,
        languageCode: 'kk',
        isBot: false,
      },
    },
    event: { type: 'command', command: 'start', args: 'lk_abc' },
  });
  assert.deepEqual(toFlowEvent(message({ text: '/Book@clinic_bot' }))?.event, { type: 'command', command: 'book', args: '' });
  assert.deepEqual(toFlowEvent(message({ text: 'иә' }))?.event, { type: 'message', text: 'иә' });
  assert.deepEqual(toFlowEvent(message({ contact: { phone_number: '+77011234567', first_name: 'Ann', user_id: 42 } }))?.event, {
    type: 'contact',
    phone: '+77011234567',
    firstName: 'Ann',
    lastName: undefined,
    isOwn: true,
  });
  assert.equal(
    (toFlowEvent(message({ contact: { phone_number: '+77010000000', first_name: 'Mum' } }))?.event as { isOwn: boolean }).isOwn,
    false,
    "someone else's card",
  );
  assert.deepEqual(toFlowEvent(message({ location: { latitude: 43.24, longitude: 76.95 } }))?.event, {
    type: 'location',
    latitude: 43.24,
    longitude: 76.95,
  });
  assert.equal(
    toFlowEvent(
      message({ document: { file_id: 'F', file_unique_id: 'U', file_name: 'a.pdf', mime_type: 'application/pdf' }, caption: 'анализы' }),
    )?.event.type,
    'file',
  );
  const paid = toFlowEvent(
    message({
      successful_payment: {
        currency: 'KZT',
        total_amount: 500000,
        invoice_payload: 'visit:9',
        telegram_payment_charge_id: 't',
        provider_payment_charge_id: 'p',
      },
    }),
  );
  // Both charge ids: the provider's, and Telegram's own (a Stars refund or a support case needs it).
  assert.deepEqual(paid?.event, {
    type: 'payment',
    currency: 'KZT',
    totalAmount: 500000,
    payload: 'visit:9',
    providerChargeId: 'p',
    chargeId: 't',
  });
  const pressed = toFlowEvent({
    update_id: 2,
    callback_query: { id: 'q', from, chat_instance: 'c', data: 'day:mon', message: { message_id: 9, date: 1, chat, text: 'Which day?' } },
  });
  assert.deepEqual(pressed?.event, { type: 'choice', payload: 'day:mon', menuMessageId: '9' });
});

test('what no app answers is no event: edits, bots, our own messages, blocks', () => {
  assert.equal(toFlowEvent({ update_id: 3, edited_message: { message_id: 7, date: 1, edit_date: 2, from, chat, text: 'x' } }), null);
  assert.equal(toFlowEvent(message({ from: { ...from, is_bot: true }, text: 'hi' })), null);
  assert.equal(
    toFlowEvent({
      update_id: 4,
      my_chat_member: {
        chat,
        from,
        date: 1,
        old_chat_member: { status: 'member', user: from },
        new_chat_member: { status: 'kicked', user: from },
      },
    }),
    null,
  );
  assert.equal(toFlowEvent({ nonsense: true }), null);
});

test('simple formatting becomes Telegram HTML, escaped; plain text is left alone', () => {
  assert.equal(
    toTelegramText('*Запись* на _завтра_ в `10:00` <b>, [карта](https://2gis.kz/x) & 2*3*4', 'simple'),
    '<b>Запись</b> на <i>завтра</i> в <code>10:00</code> &lt;b&gt;, <a href="https://2gis.kz/x">карта</a> &amp; 2*3*4',
  );
  assert.equal(toTelegramText('*as is* <b>', 'plain'), '*as is* <b>');
});
