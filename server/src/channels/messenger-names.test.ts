// "Nothing outside a channel's folder names its messenger" (ARCHITECTURE, issue 15), as a ratchet:
// every source file of the server and the web app outside the channel folders is searched for
// messenger names. The files that still name one are listed with their counts in
// messenger-names.allowed.json (mostly seed-defined surfaces: linking's /api/telegram/… routes and
// tables, seed 000's messenger settings, user-facing texts). A new file that names a messenger, or a
// listed file that names them more often, fails: move the detail behind the channel contract
// (module capabilities, vocabulary, or the module's own folder). When a file needs fewer, lower
// its count (UPDATE_MESSENGER_NAMES=1 npm test -- server/src/channels/messenger-names.test.ts rewrites the counts and
// keeps each entry's reason). An entry is `{ "lines": n, "why": "…" }`: why the file still names a messenger (a seed's
// route, field or table, an environment variable kept for compatibility, the composition root).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');
const allowListFile = path.join(import.meta.dirname, 'messenger-names.allowed.json');
const messengers = ['telegram', 'whatsapp', 'instagram'];
const scanned = ['server/src', 'web/src'];

/** Where naming a messenger is the point: its own channel folders, tests and their fixtures, translations. */
function isNeutralPlace(relative: string): boolean {
  return (
    /^server\/src\/channels\/[^/]+\//.test(relative) ||
    relative.startsWith('server/src/testing/') ||
    /\.test\.tsx?$/.test(relative) ||
    /\.locales\.ts$/.test(relative) ||
    relative.startsWith('web/src/lib/locales/')
  );
}

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...sourceFiles(relative));
    else if (/\.tsx?$/.test(entry.name) && !isNeutralPlace(relative)) found.push(relative);
  }
  return found;
}

/** Lines of each file that name a messenger. */
function namingLines(): Record<string, number> {
  const pattern = new RegExp(messengers.join('|'), 'i');
  const counts: Record<string, number> = {};
  for (const file of scanned.flatMap(sourceFiles).sort()) {
    const lines = fs
      .readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .filter((line) => pattern.test(line)).length;
    if (lines > 0) counts[file] = lines;
  }
  return counts;
}

interface Allowed {
  lines: number;
  why: string;
}

function readAllowList(): Record<string, Allowed> {
  return JSON.parse(fs.readFileSync(allowListFile, 'utf8')) as Record<string, Allowed>;
}

test('no file outside the channel folders names a messenger more than the allow-list says', () => {
  const counts = namingLines();
  if (process.env.UPDATE_MESSENGER_NAMES === '1') {
    const before = readAllowList();
    const next = Object.fromEntries(Object.entries(counts).map(([file, lines]) => [file, { lines, why: before[file]?.why ?? '' }]));
    fs.writeFileSync(allowListFile, `${JSON.stringify(next, null, 2)}\n`);
  }
  const allowed = readAllowList();
  const over = Object.entries(counts)
    .filter(([file, lines]) => lines > (allowed[file]?.lines ?? 0))
    .map(([file, lines]) => `${file}: ${lines} lines name a messenger (allowed ${allowed[file]?.lines ?? 0})`);
  assert.deepEqual(over, [], 'move these behind the channel contract (module capabilities or vocabulary, or the channel folder)');
});

test('every file the allow-list keeps says why it still names a messenger', () => {
  const unexplained = Object.entries(readAllowList())
    .filter(([, entry]) => entry.why.trim().length < 10)
    .map(([file]) => file);
  assert.deepEqual(unexplained, [], 'give each entry a "why"');
});

test('the check sees a messenger named outside its folder', () => {
  // The pattern and the neutral places, applied to a made-up line and paths.
  assert.ok(new RegExp(messengers.join('|'), 'i').test('const limit = 4096; // Telegram'));
  assert.equal(isNeutralPlace('server/src/inbox/send.service.ts'), false);
  assert.equal(isNeutralPlace('web/src/features/inbox/components/ReplyBox.tsx'), false);
  assert.equal(isNeutralPlace('server/src/channels/telegram-bot/module.ts'), true);
  assert.equal(isNeutralPlace('server/src/channels/module.ts'), false);
});
