// Customers' media in the inbox, in a real browser: the simulator sends real files, the server
// downloads them through getFile, and the conversation shows them in place.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { createPng } from '@switchboard/telegram-sim';
import type { Locator, Page } from 'playwright-core';
import { signInWithToken, type ApiClient } from '../server/src/testing/api-client.ts';
import { acquireBrowserLock, eventually, startE2eApp, testAdmin, type E2eApp } from './support/app.ts';
import { artifactPath, browserSkipReason, launchChromium, type LaunchedBrowser } from './support/browser.ts';
import { bubble, chatRow, openChat, signIn, unnamedControls } from './support/pages.ts';

// Generous: two cores shared by several test runs; nothing here is a timed assertion.
const slow = 90_000;

/** A small but real animation: an orange ball moving left and right for two seconds. */
function bouncingBallTgs(): Buffer {
  const easing = { i: { x: [0.5], y: [1] }, o: { x: [0.5], y: [0] } };
  const animation = {
    v: '5.7.4',
    fr: 30,
    ip: 0,
    op: 60,
    w: 512,
    h: 512,
    nm: 'ball',
    ddd: 0,
    assets: [],
    layers: [
      {
        ddd: 0,
        ind: 1,
        ty: 4,
        nm: 'ball',
        sr: 1,
        ao: 0,
        ip: 0,
        op: 60,
        st: 0,
        bm: 0,
        ks: {
          o: { a: 0, k: 100 },
          r: { a: 0, k: 0 },
          a: { a: 0, k: [0, 0, 0] },
          s: { a: 0, k: [100, 100, 100] },
          p: {
            a: 1,
            k: [
              { t: 0, s: [128, 256, 0], ...easing },
              { t: 30, s: [384, 256, 0], ...easing },
              { t: 60, s: [128, 256, 0] },
            ],
          },
        },
        shapes: [
          {
            ty: 'gr',
            nm: 'ball',
            it: [
              { ty: 'el', nm: 'circle', p: { a: 0, k: [0, 0] }, s: { a: 0, k: [160, 160] } },
              { ty: 'fl', nm: 'fill', c: { a: 0, k: [0.98, 0.55, 0.1, 1] }, o: { a: 0, k: 100 } },
              {
                ty: 'tr',
                p: { a: 0, k: [0, 0] },
                a: { a: 0, k: [0, 0] },
                s: { a: 0, k: [100, 100] },
                r: { a: 0, k: 0 },
                o: { a: 0, k: 100 },
              },
            ],
          },
        ],
      },
    ],
  };
  return gzipSync(Buffer.from(JSON.stringify(animation)));
}

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

// The lock can be held by another browser file for minutes on a busy machine: the suite's own budget covers that wait.
describe('media in the inbox (browser)', { skip: browserSkipReason(), timeout: 20 * 60_000 }, () => {
  let release: () => void;
  let app: E2eApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let api: ApiClient;
  let customer: { id: number };
  const requested: string[] = [];

  before(
    async () => {
      release = await acquireBrowserLock();
      app = await startE2eApp();
      api = await signInWithToken(app.url, testAdmin);
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.setDefaultTimeout(slow);
      page.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await signIn(page, app.url);
      customer = app.sim.createUser({ first_name: 'Mia', last_name: 'Media' });
    },
    { timeout: 20 * 60_000 },
  );
  after(async () => {
    await browser?.close();
    await app?.stop();
    release?.();
  });

  const lottieChunks = () => requested.filter((path) => /lottie/i.test(path));
  const media = (testId: string) => page.getByTestId('message').filter({ has: page.getByTestId(testId) });
  /** Status of a GET with the page's own session (the operator's cookies). */
  const staffStatus = (url: string) => page.evaluate(async (src) => (await fetch(src)).status, url);

  async function loaded(image: Locator): Promise<number> {
    await image.scrollIntoViewIfNeeded();
    return eventually(
      () => image.evaluate((element: { complete: boolean; naturalWidth: number }) => element.complete && element.naturalWidth),
      slow,
      'the image to load',
    );
  }

  test('a photo, an album of 3, a voice note and a document render in place; the files are served to staff only', async () => {
    const token = app.bot.token;
    app.sim.sendText(token, { from: customer.id, text: 'Here are the photos of the sofa' });
    app.sim.sendPhoto(token, { from: customer.id, bytes: createPng(640, 480, [214, 120, 70]), caption: 'The stain on the left cushion' });
    app.sim.sendAlbum(token, {
      from: customer.id,
      items: [
        { type: 'photo', bytes: createPng(600, 600, [70, 130, 180]), caption: 'From three sides' },
        { type: 'photo', bytes: createPng(600, 400, [120, 170, 90]) },
        { type: 'photo', bytes: createPng(400, 600, [200, 170, 60]) },
      ],
    });
    app.sim.sendVoice(token, { from: customer.id, duration: 3 });
    app.sim.sendDocument(token, { from: customer.id, bytes: pdf, file_name: 'receipt-2041.pdf', mime_type: 'application/pdf' });

    await eventually(
      async () => (await api.get('/api/chats')).body.results.some((chat: { title: string }) => chat.title === 'Mia Media'),
      slow,
      'the server to record the chat',
    );
    await openChat(page, 'Mia Media');
    const document = media('media-document');
    await document.getByText('receipt-2041.pdf').waitFor();

    // The photo: an image that really loaded, with its caption under it.
    const photo = page.getByTestId('message').filter({ hasText: 'The stain on the left cushion' });
    assert.ok((await loaded(photo.locator('img'))) > 0, 'the photo has pixels');
    assert.equal(await photo.getByTestId('media-photo').count(), 1);

    // The album: one bubble with three loaded images and the caption.
    const album = page.locator('[data-testid=message][data-album-size="3"]');
    await album.waitFor();
    assert.equal(await page.getByTestId('media-album').count(), 1, 'three messages, one album bubble');
    await eventually(async () => (await album.locator('img').count()) === 3, slow, 'the three album photos');
    for (const image of await album.locator('img').all()) assert.ok((await loaded(image)) > 0);
    await album.getByText('From three sides').waitFor();

    // The voice note: a player whose source the operator can fetch, and its length.
    const voice = media('media-voice');
    const audio = voice.locator('audio');
    const audioSrc = await eventually(() => audio.getAttribute('src'), slow, 'the voice note to download');
    assert.equal(await staffStatus(audioSrc), 200);
    assert.equal(await voice.getByTestId('media-duration').innerText(), '0:03');
    await eventually(
      () => audio.evaluate((element: { readyState: number; duration: number }) => element.readyState >= 1 && element.duration > 0),
      slow,
      'the browser to read the Ogg/Opus header',
    );

    // The document: name, size and a download link that works for the operator.
    await document.getByText(/\d+ bytes · application\/pdf/).waitFor();
    const link = document.getByRole('link', { name: 'Download receipt-2041.pdf' });
    const href = (await link.getAttribute('href'))!;
    assert.match(href, /^\/api\/media\/\d+\?download=1$/);
    assert.equal(await staffStatus(href), 200);

    // Nobody else gets the files: an anonymous request is refused.
    const photoSrc = (await photo.locator('img').getAttribute('src'))!;
    for (const url of [photoSrc, audioSrc, href]) {
      const anonymous = await fetch(`${app.url}${url}`);
      assert.ok([401, 403].includes(anonymous.status), `anonymous GET ${url} → ${anonymous.status}`);
    }

    // A click opens the photo full size; Escape closes it.
    await photo.getByRole('button', { name: 'Open the photo full size' }).click();
    const viewerImage = page.getByTestId('photo-viewer-image');
    assert.ok((await loaded(viewerImage)) >= 640);
    await page.keyboard.press('Escape');
    await viewerImage.waitFor({ state: 'detached' });
    await album.locator('button').nth(1).click();
    await page.getByRole('dialog').getByText('2 of 3').waitFor();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('dialog').getByText('3 of 3').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    assert.deepEqual(lottieChunks(), [], 'no Lottie player is loaded while no animated sticker is shown');
    assert.deepEqual(await unnamedControls(page), []);
    // Tall enough for the four to share one picture (the artifact).
    await page.setViewportSize({ width: 1440, height: 1200 });
    await page.getByTestId('message-list').evaluate((list) => list.scrollTo({ top: 0 }));
    await photo.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('conversation-media.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  test('an animated .tgs sticker plays (Lottie loaded on demand); a location, a contact and a file over 20 MB are shown as such', async () => {
    const token = app.bot.token;
    app.sim.sendSticker(token, { from: customer.id, sticker_format: 'animated', bytes: bouncingBallTgs() });
    app.sim.sendLocation(token, { from: customer.id, latitude: 43.238949, longitude: 76.889709 });
    app.sim.sendContact(token, { from: customer.id, phone_number: '+7 701 555 0102', first_name: 'Dana', last_name: 'Courier' });
    app.sim.sendDocument(token, {
      from: customer.id,
      bytes: Buffer.alloc(21 * 1024 * 1024, 7),
      file_name: 'scan-raw.tiff',
      mime_type: 'image/tiff',
    });

    const sticker = page.locator('[data-testid=media-sticker][data-format=animated]');
    await sticker.scrollIntoViewIfNeeded();
    await page.locator('[data-testid=media-sticker][data-state=playing]').waitFor();
    assert.ok(lottieChunks().length > 0, 'the Lottie chunk is fetched for the sticker');
    // Lottie moves the ball by rewriting the layer's transform each frame: the drawing changes over time.
    const drawing = () => sticker.locator('svg').evaluate((svg) => svg.innerHTML as string);
    const first = await drawing();
    const moved = await eventually(async () => (await drawing()) !== first, slow, 'the ball to move');
    assert.ok(moved, 'the animation plays');
    assert.ok((await sticker.locator('svg path').count()) > 0, 'the ball is drawn');

    const location = media('media-location');
    await location.getByText('43.23895, 76.88971').waitFor();
    assert.equal(
      await location.getByRole('link', { name: 'Open on the map' }).getAttribute('href'),
      'https://www.openstreetmap.org/?mlat=43.238949&mlon=76.889709#map=16/43.238949/76.889709',
    );
    const contact = media('media-contact');
    await contact.getByText('Dana Courier').waitFor();
    assert.equal(await contact.getByRole('link', { name: 'Call +7 701 555 0102' }).getAttribute('href'), 'tel:+77015550102');

    const tooBig = page.getByTestId('media-too_big');
    await tooBig.waitFor();
    await tooBig.getByText('scan-raw.tiff').waitFor();
    await tooBig.getByText(/Too big to show here .* up to 20 MB/).waitFor();
    await tooBig.getByText(/21 MB/).waitFor();
    await page.screenshot({ path: artifactPath('conversation-media-sticker-location.png') });
  });

  test('a photo still downloading shows a placeholder that turns into the photo when the download completes', async () => {
    app.sim.failNext(app.bot.token, 1, 'slow', { methods: ['getFile'], slowMs: 6000 });
    app.sim.sendPhoto(app.bot.token, {
      from: customer.id,
      bytes: createPng(320, 240, [150, 80, 160]),
      caption: 'Is this the right colour?',
    });
    const message = page.getByTestId('message').filter({ hasText: 'Is this the right colour?' });
    await message.getByTestId('media-pending').waitFor();
    assert.match(await message.getByTestId('media-pending').innerText(), /Downloading/);
    // No reload: the message_updated event replaces the placeholder.
    assert.ok((await loaded(message.locator('img'))) > 0);
    assert.equal(await message.getByTestId('media-pending').count(), 0);
  });

  test('an edited message shows "edited" and the earlier text; a private note and a service line look different from messages', async () => {
    const sent = app.sim.sendText(app.bot.token, { from: customer.id, text: 'Deliver on Monday' });
    await bubble(page, 'Deliver on Monday').waitFor();
    app.sim.editMessage(app.bot.token, { from: customer.id, message_id: sent.message!.message_id, text: 'Deliver on Tuesday, please' });
    const edited = bubble(page, 'Deliver on Tuesday, please');
    await edited.waitFor();
    await edited.getByRole('button', { name: 'Edited: show the earlier text' }).click();
    await page.getByTestId('edit-history').getByText('Deliver on Monday').waitFor();
    await page.keyboard.press('Escape');

    const chatId = await chatRow(page, 'Mia Media').getAttribute('data-chat-id');
    const note = await api.post(`/api/chats/${chatId}/notes`, { text: 'She paid by card, refund to the same card' });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const noteBubble = bubble(page, 'She paid by card, refund to the same card');
    await noteBubble.getByText('Private note — the customer does not see it').waitFor();
    assert.match(String(await noteBubble.getAttribute('class')), /sb-bubble-note/);

    const resolved = await api.post(`/api/chats/${chatId}/resolve`);
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    const history = await api.get(`/api/messages/by_chat?chat_id=${chatId}`);
    assert.ok(
      history.body.results.some((message: { kind: string }) => message.kind === 'service'),
      'the server recorded the resolve line',
    );
    await page.reload();
    const service = page.locator('[data-testid=message][data-kind=service]').filter({ hasText: 'Resolved by' });
    await service.waitFor();
    assert.match(await service.innerText(), /Resolved by/);
    await page.screenshot({ path: artifactPath('conversation-media-notes.png') });
  });

  test('screenshots in the dark theme and on a phone', async () => {
    // Mia's conversation was resolved above; the list shows open ones unless asked for every status.
    await page.goto(`${app.url}/inbox?status=all`);
    await openChat(page, 'Mia Media');
    await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
    const album = page.locator('[data-testid=message][data-album-size="3"]');
    await album.scrollIntoViewIfNeeded();
    await loaded(album.locator('img').first());
    await page.screenshot({ path: artifactPath('conversation-media-dark.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await album.scrollIntoViewIfNeeded();
    const right = await album.evaluate((element) => element.getBoundingClientRect().right as number);
    assert.ok(right <= 390, `the album fits the phone screen (right edge at ${right}px)`);
    await page.screenshot({ path: artifactPath('conversation-media-phone.png') });
    // The theme switch lives in the navigation, hidden behind the menu on a phone.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Switch to the light theme' }).click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('media-document').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('conversation-media-phone-light.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  test('a Windows program sent as "invoice<RLO>fdp.pdf" shows its plain name, a warning, and downloads as the program it is', async () => {
    const program = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(58),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64),
      Buffer.from('PE\0\0'),
      Buffer.alloc(256),
    ]);
    app.sim.sendDocument(app.bot.token, {
      from: customer.id,
      bytes: program,
      file_name: 'invoice\u202Efdp.pdf',
      mime_type: 'application/pdf',
    });
    await page.goto(`${app.url}/inbox`);
    await openChat(page, 'Mia Media');
    const card = page.getByTestId('media-document').filter({ hasText: 'invoicefdp.pdf' });
    await card.getByTestId('media-risk-warning').waitFor();
    assert.match(await card.getByTestId('media-risk-warning').innerText(), /program/);
    assert.doesNotMatch(await card.innerText(), /\u202E/);
    const link = await eventually(() => card.getByRole('link').getAttribute('href'), slow, 'the program to download');
    const served = await page.evaluate(async (href) => {
      const response = await fetch(href!);
      return { type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition') };
    }, link);
    assert.equal(served.type, 'application/x-msdownload');
    assert.match(served.disposition ?? '', /^attachment; filename="invoicefdp\.pdf\.exe"/);
  });
});
