// The composer in a real browser against a server wired to the Bot API simulator: files, albums,
// voice notes from Chromium's fake microphone, refusals, private notes, saved answers, "typing…".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPng } from '@switchboard/telegram-sim';
import type { Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { chooseSegment, openChat, signIn, unnamedControls } from './support/pages.ts';

// Browser globals the page callbacks below use (the e2e project has no DOM lib; see support/browser-globals.d.ts).
declare const DataTransfer: any;
declare const ClipboardEvent: any;

const uploadLimit = 400 * 1024;
const patient = 30_000;
const windowsProgram = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  Buffer.alloc(512),
]);

interface FileSpec {
  name: string;
  mimeType: string;
  buffer: Buffer;
}
const png = (name: string, rgb: [number, number, number]): FileSpec => ({ name, mimeType: 'image/png', buffer: createPng(64, 48, rgb) });

/** Drops files on the composer the way a file manager does: dragenter, dragover, drop with a DataTransfer of real Files. */
async function dropFiles(page: Page, files: FileSpec[]) {
  const dataTransfer = await page.evaluateHandle(
    (items) => {
      const transfer = new DataTransfer();
      for (const item of items)
        transfer.items.add(
          new File([Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0))], item.name, { type: item.mimeType }),
        );
      return transfer;
    },
    files.map((file) => ({ name: file.name, mimeType: file.mimeType, base64: file.buffer.toString('base64') })),
  );
  const composer = page.getByTestId('composer');
  for (const type of ['dragenter', 'dragover', 'drop']) await composer.dispatchEvent(type, { dataTransfer });
}

/** Pastes files into the text field, as Ctrl+V with a screenshot on the clipboard does. */
async function pasteFiles(page: Page, files: FileSpec[]) {
  await page.getByRole('textbox', { name: 'Message' }).evaluate(
    (field, items) => {
      const transfer = new DataTransfer();
      for (const item of items)
        transfer.items.add(
          new File([Uint8Array.from(atob(item.base64), (char) => char.charCodeAt(0))], item.name, { type: item.mimeType }),
        );
      field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    files.map((file) => ({ name: file.name, mimeType: file.mimeType, base64: file.buffer.toString('base64') })),
  );
}

describe('composer (browser)', { skip: browserSkipReason() }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;
  const typingRequests: string[] = [];

  const attachments = () => page.getByTestId('attachment');
  const input = () => page.getByRole('textbox', { name: 'Message' });
  const chatIdOf = async (name: string) => (await page.getByTestId('chat-row').filter({ hasText: name }).getAttribute('data-chat-id'))!;
  async function customer(first: string, last: string) {
    const user = app.sim.createUser({ first_name: first, last_name: last });
    app.sim.sendText(app.bot.token, { from: user.id, text: `Hello from ${first}` });
    await openChat(page, `${first} ${last}`);
    return user;
  }

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp({ UPLOAD_MAX_BYTES: String(uploadLimit) });
      api = await signInWithToken(app.url, testAdmin);
      browser = await launchChromium({ args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] });
      await browser.context.grantPermissions(['microphone'], { origin: app.url });
      page = await browser.context.newPage();
      page.setDefaultTimeout(patient);
      page.on('request', (request) => {
        if (request.method() === 'POST' && /\/api\/chats\/\d+\/typing$/.test(request.url())) typingRequests.push(request.url());
      });
      await signIn(page, app.url);
      // Waiting for the browser lock while other browser files run is not a failure.
    },
    { timeout: 30 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  test('a photo with a caption: the simulator receives sendPhoto with that caption and the same bytes', async () => {
    const user = await customer('Pia', 'Photo');
    const photo = png('shoe.png', [200, 60, 60]);
    await page.getByTestId('file-input').setInputFiles(photo);
    await attachments().and(page.locator('[data-state="ready"]')).waitFor();
    assert.equal(await input().getAttribute('placeholder'), 'Add a caption…');
    await input().fill('Here is the red one');
    await input().press('Enter');

    const sent = await app.sim.waitForSent(app.bot.token, user.id, (message) => message.method === 'sendPhoto', patient);
    assert.equal(sent.caption, 'Here is the red one');
    assert.deepEqual(sent.files[0]!.bytes, photo.buffer, 'the photo went as a multipart upload of the chosen bytes');
    await attachments().first().waitFor({ state: 'detached' });
    assert.equal(await input().inputValue(), '');
  });

  test('three photos (dropped and pasted) go as one sendMediaGroup album with the caption on the first', async () => {
    const user = await customer('Alba', 'Album');
    await dropFiles(page, [png('one.png', [40, 160, 80]), png('two.png', [40, 80, 200])]);
    await pasteFiles(page, [png('three.png', [230, 180, 30])]);
    await eventually(
      async () => (await page.locator('[data-testid="attachment"][data-state="ready"]').count()) === 3,
      patient,
      'three uploads',
    );
    await input().fill('Three colours');
    assert.deepEqual(await unnamedControls(page), [], 'every control in the composer is named');
    await page.getByTestId('composer').screenshot({ path: artifactPath('composer-attachments.png') });
    await page.getByRole('button', { name: 'Send' }).click();

    await eventually(
      () => app.sim.sentMessages(app.bot.token, user.id).filter((message) => message.method === 'sendMediaGroup').length === 3,
      patient,
      'an album of three',
    );
    const sent = app.sim.sentMessages(app.bot.token, user.id).filter((message) => message.kind !== 'text');
    assert.equal(sent.length, 3, 'one request with three items, nothing sent apart');
    assert.ok(sent.every((message) => message.method === 'sendMediaGroup' && message.media_group_id === sent[0]!.media_group_id));
    assert.deepEqual(
      sent.map((message) => message.caption),
      ['Three colours', undefined, undefined],
    );
  });

  test('a voice note recorded from the fake microphone arrives as sendVoice in Ogg/Opus', async () => {
    const user = await customer('Vera', 'Voice');
    // Chromium records WebM/Opus (it cannot record Ogg): what arrives as Ogg was remuxed by the server.
    assert.deepEqual(
      await page.evaluate(
        `[MediaRecorder.isTypeSupported('audio/webm;codecs=opus'), MediaRecorder.isTypeSupported('audio/ogg;codecs=opus')]`,
      ),
      [true, false],
    );
    await page.getByRole('button', { name: 'Record a voice note' }).click();
    await page.locator('[data-testid="voice-bar"][data-phase="recording"]').waitFor();
    await page.getByTestId('voice-elapsed').filter({ hasText: 'Recording 0:02' }).waitFor();
    await page.getByTestId('composer').screenshot({ path: artifactPath('composer-recording.png') });
    await page.getByRole('button', { name: 'Stop and send' }).click();

    const sent = await app.sim.waitForSent(app.bot.token, user.id, (message) => message.method === 'sendVoice', patient);
    const bytes = sent.files[0]!.bytes!;
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'OggS', 'an Ogg container');
    assert.ok(bytes.includes(Buffer.from('OpusHead')), 'with an Opus stream');
    assert.ok(bytes.length > 1000, `a real recording (${bytes.length} bytes)`);
    await page.getByTestId('voice-bar').waitFor({ state: 'detached' });
  });

  test('a refused microphone says how to allow it', async () => {
    await customer('Mia', 'Muted');
    // --use-fake-ui-for-media-stream accepts every prompt whatever the permission says, so the refusal
    // needs a browser without it and without the grant: there Chromium answers NotAllowedError.
    const strict = await launchChromium({ args: ['--use-fake-device-for-media-stream'] });
    try {
      const other = await strict.context.newPage();
      other.setDefaultTimeout(patient);
      await signIn(other, app.url);
      await openChat(other, 'Mia Muted');
      await other.getByRole('button', { name: 'Record a voice note' }).click();
      const notice = other.getByTestId('recorder-problem');
      await notice.filter({ hasText: 'The microphone is blocked for this site. Allow it in the browser' }).waitFor();
      assert.equal(await other.getByTestId('voice-bar').count(), 0, 'nothing is recording');
      await notice.getByRole('button', { name: 'Close' }).click();
      await notice.waitFor({ state: 'detached' });
    } finally {
      await strict.close();
    }
  });

  test('a disguised program, an empty file and a file past UPLOAD_MAX_BYTES are refused in the composer and nothing is sent', async () => {
    const user = await customer('Rex', 'Refused');
    const before = app.sim.sentMessages(app.bot.token, user.id).length;
    const storedBefore = (await api.get(`/api/messages/by_chat?chat_id=${await chatIdOf('Rex Refused')}`)).body.results.length;
    await page.getByTestId('file-input').setInputFiles([
      { name: 'invoice.jpg', mimeType: 'image/jpeg', buffer: windowsProgram },
      { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
      { name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(uploadLimit + 100 * 1024, 0x41) },
    ]);
    await eventually(
      async () => (await page.locator('[data-testid="attachment"][data-state="failed"]').count()) === 3,
      patient,
      'three refusals',
    );
    const errors = await page.getByTestId('attachment-error').allInnerTexts();
    // Each refusal shows what its error code means in the reader's language (file_refused, empty_file, file_too_large).
    assert.match(errors[0]!, /^invoice\.jpg was not attached: This kind of file cannot be sent \(programs and scripts are refused\)\./);
    assert.match(errors[1]!, /^empty\.pdf was not attached: The file is empty\./);
    assert.match(errors[2]!, /^huge\.txt was not attached: (The file is too large\.|This is too large to send\.)/);
    await page.getByTestId('composer-status').filter({ hasText: 'Remove the refused files to send.' }).waitFor();
    await input().fill('Please see the attachments');
    assert.equal(await page.getByTestId('send-button').isDisabled(), true, 'refused files block the send');
    await input().press('Enter');
    await page.getByTestId('composer').screenshot({ path: artifactPath('composer-refused.png') });

    for (const name of ['invoice.jpg', 'empty.pdf', 'huge.txt']) await page.getByRole('button', { name: `Remove ${name}` }).click();
    await page.getByTestId('attachment-tray').waitFor({ state: 'detached' });
    assert.equal(await input().inputValue(), 'Please see the attachments', 'the typed text is kept');
    assert.equal(app.sim.sentMessages(app.bot.token, user.id).length, before, 'nothing reached Telegram');
    const stored = (await api.get(`/api/messages/by_chat?chat_id=${await chatIdOf('Rex Refused')}`)).body.results.length;
    assert.equal(stored, storedBefore, 'nothing was recorded in the conversation');
    await input().fill('');
  });

  test('a private note is stored in the conversation and never reaches the customer (nor their "typing…")', async () => {
    const user = await customer('Nora', 'Note');
    const chatId = await chatIdOf('Nora Note');
    await chooseSegment(page, 'Private note');
    const composer = page.getByTestId('composer');
    assert.equal(await composer.getAttribute('data-mode'), 'note');
    const noteField = page.getByRole('textbox', { name: 'Private note' });
    const typingBefore = typingRequests.length;
    await noteField.pressSequentially('VIP customer: offer free delivery');
    await page.getByRole('button', { name: 'Add note' }).waitFor();
    await page.getByTestId('composer').screenshot({ path: artifactPath('composer-note.png') });
    await noteField.press('Enter');
    const stored = await eventually(
      async () =>
        (await api.get(`/api/messages/by_chat?chat_id=${chatId}`)).body.results.find(
          (message: { kind: string; text: string }) => message.kind === 'note',
        ),
      patient,
      'the note in the conversation',
    );
    assert.equal(stored.text, 'VIP customer: offer free delivery');
    assert.equal(typingRequests.length, typingBefore, 'writing a note sends no "typing…"');
    assert.equal(await noteField.inputValue(), '');

    // Replies go through the same per-chat queue: once this one arrived, a leaked note would have too.
    await chooseSegment(page, 'Reply');
    await input().fill('We will deliver tomorrow.');
    await input().press('Enter');
    await app.sim.waitForSent(app.bot.token, user.id, (message) => message.text === 'We will deliver tomorrow.', patient);
    const texts = app.sim.sentMessages(app.bot.token, user.id).map((message) => message.text ?? message.caption);
    assert.ok(!texts.some((text) => text?.includes('VIP customer')), `the note was not sent: ${JSON.stringify(texts)}`);
  });

  test('"/" + a shortcut offers saved answers; arrows and Enter or Tab insert one; Esc closes the list', async () => {
    for (const [shortcut, text] of [
      ['hours', 'We are open 10:00–20:00 every day.'],
      ['hello', 'Hello! How can we help you today?'],
      ['delivery', 'Delivery takes 1–2 days across the city.'],
    ]) {
      const created = await api.post('/api/canned-responses', { shortcut, text });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    await customer('Cora', 'Canned');
    await input().fill('/');
    const list = page.getByRole('listbox', { name: 'Saved answers' });
    await eventually(async () => (await list.getByRole('option').count()) === 3, patient, 'all three answers');
    await input().pressSequentially('h');
    await eventually(
      async () => (await list.getByRole('option').allInnerTexts()).map((text) => text.split('\n')[0]).join() === '/hello,/hours',
      patient,
      'the two starting with h',
    );
    assert.equal(
      await list
        .getByRole('option', { selected: true })
        .innerText()
        .then((text) => text.split('\n')[0]),
      '/hello',
    );
    const composerBox = (await page.getByTestId('composer').boundingBox())!;
    // The list opens above the composer: take both.
    await page.screenshot({
      path: artifactPath('composer-canned.png'),
      clip: { x: composerBox.x, y: composerBox.y - 300, width: composerBox.width, height: composerBox.height + 300 },
    });
    await input().press('ArrowDown');
    assert.match(await list.getByRole('option', { selected: true }).innerText(), /^\/hours/);
    assert.equal(
      await input().getAttribute('aria-activedescendant'),
      await list.getByRole('option', { selected: true }).getAttribute('id'),
    );
    await input().press('Enter');
    assert.equal(await input().inputValue(), 'We are open 10:00–20:00 every day.');
    await list.waitFor({ state: 'detached' });

    await input().fill('/del');
    await list.getByRole('option', { name: /delivery/ }).waitFor();
    await input().press('Tab');
    assert.equal(await input().inputValue(), 'Delivery takes 1–2 days across the city.');

    await input().fill('/he');
    await list.waitFor();
    await input().press('Escape');
    await list.waitFor({ state: 'detached' });
    assert.equal(await input().inputValue(), '/he', 'Esc closes the list and keeps the text');
    await input().pressSequentially('l');
    await list.waitFor();
    await input().fill('/nothing-like-this');
    await page.getByTestId('canned-suggestions').getByText('No saved answer starts with /nothing-like-this.').waitFor();
    await input().fill('');
  });

  test('typing shows "typing…" to the customer: sendChatAction, at most one request every four seconds', async () => {
    const user = await customer('Tom', 'Typing');
    const before = typingRequests.length;
    const started = Date.now();
    await input().pressSequentially('Let me check that for you, one moment please', { delay: 50 });
    const typedForMs = Date.now() - started;
    await eventually(() => app.sim.chatActions(app.bot.token, user.id).includes('typing'), patient, 'sendChatAction typing');
    const made = typingRequests.length - before;
    const allowed = Math.floor(typedForMs / 4000) + 1;
    assert.ok(made >= 1 && made <= allowed, `${made} typing requests in ${typedForMs} ms of typing (at most ${allowed})`);
    await input().fill('');
  });

  test('on a phone the composer keeps every control in reach', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      await page.goto(`${app.url}/inbox`);
      await customer('Phil', 'Phone');
      await page.getByTestId('file-input').setInputFiles(png('small.png', [90, 90, 90]));
      await page.getByTestId('file-input').setInputFiles({
        name: 'price-list.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      });
      await eventually(
        async () => (await page.locator('[data-testid="attachment"][data-state="ready"]').count()) === 2,
        patient,
        'two uploads',
      );
      for (const name of ['Attach files', 'Record a voice note', 'Send'])
        assert.ok(await page.getByRole('button', { name, exact: true }).isVisible(), `${name} is visible`);
      const box = (await page.getByTestId('composer').boundingBox())!;
      assert.ok(box.width <= 390, `the composer fits the screen (${box.width}px)`);
      await page.screenshot({ path: artifactPath('composer-phone.png') });
      for (const name of ['small.png', 'price-list.pdf']) await page.getByRole('button', { name: `Remove ${name}` }).click();
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});
