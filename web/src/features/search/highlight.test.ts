import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { highlightParts, searchTerms, snippetAround } from './highlight.ts';

const marked = (text: string, q: string) =>
  highlightParts(text, searchTerms(q))
    .filter((part) => part.match)
    .map((part) => part.text);

describe('search highlight', () => {
  test('marks other word forms of a Russian word and parts of words and names', () => {
    assert.deepEqual(marked('Где мои заказы? Заказа нет уже неделю', 'заказ'), ['заказы', 'Заказа']);
    assert.deepEqual(marked('Хочу записаться на стрижку', 'стрижки'), ['стрижку']);
    assert.deepEqual(marked('Ольга Смирнова', 'смирн'), ['Смирнова']);
    assert.deepEqual(marked('booking haircuts', 'haircut'), ['haircuts']);
  });

  test('keeps the text whole and ignores web-search operators', () => {
    const text = 'red or blue, not green';
    assert.equal(
      highlightParts(text, searchTerms('red or -green'))
        .map((part) => part.text)
        .join(''),
      text,
    );
    assert.deepEqual(searchTerms('red or -green "blue sky"'), ['red', 'blue', 'sky']);
    assert.deepEqual(marked('nothing here', 'absent'), []);
  });

  test('cuts a long message around the first match, on word boundaries', () => {
    const text = `${'начало '.repeat(60)}здесь ваш заказ готов ${'конец '.repeat(60)}`;
    const snippet = snippetAround(text, searchTerms('заказ'), 120);
    assert.ok(snippet.startsWith('…') && snippet.endsWith('…'), snippet);
    assert.ok(snippet.includes('заказ готов'), snippet);
    assert.ok(snippet.length <= 122, String(snippet.length));
    assert.equal(snippetAround('short text', ['text']), 'short text');
  });
});
