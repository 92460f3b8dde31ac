import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSends, type PlannableFile } from './send-plan.ts';

type Kind = 'photo' | 'video' | 'voice' | 'audio' | 'document';
const file = (name: string, kind: Kind): PlannableFile => ({ file_path: `/media/uploads/${name}`, kind });

test('text alone is one message; nothing at all is none', () => {
  assert.deepEqual(planSends('hello', []), [{ text: 'hello', mediaPaths: [] }]);
  assert.deepEqual(planSends('  ', []), []);
});

test('photos and videos share one album, with the caption', () => {
  const plan = planSends('look', [file('a.jpg', 'photo'), file('b.mp4', 'video'), file('c.png', 'photo')]);
  assert.deepEqual(plan, [{ text: 'look', mediaPaths: ['/media/uploads/a.jpg', '/media/uploads/b.mp4', '/media/uploads/c.png'] }]);
});

test('documents go apart from photos, voice notes alone, and the caption only on the first message', () => {
  const plan = planSends('files', [
    file('a.jpg', 'photo'),
    file('x.pdf', 'document'),
    file('v.ogg', 'voice'),
    file('y.pdf', 'document'),
    file('w.ogg', 'voice'),
  ]);
  assert.deepEqual(plan, [
    { text: 'files', mediaPaths: ['/media/uploads/a.jpg'] },
    { text: '', mediaPaths: ['/media/uploads/x.pdf', '/media/uploads/y.pdf'] },
    { text: '', mediaPaths: ['/media/uploads/v.ogg'] },
    { text: '', mediaPaths: ['/media/uploads/w.ogg'] },
  ]);
});

test('more than ten photos become albums of at most ten', () => {
  const photos = Array.from({ length: 23 }, (_, index) => file(`${index}.jpg`, 'photo'));
  const plan = planSends('', photos);
  assert.deepEqual(
    plan.map((send) => send.mediaPaths.length),
    [10, 10, 3],
  );
});

test("a channel kind's smaller album size splits sooner", () => {
  const photos = Array.from({ length: 7 }, (_, index) => file(`${index}.jpg`, 'photo'));
  assert.deepEqual(
    planSends('', photos, 3).map((send) => send.mediaPaths.length),
    [3, 3, 1],
  );
});
