// seed 002's step-by-step login for kinds that have one (a personal account:
// phone → code → password), its one-step "create and send the code", and
// start/stop for any account. The routes are generic; the kind's module does
// the talking (module.login) and says what went wrong and what to do next. Bodies and answers are the API
// contract's (@switchboard/contract, accounts.ts).
import { z } from 'zod';
import {
  accountLoginBody,
  accountOtpBody,
  accountPasswordBody,
  type Account,
  type AccountHealthAnswer,
  type AccountInLogin,
} from '@switchboard/contract';
import { idParam, unprocessable, type HttpApp } from '../platform/index.ts';
import { accountHealthOf } from './account-health.ts';
import { moduleForAccountType, readCredentials, readSettings } from './account-input.ts';
import type { AccountLogin, AccountLoginStep, ChannelModules } from './module.ts';
import type { ChannelRegistry } from './registry.service.ts';
import type { ChannelRow } from './tables.ts';

const idParams = z.object({ id: idParam });

export function registerAccountLoginRoutes(
  app: HttpApp,
  options: { registry: ChannelRegistry; modules: ChannelModules; serialize: (row: ChannelRow) => Account },
): void {
  const { registry, serialize } = options;
  const tags = ['accounts'];

  function loginOf(row: ChannelRow): AccountLogin {
    const module = registry.moduleFor(row.kind);
    if (!module.login) throw unprocessable(`A ${module.vocabulary.en.accountName} needs no login: its credentials are enough.`, 'no_login');
    return module.login;
  }
  const answer = async (id: number, login: AccountLoginStep): Promise<AccountInLogin> => ({ ...serialize(await registry.row(id)), login });
  const step =
    (run: (login: AccountLogin, row: ChannelRow, body: unknown) => Promise<AccountLoginStep>) =>
    async (request: { params: { id: number }; body?: unknown }) => {
      const row = await registry.row(request.params.id);
      return answer(row.id, await run(loginOf(row), row, request.body));
    };

  app.post(
    '/api/accounts/authenticate',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Connect an account that logs in step by step and send its login code (seed 002, one step)',
        body: accountLoginBody,
      },
    },
    async (request, reply) => {
      const module = moduleForAccountType(options.modules, request.body.account_type);
      if (!module.login)
        throw unprocessable(`A ${module.vocabulary.en.accountName} needs no login: connect it with POST /api/accounts.`, 'no_login');
      const token = readCredentials(module, request.body);
      const row = await registry.create({
        kind: module.kind,
        name: request.body.name,
        token,
        settings: readSettings(module, request.body, undefined) ?? {},
      });
      const login = await module.login.sendCode(registry.toRecord(await registry.row(row.id)));
      return reply.status(201).send(await answer(row.id, login));
    },
  );

  app.post(
    '/api/accounts/:id/authenticate',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Send the login code (by app, SMS, call … as Telegram chooses)', params: idParams },
    },
    step((login, row) => login.sendCode(registry.toRecord(row))),
  );
  app.post(
    '/api/accounts/:id/resend_code',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Send the code again the next way Telegram offers (after its timeout)', params: idParams },
    },
    step((login, row) => login.resendCode(registry.toRecord(row))),
  );
  app.post(
    '/api/accounts/:id/verify_otp',
    { config: { access: 'admin' }, schema: { tags, summary: 'Enter the login code', params: idParams, body: accountOtpBody } },
    step((login, row, body) => login.verifyCode(registry.toRecord(row), (body as z.infer<typeof accountOtpBody>).otp_code)),
  );
  app.post(
    '/api/accounts/:id/verify_password',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Enter the two-step verification password', params: idParams, body: accountPasswordBody },
    },
    step((login, row, body) => login.verifyPassword(registry.toRecord(row), (body as z.infer<typeof accountPasswordBody>).password)),
  );

  app.get(
    '/api/accounts/:id/health',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary:
          "The account's live connection on this instance: connected, last update, flood waits, reconnects and backoff, paused sending",
        params: idParams,
      },
    },
    async (request): Promise<AccountHealthAnswer> => {
      const row = await registry.row(request.params.id);
      return { account_id: row.id, health: await accountHealthOf(registry, row) };
    },
  );

  app.post(
    '/api/accounts/:id/start',
    { config: { access: 'admin' }, schema: { tags, summary: 'Switch the account on and (re)start its intake', params: idParams } },
    async (request): Promise<Account> => serialize(await registry.update(request.params.id, { isEnabled: true })),
  );
  app.post(
    '/api/accounts/:id/stop',
    {
      config: { access: 'admin' },
      schema: { tags, summary: 'Switch the account off: no intake, no sending (its session is kept)', params: idParams },
    },
    async (request): Promise<Account> => serialize(await registry.update(request.params.id, { isEnabled: false })),
  );
}
