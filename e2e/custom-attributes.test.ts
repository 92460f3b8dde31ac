// Issue 26 in the browser: an admin defines custom attributes in Settings → Inbox, an operator sets them
// beside the conversation, filters the list by one (kept in the address), and a saved answer fills one in.
// English light on a laptop, then Russian dark on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { eventually } from '../server/src/testing/ws-client.ts';
import { acquireBrowserLock, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { layoutProblems } from './support/layout.ts';
import { chatRow, openChat, signIn } from './support/pages.ts';

describe('custom attributes (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let staff: ApiClient;

  before(async () => {
    release = await acquireBrowserLock();
    app = await startE2eApp();
    staff = await signInWithToken(app.url, testAdmin);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, app.url);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  async function customerWrites(firstName: string, lastName: string, text: string): Promise<number> {
    const customer = app.sim.createUser({ first_name: firstName, last_name: lastName });
    app.sim.sendText(app.bot.token, { from: customer.id, text });
    return eventually(
      async () => (await staff.get('/api/chats?q=' + encodeURIComponent(lastName))).body.results[0]?.id as number | undefined,
      30_000,
      `the conversation with ${firstName}`,
    );
  }

  test('define in settings, set beside the conversation, filter the list, use in a saved answer', async () => {
    const goldId = await customerWrites('Aliya', 'Gold', 'Do you ship to Astana?');
    const basicId = await customerWrites('Timur', 'Basic', 'How much is delivery?');

    // Settings → Inbox: a list attribute on conversations and a text one on contacts.
    await page.goto(`${app.url}/settings/inbox`);
    const form = page.getByTestId('attribute-form');
    await form.waitFor();
    await form.getByTestId('attribute-key').fill('plan');
    await form.getByTestId('attribute-label-en').fill('Plan');
    await form.getByLabel('Label (Russian)').fill('Тариф');
    await form.getByTestId('attribute-type').click();
    await page.getByRole('option', { name: 'List', exact: true }).click();
    await form.getByTestId('attribute-options').fill('basic\ngold\nplatinum');
    await form.getByTestId('attribute-add').click();
    await page.getByTestId('attribute-definition-conversation-plan').waitFor();
    await form.locator('.mantine-SegmentedControl-label', { hasText: /^Contact$/ }).click();
    await form.getByTestId('attribute-key').fill('city');
    await form.getByTestId('attribute-label-en').fill('City');
    await form.getByTestId('attribute-add').click();
    await page.getByTestId('attribute-definition-contact-city').waitFor();
    // A key that exists already is refused with the server's reason.
    await form.getByTestId('attribute-key').fill('city');
    await form.getByTestId('attribute-label-en').fill('Town');
    await form.getByTestId('attribute-add').click();
    await form.getByRole('alert').getByText('An attribute with this key exists already.').waitFor();
    await page
      .getByTestId('answer-variables')
      .getByText(/\{\{conversation\.attributes\.plan\}\}/)
      .waitFor();
    assert.deepEqual(await layoutProblems(page), []);
    await page.screenshot({ path: artifactPath('attributes-settings-en-light.png'), fullPage: true });
    const definitions = (await staff.get('/api/attributes')).body.results;
    assert.deepEqual(
      definitions.map((row: any) => [row.applies_to, row.key, row.type, row.label_en, row.label_ru, row.options]),
      [
        ['contact', 'city', 'text', 'City', '', []],
        ['conversation', 'plan', 'list', 'Plan', 'Тариф', ['basic', 'gold', 'platinum']],
      ],
    );

    // The saved answer, written in settings with the attributes as variables.
    await page.getByLabel('Shortcut').fill('plan');
    await page
      .getByTestId('canned-text')
      .fill('{{contact.first_name}}, your plan is {{conversation.attributes.plan}}; we deliver to {{contact.attributes.city}}.');
    await page.getByRole('button', { name: 'Save answer' }).click();
    await eventually(
      async () => (await staff.get('/api/canned-responses')).body.results.some((row: any) => row.shortcut === 'plan'),
      15_000,
      'the answer',
    );

    // Beside the conversation: the panel shows both attributes; a list picks, a text saves when left.
    await page.goto(`${app.url}/inbox`);
    await openChat(page, 'Aliya Gold');
    const panel = page.getByTestId('attributes-panel');
    await panel.getByTestId('attribute-conversation-plan').click();
    await page.getByRole('option', { name: 'gold', exact: true }).click();
    const city = panel.getByTestId('attribute-contact-city');
    await city.fill('Astana');
    await city.press('Enter');
    await eventually(
      async () => {
        const chat = (await staff.get(`/api/chats/${goldId}`)).body;
        return chat.attributes.plan === 'gold' && chat.contact.attributes.city === 'Astana';
      },
      15_000,
      'the values saved',
    );
    assert.equal((await staff.patch(`/api/chats/${basicId}/attributes`, { values: { plan: 'basic' } })).status, 200);
    await page.screenshot({ path: artifactPath('attributes-panel-en-light.png') });

    // The saved answer fills in the values for this conversation.
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.pressSequentially('/pla');
    await page.getByRole('listbox', { name: 'Saved answers' }).getByRole('option', { name: /plan/ }).waitFor();
    await message.press('Enter');
    assert.equal(await message.inputValue(), 'Aliya, your plan is gold; we deliver to Astana.');
    await message.fill('');

    // The list filter: Plan = gold leaves Aliya only, and the address carries it.
    await page.getByTestId('more-filters').click();
    await page.getByTestId('attribute-filter').click();
    await page.getByRole('option', { name: 'Conversation: Plan' }).click();
    await page.getByTestId('attribute-filter-value').click();
    await page.getByRole('option', { name: 'gold', exact: true }).click();
    await page.waitForURL(/attribute=conversation\.plan&attribute_value=gold/);
    await chatRow(page, 'Timur Basic').waitFor({ state: 'detached' });
    await chatRow(page, 'Aliya Gold').waitFor();
    await page.getByTestId('more-filters').getByText('Filters (1)').waitFor();
    await page.screenshot({ path: artifactPath('attributes-filter-en-light.png') });
    // A reload keeps the filter (it lives in the address).
    await page.reload();
    await chatRow(page, 'Aliya Gold').waitFor();
    assert.equal(await chatRow(page, 'Timur Basic').count(), 0);
    await page.keyboard.press('Escape');
  });

  test('Russian, dark, on a phone: the panel in its drawer and the settings fit', async () => {
    const chatId = await customerWrites('Мадина', 'Атрибутова', 'Здравствуйте');
    await page.evaluate(() => {
      window.localStorage.setItem('sb.language', 'ru');
      window.localStorage.setItem('sb.color-scheme', 'dark');
    });
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${app.url}/settings/inbox`);
      await page.getByTestId('attribute-definition-conversation-plan').getByText('Тариф').waitFor();
      assert.deepEqual(await layoutProblems(page), []);
      await page.getByTestId('attribute-form').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifactPath('attributes-settings-ru-dark-phone.png') });

      await page.goto(`${app.url}/inbox/${chatId}`);
      await page.getByTestId('conversation-title').filter({ hasText: 'Мадина' }).waitFor();
      await page.getByRole('button', { name: 'Показать данные контакта' }).click();
      const panel = page.getByTestId('attributes-panel');
      await panel.getByText('Атрибуты').waitFor();
      await panel.getByTestId('attribute-conversation-plan').click();
      await page.getByRole('option', { name: 'platinum', exact: true }).click();
      await eventually(async () => (await staff.get(`/api/chats/${chatId}`)).body.attributes.plan === 'platinum', 15_000, 'the value');
      assert.deepEqual(await layoutProblems(page), []);
      await page.screenshot({ path: artifactPath('attributes-panel-ru-dark-phone.png') });
    } finally {
      await page.evaluate(() => {
        window.localStorage.setItem('sb.language', 'en');
        window.localStorage.setItem('sb.color-scheme', 'light');
      });
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
