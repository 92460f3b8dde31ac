// 10,000 conversations: the list stays virtualised (a few dozen rows in the DOM) while it is
// scrolled from the newest to the oldest, paging in as it goes. Frame times are reported, not asserted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Page } from 'playwright-core';
import { acquireBrowserLock, eventually, startE2eApp, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { chatRow, signIn } from './support/pages.ts';

const total = 10_000;

async function seedConversations(app: E2eApp, count: number): Promise<void> {
  const db = app.server.switchboard.database.db as Kysely<any>;
  const channel = await db.selectFrom('channels').select('id').where('is_default', '=', true).executeTakeFirstOrThrow();
  await sql`
    INSERT INTO contacts (display_name, first_name, last_name, username)
    SELECT 'Scale Contact ' || lpad(g::text, 5, '0'), 'Scale', 'Contact ' || lpad(g::text, 5, '0'), 'scale_' || g
    FROM generate_series(1, ${count}::int) AS g`.execute(db);
  await sql`
    INSERT INTO conversations (channel_id, external_chat_id, chat_type, title, contact_id, messages_in,
      last_message_id, last_message_at, last_message_preview, last_message_direction, first_message_at)
    SELECT ${channel.id}::int, (900000000 + c.id)::text, 'private', c.display_name, c.id, c.id % 3,
      1000000000 + c.id, now() - make_interval(mins => substring(c.username from 7)::int),
      'Message from ' || c.display_name, 'in', now() - interval '30 days'
    FROM contacts c WHERE c.username LIKE 'scale\\_%'`.execute(db);
}

/** A long history in one conversation: `count` messages, one every 47 minutes, both directions. */
async function seedHistory(app: E2eApp, contactName: string, count: number): Promise<void> {
  const db = app.server.switchboard.database.db as Kysely<any>;
  await sql`
    INSERT INTO messages (conversation_id, direction, sender_kind, sender_name, kind, text, status, sent_at, created_at)
    SELECT conv.id, CASE WHEN g % 3 = 0 THEN 'out' ELSE 'in' END, CASE WHEN g % 3 = 0 THEN 'admin' ELSE 'client' END,
      CASE WHEN g % 3 = 0 THEN 'Admin' ELSE ${contactName} END, 'text', 'History message ' || lpad(g::text, 3, '0'),
      CASE WHEN g % 3 = 0 THEN 'sent' END, now() - make_interval(mins => (${count}::int - g) * 47 + 5), now()
    FROM generate_series(1, ${count}::int) AS g, conversations conv JOIN contacts c ON c.id = conv.contact_id
    WHERE c.display_name = ${contactName}`.execute(db);
}

describe('a 10,000-conversation inbox (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    await seedConversations(app, total);
    await seedHistory(app, 'Scale Contact 00001', 160);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('scrolls from the newest to the oldest of 10,000 with a few dozen rows in the DOM', async (t) => {
    await chatRow(page, 'Scale Contact 00001').waitFor();
    // A fast wheel: 240 px (over three rows) every frame, for five seconds, loading pages as it goes.
    const wheel = await page.getByTestId('chat-list').evaluate(async (list) => {
      const frames: number[] = [];
      let maxRows = 0;
      let last = performance.now();
      for (let index = 0; index < 300; index++) {
        list.scrollTop += 240;
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        const now = performance.now();
        frames.push(now - last);
        last = now;
        maxRows = Math.max(maxRows, list.querySelectorAll('[data-testid=chat-row]').length);
      }
      frames.sort((a, b) => a - b);
      const at = (share: number) => frames[Math.floor(frames.length * share)]!;
      return {
        median: at(0.5),
        p95: at(0.95),
        long: frames.filter((frame) => frame > 50).length,
        maxRows,
        rows: Math.round(list.scrollTop / 72),
      };
    });
    // Then flung to the very end: every page is fetched in turn and the oldest conversation shows up.
    const fling = await page.getByTestId('chat-list').evaluate(async (list, expected) => {
      const started = performance.now();
      let maxRows = 0;
      const lastName = `Scale Contact ${String(expected).padStart(5, '0')}`;
      const reachedEnd = () => [...list.querySelectorAll('[data-testid=chat-row]')].some((row) => row.textContent?.includes(lastName));
      while (!reachedEnd() && performance.now() - started < 120_000) {
        list.scrollTop = list.scrollHeight;
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        maxRows = Math.max(maxRows, list.querySelectorAll('[data-testid=chat-row]').length);
      }
      return { reached: reachedEnd(), seconds: (performance.now() - started) / 1000, maxRows };
    }, total);
    const line =
      `10,000-row list: fast wheel (240 px/frame over ${wheel.rows} rows) frame median ${wheel.median.toFixed(1)} ms, p95 ${wheel.p95.toFixed(1)} ms, ` +
      `${wheel.long} of 300 frames over 50 ms; flung to the oldest in ${fling.seconds.toFixed(1)} s (100 rows per page); ` +
      `at most ${Math.max(wheel.maxRows, fling.maxRows)} rows in the DOM`;
    t.diagnostic(line);
    process.stdout.write(`e2e diagnostic: ${line}\n`);
    assert.ok(fling.reached, 'the oldest conversation is reached by scrolling');
    assert.ok(Math.max(wheel.maxRows, fling.maxRows) <= 80, 'the list is virtualised');

    // Search still finds one conversation among all of them.
    await page.getByRole('textbox', { name: 'Search conversations by name' }).fill('Scale Contact 04321');
    await eventually(
      async () => {
        const rows = await page.getByTestId('chat-row').allInnerTexts();
        return rows.length === 1 && rows[0]!.includes('Scale Contact 04321');
      },
      20_000,
      'the search to leave one conversation',
    );
  });

  test('a long history loads upwards page by page, keeps its place, and separates the days', async () => {
    await page.getByRole('textbox', { name: 'Search conversations by name' }).fill('Scale Contact 00001');
    await chatRow(page, 'Scale Contact 00001').click();
    const list = page.getByTestId('message-list');
    await list.getByText('History message 160', { exact: true }).waitFor();
    assert.equal(await list.getByText('History message 001', { exact: true }).count(), 0, 'only the newest page is loaded at first');
    const firstPage = await page.getByTestId('message').count();
    assert.ok(firstPage <= 60, `one page at first (${firstPage})`);

    // Scroll to the top: the next older page comes in above, and the message that was on top stays put.
    const before = await list.evaluate((element) => {
      element.scrollTop = -element.scrollHeight;
      const messages = element.querySelectorAll('[data-testid=message-text]');
      const node = messages[messages.length - 1]!;
      return { text: node.textContent as string, top: node.getBoundingClientRect().top as number };
    });
    await eventually(async () => (await page.getByTestId('message').count()) > firstPage, 10_000, 'an older page to load');
    const after = await list.evaluate((element, text) => {
      const node = [...element.querySelectorAll('[data-testid=message-text]')].find((item: any) => item.textContent === text) as any;
      return node.getBoundingClientRect().top as number;
    }, before.text);
    assert.ok(
      Math.abs(after - before.top) < 80,
      `the message being read moved ${Math.round(after - before.top)} px when older ones loaded above it`,
    );

    await eventually(
      async () => {
        await list.evaluate((element) => {
          element.scrollTop = -element.scrollHeight;
        });
        return (await list.getByText('History message 001', { exact: true }).count()) === 1;
      },
      20_000,
      'the oldest message',
    );
    assert.ok((await page.getByTestId('day-separator').count()) >= 5, 'one separator per day of a five-day history');
    await page.screenshot({ path: artifactPath('inbox-history-top.png') });
    assert.equal(await page.getByTestId('message').filter({ hasText: 'History message' }).count(), 160, 'every message once');
  });
});
