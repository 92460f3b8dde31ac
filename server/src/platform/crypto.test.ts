import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretBox, maskSecret } from './crypto.ts';

test('secrets round-trip and another key cannot open them', () => {
  const box = createSecretBox('a'.repeat(40));
  const sealed = box.encrypt('123456:ABCDEF-secret');
  assert.notEqual(sealed, '123456:ABCDEF-secret');
  assert.ok(!sealed.includes('ABCDEF'));
  assert.equal(box.decrypt(sealed), '123456:ABCDEF-secret');
  assert.notEqual(box.encrypt('same'), box.encrypt('same'), 'a fresh nonce each time');
  const other = createSecretBox('b'.repeat(40));
  assert.throws(() => other.decrypt(sealed));
  assert.notEqual(box.fingerprint, other.fingerprint);
});

test('masks keep the bot id and the last characters only', () => {
  assert.equal(maskSecret('123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'), '123456789:******Dsaw');
  assert.equal(maskSecret('short'), '********');
});
