import assert from 'node:assert/strict';
import { test } from 'node:test';
import { profileBody } from '@switchboard/contract';
import { phoneProblem } from './profile-rules.ts';

// The form checks a phone as staff type it; PATCH /api/contacts/:id checks it again. Both must agree, or the form
// would refuse a number the server takes (or let through one it refuses and show the error only after a round trip).
test('the profile form and the server agree on every phone', () => {
  const phones = ['', '  ', '+7 701 123 45 67', '8 (701) 123-45-67', '1234567', '123456', '+1234567890123456', 'call me', '+7.701.123'];
  for (const phone of phones) {
    const server = profileBody.safeParse({ phone }).success;
    assert.equal(phoneProblem(phone) === null, server, `"${phone}": the form says ${phoneProblem(phone) ?? 'fine'}, the server ${server}`);
  }
  assert.equal(phoneProblem('123456'), 'contacts.errors.phoneDigits');
  assert.equal(phoneProblem('call me'), 'contacts.errors.phoneCharacters');
});
