import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectEntities } from './message-entities.ts';
import { parseEntities } from './parse-mode.ts';

const fails = (text: string, mode: string, message: string) =>
  assert.throws(
    () => parseEntities(text, mode),
    (error: Error) => error.message === message,
    `${mode}: ${text}`,
  );

describe('parse modes (ports of tdlib)', () => {
  test('HTML: nested tags, entities, UTF-16 offsets, pre+code language', () => {
    const parsed = parseEntities(
      '👋 <b>Hi <i>there</i></b> &lt;3 <a href="https://t.me/x">link</a>\n<pre><code class="language-ts">x</code></pre>',
      'HTML',
    );
    assert.equal(parsed.text, '👋 Hi there <3 link\nx');
    assert.deepEqual(parsed.entities, [
      { type: 'bold', offset: 3, length: 8 },
      { type: 'italic', offset: 6, length: 5 },
      { type: 'text_link', offset: 15, length: 4, url: 'https://t.me/x' },
      { type: 'pre', offset: 20, length: 1, language: 'ts' },
    ]);
    const spoiler = parseEntities(
      '<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span><blockquote expandable>c</blockquote>',
      'html',
    );
    assert.deepEqual(
      spoiler.entities.map((e) => e.type),
      ['spoiler', 'spoiler', 'expandable_blockquote'],
    );
  });

  test('HTML errors', () => {
    fails('<p>x</p>', 'HTML', 'Unsupported start tag "p" at byte offset 0');
    fails('<b>x</i>', 'HTML', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"');
    fails('x</b>', 'HTML', 'Unexpected end tag at byte offset 1');
    fails('<b', 'HTML', 'Unclosed start tag at byte offset 0');
    fails('<span>x</span>', 'HTML', 'Tag "span" must have class "tg-spoiler" at byte offset 0');
  });

  test('MarkdownV2: escapes, nesting, links, code, pre, blockquote, errors with byte offsets', () => {
    const parsed = parseEntities(
      '*bold _italic_* \\_x\\_ __u__ ~s~ ||sp|| `c\\`` [t](http://a.b/c\\)d)\n```js\nlet a;\n```\n>quote',
      'MarkdownV2',
    );
    assert.equal(parsed.text, 'bold italic _x_ u s sp c` t\nlet a;\n\nquote');
    assert.deepEqual(
      parsed.entities.map((e) => [e.type, e.offset, e.length]),
      [
        ['bold', 0, 11],
        ['italic', 5, 6],
        ['underline', 16, 1],
        ['strikethrough', 18, 1],
        ['spoiler', 20, 2],
        ['code', 23, 2],
        ['text_link', 26, 1],
        ['pre', 28, 7],
        ['blockquote', 36, 5],
      ],
    );
    assert.equal(parsed.entities.find((e) => e.type === 'text_link')?.url, 'http://a.b/c)d');
    assert.equal(parsed.entities.find((e) => e.type === 'pre')?.language, 'js');
    fails('Total: 5!', 'MarkdownV2', "Character '!' is reserved and must be escaped with the preceding '\\'");
    fails('ok _open', 'MarkdownV2', "Can't find end of Italic entity at byte offset 3");
    fails('Привет __x', 'MarkdownV2', "Can't find end of Underline entity at byte offset 13");
    fails('[a](http://x', 'MarkdownV2', "Can't find end of a URL at byte offset 4");
  });

  test('legacy Markdown', () => {
    const parsed = parseEntities('*b* _i_ `c` [l](https://x.org) a.b!', 'Markdown');
    assert.equal(parsed.text, 'b i c l a.b!');
    assert.deepEqual(
      parsed.entities.map((e) => e.type),
      ['bold', 'italic', 'code', 'text_link'],
    );
    fails('*open', 'Markdown', "Can't find end of the entity starting at byte offset 0");
  });

  test('entities Telegram detects in plain text', () => {
    const found = detectEntities('/start@shop_bot ref_42 see https://example.com/a?b=1, mail me@x.io, @support_team #order7');
    assert.deepEqual(
      found.map((e) => e.type),
      ['bot_command', 'url', 'email', 'mention', 'hashtag'],
    );
    assert.deepEqual(found[0], { type: 'bot_command', offset: 0, length: 15 });
    assert.equal(found[1]?.length, 'https://example.com/a?b=1'.length);
  });
});
