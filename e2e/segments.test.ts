// The segment builder in a real browser (issue 22 "Segments"): conditions on the contacts' custom attributes and
// the clinic's fields, the customer's last message, and the live count and sample as the filter changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { inEveryLook, layoutProblems } from './support/layout.ts';
import { signIn } from './support/pages.ts';

const words = {
  en: {
    reach: (count: number) => `Reaches ${count} ${count === 1 ? 'contact' : 'contacts'} now`,
    add: 'Add a condition',
    field: 'Field',
    operator: 'Condition',
  },
  ru: { reach: (count: number) => `Сейчас дойдёт до ${count} контактов`, add: 'Добавить условие', field: 'Поле', operator: 'Условие' },
};

describe('segment builder (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      api = await signInWithToken(app.url, testAdmin);
      const users = ['Aigerim', 'Bolat', 'Chingiz'].map((name) => {
        const user = app.sim.createUser({ first_name: name, language_code: 'ru' });
        app.sim.sendText(app.bot.token, { from: user.id, text: `Сәлем, I am ${name}` });
        return user.id;
      });
      const db = app.server.switchboard.database.db;
      const contacts = await eventually(async () => {
        const rows = await sql<{ contact_id: number }>`SELECT contact_id FROM contact_identities ORDER BY contact_id`.execute(db);
        return rows.rows.length === users.length ? rows.rows.map((row) => row.contact_id) : undefined;
      });
      const city = await api.post('/api/attributes', {
        applies_to: 'contact',
        key: 'city',
        label_ru: 'Город',
        label_en: 'City',
        type: 'text',
      });
      assert.equal(city.status, 201);
      for (const contact of contacts.slice(0, 2))
        assert.equal((await api.patch(`/api/contacts/${contact}/attributes`, { values: { city: 'Almaty' } })).status, 200);
      // Bolat and Chingiz are regulars (a contact tag).
      for (const contact of contacts.slice(1))
        assert.equal((await api.patch(`/api/contacts/${contact}`, { tags: ['regular'] })).status, 200);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, app.url);
    },
    { timeout: 40 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('conditions on a custom attribute and the clinic’s fields change the count and sample live, in every look', async () => {
    const problems: string[] = [];
    await inEveryLook(page, async ({ viewport, language, theme }) => {
      const say = words[language];
      await page.goto(`${app.url}/broadcasts`);
      const reach = page.getByTestId('broadcast-reach');
      // Service broadcasts reach everyone who wrote; marketing ones only the consented (none here).
      await page.getByRole('combobox', { name: language === 'en' ? 'Kind' : 'Вид', exact: true }).click();
      await page.getByRole('option', { name: language === 'en' ? /^Service/ : /^Сервисная/ }).click();
      await reach.filter({ hasText: say.reach(3) }).waitFor();

      const builder = page.getByTestId('segment-conditions');
      await builder.getByRole('button', { name: say.add }).click();
      const row = builder.getByTestId('segment-condition').first();
      await row.getByRole('combobox', { name: say.field, exact: true }).click();
      // The clinic's fields are offered beside the custom attributes, in the reader's language.
      await page.getByRole('option', { name: language === 'en' ? 'Age' : 'Возраст', exact: true }).waitFor();
      await page.getByRole('option', { name: language === 'en' ? 'City' : 'Город', exact: true }).click();
      await row.getByRole('textbox', { name: language === 'en' ? 'Value' : 'Значение' }).fill('almaty');
      await reach.filter({ hasText: say.reach(2) }).waitFor();
      const sample = page.getByText(language === 'en' ? /^For example:/ : /^Например:/);
      assert.match((await sample.textContent()) ?? '', /Aigerim/);
      assert.doesNotMatch((await sample.textContent()) ?? '', /Chingiz/);

      // A second condition from the clinic: nobody here is a patient aged 30 or more.
      await builder.getByRole('button', { name: say.add }).click();
      const second = builder.getByTestId('segment-condition').nth(1);
      await second.getByRole('combobox', { name: say.field, exact: true }).click();
      await page.getByRole('option', { name: language === 'en' ? 'Age' : 'Возраст', exact: true }).click();
      await second.getByRole('textbox', { name: language === 'en' ? 'Value' : 'Значение' }).fill('30');
      await reach.filter({ hasText: say.reach(0) }).waitFor();
      const name = `segments-${viewport.width}-${language}-${theme}`;
      await page.screenshot({ path: artifactPath(`${name}.png`), fullPage: true });
      for (const problem of await layoutProblems(page)) problems.push(`${name}: ${problem}`);
      // Removing it brings the count back.
      await second.getByRole('button', { name: language === 'en' ? 'Remove the condition' : 'Убрать условие' }).click();
      await reach.filter({ hasText: say.reach(2) }).waitFor();
    });
    assert.deepEqual(problems, []);
  });

  test('a tag narrows the audience; the segment is saved, and picking it later brings its filter back', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.goto(`${app.url}/broadcasts`);
    const form = page.getByRole('form', { name: 'New broadcast' });
    const reach = page.getByTestId('broadcast-reach');
    await form.getByRole('combobox', { name: 'Kind', exact: true }).click();
    await page.getByRole('option', { name: /^Service/ }).click();
    await reach.filter({ hasText: words.en.reach(3) }).waitFor();
    const tags = form.getByLabel('Contact tags (any of them)');
    await tags.fill('regular');
    await tags.press('Enter');
    await reach.filter({ hasText: words.en.reach(2) }).waitFor();
    // With the city as well: only Bolat is a regular in Almaty.
    const builder = page.getByTestId('segment-conditions');
    await builder.getByRole('button', { name: words.en.add }).click();
    await builder.getByTestId('segment-condition').first().getByRole('combobox', { name: 'Field', exact: true }).click();
    await page.getByRole('option', { name: 'City', exact: true }).click();
    await builder.getByTestId('segment-condition').first().getByRole('textbox', { name: 'Value' }).fill('almaty');
    await reach.filter({ hasText: words.en.reach(1) }).waitFor();

    const saved = page.getByTestId('saved-segments');
    await saved.getByRole('textbox', { name: 'Save this segment as' }).fill('Regulars in Almaty');
    await saved.getByRole('button', { name: 'Save segment' }).click();
    const savedSelect = saved.getByRole('combobox', { name: 'Saved segment' });
    await eventually(async () => (await savedSelect.inputValue()) === 'Regulars in Almaty', 30_000, 'the new segment picked');
    const stored = (await api.get('/api/broadcasts/segments')).body.results;
    assert.deepEqual(
      stored.map((segment: any) => [segment.name, segment.filter.tags, segment.filter.conditions.length]),
      [['Regulars in Almaty', ['regular'], 1]],
    );

    // A fresh form starts from everyone; picking the saved segment brings back its tag and its condition.
    await page.reload();
    await form.getByRole('combobox', { name: 'Kind', exact: true }).click();
    await page.getByRole('option', { name: /^Service/ }).click();
    await reach.filter({ hasText: words.en.reach(3) }).waitFor();
    await savedSelect.click();
    await page.getByRole('option', { name: 'Regulars in Almaty' }).click();
    await reach.filter({ hasText: words.en.reach(1) }).waitFor();
    await form.getByText('regular', { exact: true }).waitFor();
    await page.screenshot({ path: artifactPath('segments-saved-1440-en-light.png'), fullPage: true });
  });

  test('conversation labels and states narrow the audience, and a saved segment keeps them', async () => {
    const db = app.server.switchboard.database.db;
    const chats = (await sql<{ id: number }>`SELECT id FROM conversations ORDER BY contact_id`.execute(db)).rows.map((row) => row.id);
    const vip = await api.post('/api/labels', { name: 'vip', color: 'orange' });
    assert.equal(vip.status, 201);
    assert.equal((await api.put(`/api/chats/${chats[0]}/labels`, { label_ids: [vip.body.id] })).status, 200);
    assert.equal((await api.post(`/api/chats/${chats[1]}/resolve`)).status, 200);

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => window.localStorage.setItem('sb.language', 'en'));
    await page.goto(`${app.url}/broadcasts`);
    const form = page.getByRole('form', { name: 'New broadcast' });
    const reach = page.getByTestId('broadcast-reach');
    await form.getByRole('combobox', { name: 'Kind', exact: true }).click();
    await page.getByRole('option', { name: /^Service/ }).click();
    await reach.filter({ hasText: words.en.reach(3) }).waitFor();
    // Aigerim's chat carries the label.
    await form.getByLabel('Conversation labels (any of them)').click();
    await page.getByRole('option', { name: 'vip', exact: true }).click();
    await reach.filter({ hasText: words.en.reach(1) }).waitFor();
    await page.keyboard.press('Escape');
    // Resolved and labelled: nobody; open and labelled: Aigerim.
    const states = form.getByLabel('Conversation status');
    await states.click();
    await page.getByRole('option', { name: 'Resolved', exact: true }).click();
    await reach.filter({ hasText: words.en.reach(0) }).waitFor();
    await page.getByRole('option', { name: 'Open', exact: true }).click();
    await reach.filter({ hasText: words.en.reach(1) }).waitFor();
    await page.keyboard.press('Escape');
    await page.screenshot({ path: artifactPath('segments-conversations-1440-en.png'), fullPage: true });

    const saved = page.getByTestId('saved-segments');
    await saved.getByRole('textbox', { name: 'Save this segment as' }).fill('Open VIPs');
    await saved.getByRole('button', { name: 'Save segment' }).click();
    await eventually(
      async () => (await saved.getByRole('combobox', { name: 'Saved segment' }).inputValue()) === 'Open VIPs',
      30_000,
      'saved',
    );
    const stored = (await api.get('/api/broadcasts/segments')).body.results.find((segment: any) => segment.name === 'Open VIPs');
    assert.deepEqual([stored.filter.label_ids, [...stored.filter.statuses].sort()], [[vip.body.id], ['open', 'resolved']]);
  });
});
