import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayName, riskyFileKind, safeHref } from './safe-display.ts';

test('names lose every bidirectional control, so a program cannot pose as a PDF', () => {
  assert.equal(displayName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
  assert.equal(displayName('\u2066a\u2067b\u2068c\u2069d\u202Ae\u202Bf\u202Cg\u202Dh\u200Ei\u200Fj\u061Ck'), 'abcdefghijk');
  assert.equal(displayName('Айгерим Нурланова'), 'Айгерим Нурланова');
  assert.equal(displayName(null), '');
});

test('only http(s), mailto and tg links are links; our own paths stay', () => {
  assert.equal(safeHref('https://example.com/a.pdf'), 'https://example.com/a.pdf');
  assert.equal(safeHref('mailto:help@example.com'), 'mailto:help@example.com');
  assert.equal(safeHref('tg://resolve?domain=shop'), 'tg://resolve?domain=shop');
  assert.equal(safeHref('/api/media/1'), '/api/media/1');
  for (const bad of [
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'data:text/html,<b>',
    'vbscript:x',
    'file:///etc/passwd',
    '//evil.com/x',
    'not a url',
    '',
    null,
    undefined,
  ]) {
    assert.equal(safeHref(bad), undefined, String(bad));
  }
});

test('programs and archives are told apart by name and by type', () => {
  assert.equal(riskyFileKind({ file_name: 'setup.exe' }), 'executable');
  assert.equal(riskyFileKind({ file_name: 'invoice\u202Efdp.exe', mime_type: 'application/pdf' }), 'executable');
  assert.equal(riskyFileKind({ file_name: 'invoice.pdf', mime_type: 'application/x-msdownload' }), 'executable');
  assert.equal(riskyFileKind({ file_name: 'photos.zip' }), 'archive');
  assert.equal(riskyFileKind({ file_name: 'x', mime_type: 'application/x-7z-compressed' }), 'archive');
  assert.equal(riskyFileKind({ file_name: 'invoice.pdf', mime_type: 'application/pdf' }), null);
  assert.equal(riskyFileKind({}), null);
});
