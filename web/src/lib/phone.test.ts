import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phoneDigits } from './phone.ts';

// The click-to-chat link as the WhatsApp module's template fills it.
const whatsAppLink = (phone: string | null | undefined) => {
  const digits = phoneDigits(phone);
  return digits ? `https://wa.me/${digits}` : null;
};

test('click-to-chat links take the digits of any phone format, in international form', () => {
  assert.equal(whatsAppLink('+7 (701) 234-56-78'), 'https://wa.me/77012345678');
  assert.equal(whatsAppLink('8 (701) 234-56-78'), 'https://wa.me/77012345678', 'a Russian/Kazakh trunk 8 becomes 7');
  assert.equal(whatsAppLink('0049 30 1234567'), 'https://wa.me/49301234567', 'a 00 prefix is dropped');
  assert.equal(whatsAppLink('+1 415.555.0100'), 'https://wa.me/14155550100');
  assert.equal(whatsAppLink('+81234567890'), 'https://wa.me/81234567890', 'an explicit + keeps a leading 8');
});

test('no link without a usable number', () => {
  for (const phone of [null, undefined, '', 'call me', '12-34', '1'.repeat(16)]) assert.equal(whatsAppLink(phone), null, String(phone));
});
