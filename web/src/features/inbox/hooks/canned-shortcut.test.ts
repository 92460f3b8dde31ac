import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replaceShortcut, shortcutAtCaret } from './canned-shortcut.ts';

const at = (marked: string) => {
  const caret = marked.indexOf('|');
  return shortcutAtCaret(marked.replace('|', ''), caret);
};

test('a "/" that starts a word opens the list anywhere in the text', () => {
  assert.deepEqual(at('/|'), { start: 0, end: 1, query: '' });
  assert.deepEqual(at('/gre|'), { start: 0, end: 4, query: 'gre' });
  assert.deepEqual(at('Thanks! /hou|'), { start: 8, end: 12, query: 'hou' });
  assert.deepEqual(at('Line one\n/del| and more'), { start: 9, end: 13, query: 'del' });
  assert.deepEqual(at('Привет /прив|'), { start: 7, end: 12, query: 'прив' });
});

test('a "/" inside a word, a finished word or the caret elsewhere is not a shortcut', () => {
  assert.equal(at('and/or|'), null);
  assert.equal(at('https://example.com/a|'), null);
  assert.equal(at('/hours |'), null);
  assert.equal(at('/gre|at'), null);
  assert.equal(at('|/hours'), null);
  assert.equal(at('no slash|'), null);
});

test('picking replaces only the "/word" and puts the caret after the answer', () => {
  const text = 'Hi Anna, /hou see you';
  const found = shortcutAtCaret(text, 13)!;
  assert.deepEqual(replaceShortcut(text, found, 'We open at 10.'), { text: 'Hi Anna, We open at 10. see you', caret: 23 });
  const alone = shortcutAtCaret('/he', 3)!;
  assert.deepEqual(replaceShortcut('/he', alone, 'Hello!'), { text: 'Hello!', caret: 6 });
});
