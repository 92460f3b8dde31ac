import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '@switchboard/contract';
import { groupAlbums } from './albums.ts';

const message = (id: number, media_group_id: string | null, direction: 'in' | 'out' = 'in') =>
  ({ id, media_group_id, direction, created_at: new Date(1_700_000_000_000 + id * 1000).toISOString() }) as Message;

test('consecutive items of one album become one entry, oldest first; the rest stay single and newest first', () => {
  const newestFirst = [
    message(7, null),
    message(6, 'b'),
    message(5, 'b'),
    message(4, 'a'),
    message(3, 'a'),
    message(2, 'a'),
    message(1, null),
  ];
  const entries = groupAlbums(newestFirst);
  assert.deepEqual(
    entries.map((entry) => entry.messages.map((item) => item.id)),
    [[7], [5, 6], [2, 3, 4], [1]],
  );
  assert.deepEqual(
    entries.map((entry) => entry.key),
    ['7', '5', '2', '1'],
  );
});

test('an album interrupted by another message, or the same id in the other direction, is not merged across', () => {
  const entries = groupAlbums([message(4, 'a'), message(3, null), message(2, 'a'), message(1, 'a', 'out')]);
  assert.deepEqual(
    entries.map((entry) => entry.messages.map((item) => item.id)),
    [[4], [3], [2], [1]],
  );
});
