import assert from 'node:assert/strict';
import { test } from 'node:test';
import { avatarColor, initials } from './avatar.ts';

test('initials take letters only, from the first two words that have one', () => {
  assert.equal(initials('Alice Customer'), 'AC');
  assert.equal(initials('айгерим нурланова'), 'АН');
  assert.equal(initials('\u200FEve <b>Hacker</b> 🦊'), 'EB');
  assert.equal(initials('@shop_bot'), 'S');
  assert.equal(initials('🦊 🚀'), '?');
  assert.equal(initials(''), '?');
});

test('a person keeps one avatar colour', () => {
  assert.equal(avatarColor(42), avatarColor('42'));
  assert.ok(new Set(Array.from({ length: 50 }, (_, index) => avatarColor(index))).size > 5, 'colours spread');
});
