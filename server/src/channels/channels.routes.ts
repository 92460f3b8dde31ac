import { z } from 'zod';
import { HttpError, notFound, optionalStaffCaller, readSetting, unprocessable, writeSetting, type AnyDb, type HttpApp } from '../platform/index.ts';
import { createCachedCheck } from './bot-check.ts';
import { intakeModes, type ChannelKind } from './channel.ts';
import type { ChannelRegistry } from './registry.service.ts';
import type { ChannelRow } from './tables.ts';

const messengers = [
  { type: 'telegram', name: 'Telegram', is_available: true },
  { type: 'whatsapp', name: 'WhatsApp', is_available: true },
  { type: 'instagram', name: 'Instagram', is_available: false },
  { type: 'tiktok', name: 'TikTok', is_available: false },
] as const;
type MessengerType = (typeof messengers)[number]['type'];
const messengerSwitchesKey = 'messenger_switches';

export function serializeAccount(row: ChannelRow) {
  const settings = (row.settings ?? {}) as { welcome_text?: string; apps?: string[] };
  return {
    id: row.id,
    name: row.name,
    account_type: row.kind === 'telegram_bot' ? 'bot' : row.kind,
    status: row.status,
    status_detail: row.status_detail,
    intake_mode: row.intake_mode,
    is_default: row.is_default,
    is_enabled: row.is_enabled,
    token_source: row.token_from_env ? 'env' : 'database',
    bot_token_masked: row.credentials_hint,
    bot_id: row.external_id,
    bot_username: row.username,
    bot_name: row.display_name,
    welcome_text: settings.welcome_text ?? '',
    apps: settings.apps ?? null,
    created_at: row.created_at.toISOString(),
  };
}

const accountBody = z.object({
  name: z.string().trim().min(1).max(120),
  account_type: z.literal('bot').default('bot'),
  bot_token: z.string().trim().min(1).max(200),
  intake_mode: z.enum(intakeModes).optional(),
  welcome_text: z.string().max(4096).optional(),
});
const accountPatch = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  bot_token: z.string().trim().min(1).max(200).optional(),
  intake_mode: z.enum(intakeModes).optional(),
  welcome_text: z.string().max(4096).optional(),
  is_enabled: z.boolean().optional(),
  /** Apps switched on for this bot; omit the key to leave it, [] for none. */
  apps: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

async function readSwitches(db: AnyDb): Promise<Record<string, boolean>> {
  return (await readSetting<Record<string, boolean>>(db, messengerSwitchesKey)) ?? {};
}

/** seed 002's /api/accounts and /api/system/control, seed 000's /api/messengers and /webhooks/telegram/test|info. */
export function registerChannelRoutes(app: HttpApp, options: { db: AnyDb; registry: ChannelRegistry }): void {
  const { registry } = options;
  const tags = ['accounts'];

  app.get('/api/accounts', { config: { access: 'admin' }, schema: { tags, summary: 'Connected bots' } }, async () => ({
    results: (await registry.list()).map(serializeAccount),
    next_cursor: null,
  }));

  app.post('/api/accounts', { config: { access: 'admin' }, schema: { tags, summary: 'Connect a bot (the token is checked with getMe)', body: accountBody } }, async (request, reply) => {
    const { name, bot_token: token, intake_mode: intakeMode, welcome_text: welcomeText } = request.body;
    const row = await registry.create({ kind: 'telegram_bot', name, token, intakeMode, settings: welcomeText !== undefined ? { welcome_text: welcomeText } : {} });
    return reply.status(201).send(serializeAccount(row));
  });

  app.get('/api/accounts/:id', { config: { access: 'admin' }, schema: { tags, params: idParams } }, async (request) => serializeAccount(await registry.row(request.params.id)));

  app.patch('/api/accounts/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Change a bot; a new token is checked with getMe', params: idParams, body: accountPatch } }, async (request) => {
    const { name, bot_token: token, intake_mode: intakeMode, welcome_text: welcomeText, is_enabled: isEnabled, apps } = request.body;
    const settings = { ...(welcomeText !== undefined ? { welcome_text: welcomeText } : {}), ...(apps !== undefined ? { apps } : {}) };
    const row = await registry.update(request.params.id, { name, token, intakeMode, isEnabled, settings: Object.keys(settings).length ? settings : undefined });
    return serializeAccount(row);
  });

  app.delete('/api/accounts/:id', { config: { access: 'admin' }, schema: { tags, summary: 'Disconnect a bot (its conversations stay)', params: idParams } }, async (request, reply) => {
    await registry.remove(request.params.id);
    return reply.status(204).send();
  });

  app.post('/api/accounts/:id/test', { config: { access: 'admin' }, schema: { tags, summary: 'Check the token with getMe', params: idParams } }, async (request) => {
    const row = await registry.row(request.params.id);
    const identity = await registry.adapterFor(row.kind).verifyCredentials(registry.toRecord(row).credentials());
    return { ok: true, bot: { id: Number(identity.externalId), username: identity.username, first_name: identity.displayName } };
  });

  app.get('/api/accounts/:id/webhook', { config: { access: 'admin' }, schema: { tags, summary: "Telegram's getWebhookInfo for this bot", params: idParams } }, async (request) => {
    const row = await registry.row(request.params.id);
    const adapter = registry.adapterFor(row.kind);
    if (!adapter.webhookInfo) throw unprocessable('This kind of account has no webhook.');
    return adapter.webhookInfo(registry.toRecord(row));
  });

  app.post(
    '/api/accounts/:id/webhook',
    { config: { access: 'admin' }, schema: { tags, summary: 'Point the bot’s webhook at this server (PUBLIC_URL) or at the given URL', params: idParams, body: z.object({ url: z.url().optional() }).default({}) } },
    async (request) => {
      const row = await registry.row(request.params.id);
      const adapter = registry.adapterFor(row.kind);
      if (!adapter.setWebhook) throw unprocessable('This kind of account has no webhook.');
      const url = request.body.url ?? adapter.webhookUrl?.(row.id);
      if (!url) throw unprocessable('Set PUBLIC_URL (or send "url") so Telegram knows where to post updates.', 'public_url_required');
      await adapter.setWebhook(registry.toRecord(row), url);
      if (!request.body.url) await registry.update(row.id, { intakeMode: 'webhook' });
      return { ok: true, url };
    },
  );

  app.delete('/api/accounts/:id/webhook', { config: { access: 'admin' }, schema: { tags, summary: 'Remove the bot’s webhook and switch it to polling', params: idParams } }, async (request) => {
    const row = await registry.row(request.params.id);
    const adapter = registry.adapterFor(row.kind);
    if (!adapter.deleteWebhook) throw unprocessable('This kind of account has no webhook.');
    await adapter.deleteWebhook(registry.toRecord(row));
    if (row.intake_mode === 'webhook') await registry.update(row.id, { intakeMode: 'polling' });
    return { ok: true };
  });

  app.post('/api/system/control', { config: { access: 'admin' }, schema: { tags: ['system'], summary: "Restart every bot's intake (seed 002)" } }, async () => {
    const rows = await registry.list();
    for (const row of rows) await registry.start(row.id);
    return { ok: true, restarted: rows.length };
  });

  const checkDefaultBot = async () => {
    const channel = await registry.defaultChannel('telegram_bot');
    if (!channel) return { status: 503, body: { status: 'error', message: 'No Telegram bot is connected: set TELEGRAM_BOT_TOKEN or add one in Settings → Messengers.' } };
    try {
      const identity = await registry.adapterFor(channel.kind).verifyCredentials(channel.credentials());
      return { status: 200, body: { status: 'ok', message: 'Telegram webhook is ready', bot: { id: Number(identity.externalId), username: identity.username, first_name: identity.displayName } } };
    } catch (error) {
      return { status: 503, body: { status: 'error', message: `Telegram did not accept the bot: ${(error as Error).message}` } };
    }
  };
  // Anyone may ask, so anyone could make us call getMe in a loop: strangers get an answer at most a minute old.
  const botCheck = createCachedCheck(checkDefaultBot, { maxAgeMs: 60_000 });
  app.get('/webhooks/telegram/test', { config: { access: 'public' }, schema: { tags: ['webhooks'], summary: 'Is the default bot ready? (seed 000; at most a minute old, live for admins)' } }, async (request, reply) => {
    const caller = await optionalStaffCaller(request);
    const answer = caller?.user.role === 'admin' ? await botCheck.live('default') : await botCheck.get('default');
    return reply.status(answer.status).send(answer.body);
  });

  app.get('/webhooks/telegram/info', { config: { access: 'admin' }, schema: { tags: ['webhooks'], summary: "The default bot's getWebhookInfo (seed 000)" } }, async () => {
    const channel = await registry.defaultChannel('telegram_bot');
    if (!channel) throw notFound('A default Telegram bot');
    return registry.adapterFor(channel.kind).webhookInfo!(channel);
  });

  registerMessengerRoutes(app, options);
}

function registerMessengerRoutes(app: HttpApp, { registry, db }: { db: AnyDb; registry: ChannelRegistry }): void {
  const tags = ['messengers'];
  async function settingsOf(type: MessengerType) {
    const messenger = messengers.find((item) => item.type === type)!;
    const switches = await readSwitches(db);
    if (type !== 'telegram') return { type, name: messenger.name, is_enabled: switches[type] === true, is_available: messenger.is_available, token_source: null, api_token_masked: null };
    const channel = await registry.defaultChannel('telegram_bot');
    const row = channel ? await registry.row(channel.id) : undefined;
    return { type, name: messenger.name, is_enabled: Boolean(row?.is_enabled), is_available: true, token_source: row ? (row.token_from_env ? 'env' : 'database') : null, api_token_masked: row?.credentials_hint ?? null };
  }

  app.get('/api/messengers/settings', { config: { access: 'admin' }, schema: { tags, summary: 'Every messenger with its switch (seed 000)' } }, async () => ({
    settings: await Promise.all(messengers.map((messenger) => settingsOf(messenger.type))),
  }));

  app.get('/api/messengers/enabled', { schema: { tags, summary: 'Messengers switched on, for the sidebar (seed 000)' } }, async () => {
    const all = await Promise.all(messengers.map((messenger) => settingsOf(messenger.type)));
    return { enabled_messengers: all.filter((item) => item.is_enabled).map(({ type, name }) => ({ type, name })) };
  });

  app.put(
    '/api/messengers/settings/:type',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Switch a messenger on or off; for Telegram, set the default bot's token (seed 000)", params: z.object({ type: z.string() }), body: z.object({ is_enabled: z.boolean().optional(), api_token: z.string().trim().min(1).max(200).optional() }) },
    },
    async (request) => {
      const type = request.params.type as MessengerType;
      const messenger = messengers.find((item) => item.type === type);
      if (!messenger) throw new HttpError(404, 'not_found', `Unknown messenger "${request.params.type}": use telegram, whatsapp, instagram or tiktok.`);
      if (!messenger.is_available && request.body.is_enabled) throw unprocessable(`${messenger.name} is not built yet, so it cannot be switched on.`, 'not_available');
      if (type === 'telegram') {
        let channel = await registry.defaultChannel('telegram_bot');
        if (request.body.api_token) {
          if (channel) await registry.update(channel.id, { token: request.body.api_token });
          else await registry.create({ kind: 'telegram_bot' as ChannelKind, name: 'Telegram bot', token: request.body.api_token });
          channel = await registry.defaultChannel('telegram_bot');
        }
        if (request.body.is_enabled !== undefined) {
          if (!channel) throw unprocessable('Give the bot token ("api_token") to switch Telegram on.', 'token_required');
          await registry.update(channel.id, { isEnabled: request.body.is_enabled });
        }
      } else if (request.body.is_enabled !== undefined) {
        await writeSetting(db, messengerSwitchesKey, { ...(await readSwitches(db)), [type]: request.body.is_enabled });
      }
      return settingsOf(type);
    },
  );
}
