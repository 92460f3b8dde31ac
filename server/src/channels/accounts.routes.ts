import {
  accountBody,
  accountPatch,
  accountWebhookBody,
  idParams,
  type Account,
  type AccountList,
  type AccountTestResult,
  type ChannelKinds,
  type IntakeRestarted,
  type SubAccountList,
  type WebhookInfo,
  type WebhookSet,
} from '@switchboard/contract';
import { HttpError, unprocessable, type Db, type HttpApp } from '../platform/index.ts';
import { moduleForAccountType, readChangedCredentials, readCredentials, readSettings } from './account-input.ts';
import { describeChannelKind, type ChannelModules, type ChannelRouteContext } from './module.ts';
import { registerAccountLoginRoutes } from './account-login.routes.ts';
import { registerMessengerRoutes } from './messengers.routes.ts';
import type { ChannelRegistry } from './registry.service.ts';
import type { ChannelRow } from './tables.ts';

/** seed 002's account, whatever its kind: the bot_* names are the seed's; secrets only masked. */
export function serializeAccount(row: ChannelRow, modules: ChannelModules): Account {
  const settings = (row.settings ?? {}) as { welcome_text?: string; apps?: string[] };
  return {
    id: row.id,
    name: row.name,
    account_type: modules.get(row.kind)?.accountType ?? row.kind,
    kind: row.kind,
    messenger: modules.messengerOf(row.kind),
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

// The kind's credential fields and settings are checked by its module (account-input.ts); the contract's bodies hold the common ones.

export interface ChannelRouteOptions {
  db: Db;
  registry: ChannelRegistry;
  modules: ChannelModules;
  /** What each module's own routes (webhooks, seed aliases) may reach. */
  moduleRoutes: ChannelRouteContext;
}

/** seed 002's /api/accounts and /api/system/control, the kinds the server runs, seed 000's /api/messengers, and each module's own routes. */
export function registerChannelRoutes(app: HttpApp, options: ChannelRouteOptions): void {
  const { registry, modules } = options;
  const tags = ['accounts'];
  const serialize = (row: ChannelRow) => serializeAccount(row, modules);

  app.get(
    '/api/channels/kinds',
    { schema: { tags, summary: 'The kinds of account this server connects: capabilities, limits and vocabulary (ru, en)' } },
    async (): Promise<ChannelKinds> => ({
      results: modules.list().map(describeChannelKind),
    }),
  );

  app.get(
    '/api/accounts',
    { config: { access: 'admin' }, schema: { tags, summary: 'Connected accounts' } },
    async (): Promise<AccountList> => ({
      results: (await registry.list()).map(serialize),
      next_cursor: null,
    }),
  );

  app.post(
    '/api/accounts',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Connect an account (its credentials are checked with the platform); credential fields per kind: GET /api/channels/kinds',
        body: accountBody,
      },
    },
    async (request, reply) => {
      const { name, account_type: accountType, intake_mode: intakeMode } = request.body;
      const module = moduleForAccountType(modules, accountType);
      const token = readCredentials(module, request.body);
      const row = await registry.create({
        kind: module.kind,
        name,
        token,
        intakeMode,
        settings: readSettings(module, request.body, undefined) ?? {},
      });
      return reply.status(201).send(serialize(row));
    },
  );

  app.get('/api/accounts/:id', { config: { access: 'admin' }, schema: { tags, params: idParams } }, async (request): Promise<Account> =>
    serialize(await registry.row(request.params.id)),
  );

  app.patch(
    '/api/accounts/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Change an account; new credentials are checked with the platform', params: idParams, body: accountPatch },
    },
    async (request): Promise<Account> => {
      const { name, intake_mode: intakeMode, is_enabled: isEnabled, apps } = request.body;
      const module = registry.moduleFor((await registry.row(request.params.id)).kind);
      const fields = describeChannelKind(module).credential_fields;
      const token = readChangedCredentials(module, request.body, fields);
      const row = await registry.update(request.params.id, {
        name,
        token,
        intakeMode,
        isEnabled,
        settings: readSettings(module, request.body, apps),
      });
      return serialize(row);
    },
  );

  app.delete(
    '/api/accounts/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Disconnect an account (its conversations stay); a personal account is logged out at Telegram',
        params: idParams,
      },
    },
    async (request, reply) => {
      await registry.remove(request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/accounts/:id/sub-accounts',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Accounts reached through this one (businesses that connected this bot): owner, rights, state, whether it can reply',
        params: idParams,
      },
    },
    async (request): Promise<SubAccountList> => {
      const row = await registry.row(request.params.id);
      const adapter = registry.adapterFor(row.kind);
      const subAccounts = adapter.subAccounts ? await adapter.subAccounts(registry.toRecord(row)) : [];
      return {
        results: subAccounts.map((sub) => ({
          id: sub.id,
          name: sub.name,
          owner: { external_id: sub.owner.externalId, name: sub.owner.name, username: sub.owner.username },
          rights: sub.rights,
          state: sub.state,
          can_reply: sub.canReply,
          code: sub.code,
          reason: sub.reason,
          connected_at: sub.connectedAt.toISOString(),
          updated_at: sub.updatedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/accounts/:id/test',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Check the credentials with the platform; a refusal shows as the account's status and last error",
        params: idParams,
      },
    },
    async (request): Promise<AccountTestResult> => {
      const row = await registry.row(request.params.id);
      let identity: Awaited<ReturnType<ChannelRegistry['verify']>>;
      try {
        identity = await registry.verify(row.kind, registry.toRecord(row).credentials());
      } catch (error) {
        // Refused credentials are the account's trouble until fixed (an unreachable platform says nothing about them).
        if (error instanceof HttpError && error.code === 'invalid_token' && row.status !== 'stopped')
          await registry.setStatus(row.id, 'error', error.message);
        throw error;
      }
      // A passed check clears an error; intake reports again if its own trouble persists.
      if (row.status === 'error') await registry.setStatus(row.id, 'active', null);
      return { ok: true, bot: { id: Number(identity.externalId), username: identity.username, first_name: identity.displayName } };
    },
  );

  app.get(
    '/api/accounts/:id/webhook',
    { config: { access: 'admin' }, schema: { tags, summary: "The platform's view of this account's webhook", params: idParams } },
    async (request): Promise<WebhookInfo> => {
      const row = await registry.row(request.params.id);
      const adapter = registry.adapterFor(row.kind);
      if (!adapter.webhookInfo) throw unprocessable('This kind of account has no webhook.');
      return adapter.webhookInfo(registry.toRecord(row));
    },
  );

  app.post(
    '/api/accounts/:id/webhook',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Point the account’s webhook at this server (PUBLIC_URL) or at the given URL',
        params: idParams,
        body: accountWebhookBody,
      },
    },
    async (request): Promise<WebhookSet> => {
      const row = await registry.row(request.params.id);
      const adapter = registry.adapterFor(row.kind);
      if (!adapter.setWebhook) throw unprocessable('This kind of account has no webhook.');
      const url = request.body.url ?? adapter.webhookUrl?.(row.id);
      if (!url)
        throw unprocessable(
          `Set PUBLIC_URL (or send "url") so ${registry.moduleFor(row.kind).vocabulary.en.messengerName} knows where to post updates.`,
          'public_url_required',
        );
      await adapter.setWebhook(registry.toRecord(row), url);
      if (!request.body.url) await registry.update(row.id, { intakeMode: 'webhook' });
      return { ok: true, url };
    },
  );

  app.delete(
    '/api/accounts/:id/webhook',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove the account’s webhook and switch it to polling', params: idParams } },
    async (request) => {
      const row = await registry.row(request.params.id);
      const adapter = registry.adapterFor(row.kind);
      if (!adapter.deleteWebhook) throw unprocessable('This kind of account has no webhook.');
      await adapter.deleteWebhook(registry.toRecord(row));
      if (row.intake_mode === 'webhook') await registry.update(row.id, { intakeMode: 'polling' });
      return { ok: true };
    },
  );

  app.post(
    '/api/system/control',
    { config: { access: 'admin' }, schema: { tags: ['system'], summary: "Restart every account's intake (seed 002)" } },
    async (): Promise<IntakeRestarted> => {
      const rows = await registry.list();
      for (const row of rows) await registry.start(row.id);
      return { ok: true, restarted: rows.length };
    },
  );

  registerAccountLoginRoutes(app, { registry, modules, serialize });
  registerMessengerRoutes(app, options);
  for (const module of modules.list()) module.registerRoutes?.(app, options.moduleRoutes);
}
