// Bot tokens and secrets never reach the log, in any form they can take: raw, percent-encoded (%3A, %253A),
// in query strings, in error messages and stack traces, in any field; and not through the real HTTP paths.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { startTelegramSimulator, type Simulator } from '@switchboard/telegram-sim';
import { createApiClient } from '../testing/api-client.ts';
import { startTestServer, testAppSecret, type TestServer } from '../testing/harness.ts';
import { telegramBotSecrets } from '../channels/telegram-bot/index.ts';
import { createLogger, registerSecret } from './logger.ts';

const tokenSecretPart = 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const token = `110201543:${tokenSecretPart}`;
const webhookSecret = 'wh-secret-Zq8Pn3Lk5Vt';
const forms = [token, token.replace(':', '%3A'), token.replace(':', '%3a'), token.replace(':', '%253A')];

function assertClean(log: string, what: string): void {
  for (const needle of [tokenSecretPart, webhookSecret, encodeURIComponent(webhookSecret), testAppSecret]) {
    assert.ok(!log.includes(needle), `${what} leaked ${needle.slice(0, 6)}…:\n${log}`);
  }
}

describe('secrets in logs', () => {
  test('the real logger masks every form in every place', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    // The server hands the logger every channel module's secret shapes; a Telegram bot token is the hardest case.
    const logger = createLogger({ level: 'trace', destination, secrets: [telegramBotSecrets] });
    registerSecret(webhookSecret);
    for (const form of forms) {
      logger.info(`message with ${form}`);
      logger.info({ url: `https://api.telegram.org/bot${form}/getMe`, nested: { deeper: [form] } }, 'fields');
      logger.warn({ req: { method: 'POST', url: `/api/webhook/bot/${form}?x=1`, ip: '127.0.0.1' } }, 'request');
      logger.error({ err: new Error(`request to https://api.telegram.org/bot${form}/getUpdates failed`) }, 'error message and stack');
      logger.error(new Error(`bare error ${form}`));
    }
    for (const query of [
      `?token=${tokenSecretPart}`,
      `?a=1&secret_token=${webhookSecret}`,
      `?bot_token=${tokenSecretPart}&b=2`,
      `?api_key=${tokenSecretPart}`,
    ]) {
      logger.info({ url: `/api/webhook/bot/${query}` }, `query ${query}`);
    }
    logger.info(`webhook secret ${webhookSecret} and encoded ${encodeURIComponent(webhookSecret)}`);
    assert.equal(lines.length, forms.length * 5 + 5, 'every line was written');
    assertClean(lines.join(''), 'the logger');
    assert.ok(
      lines.some((line) => line.includes('110201543:***')),
      'the bot id stays, to tell bots apart',
    );
  });

  describe('through the HTTP paths', () => {
    let sim: Simulator;
    let server: TestServer;
    before(async () => {
      sim = await startTelegramSimulator();
      const bot = sim.createBot({ username: 'redact_bot' });
      server = await startTestServer('pglite', {
        TELEGRAM_API_ROOT: sim.apiRoot,
        TELEGRAM_BOT_TOKEN: bot.token,
        TELEGRAM_MODE: 'polling',
        TELEGRAM_WEBHOOK_SECRET: webhookSecret,
        LOG_LEVEL: 'trace',
      });
    });
    after(async () => {
      await server.stop();
      await sim.stop();
    });

    test('forwarded paths, query strings and headers leave no secret in the whole log', async () => {
      const anonymous = createApiClient(server.url);
      const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 5, type: 'private' }, text: 'x' } };
      for (const form of forms) {
        assert.equal((await anonymous.request('POST', `/api/webhook/bot/${form}`, { body: update })).status, 401);
        assert.equal((await anonymous.request('POST', `/api/webhook/bot/?token=${form}`, { body: update })).status, 401);
        assert.equal(
          (await anonymous.request('POST', '/api/webhook/bot/', { body: update, headers: { 'x-bot-token': form } })).status,
          401,
        );
        assert.equal((await anonymous.request('POST', `/api/webhook/bot/${form}`, { raw: '{not json' })).status, 400);
      }
      assert.equal(
        (
          await anonymous.request('POST', '/webhooks/telegram', {
            body: update,
            headers: { 'x-telegram-bot-api-secret-token': `${webhookSecret}x` },
          })
        ).status,
        401,
      );
      assert.equal((await anonymous.request('GET', `/docs/json?token=${tokenSecretPart}`)).status, 200);
      assert.ok(server.logs().length > 0, 'the server logged at trace level');
      assertClean(server.logs().join('\n'), 'the server');
    });
  });
});
