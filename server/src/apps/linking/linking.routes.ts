import {
  errorResponse,
  linkEnabledBody,
  linkInvite,
  linkStatus,
  type LinkAudience,
  type LinkInvite,
  type LinkStatus,
} from '@switchboard/contract';
import type { FastifyRequest } from 'fastify';
import { conflict, currentPrincipal, currentUser, type Access, type HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { LinkService } from './links.service.ts';
import type { LinkingSettings } from './linking.settings.ts';
import { registerClientLinkRoutes } from './send-message.routes.ts';
import { serializeStatus } from './link-status.ts';
import type { LinkingTables, Subject, SubjectKind } from './tables.ts';

export type LinkingContext = AppContext<LinkingTables, LinkingSettings>;

export interface LinkingRouteOptions {
  links: LinkService;
  context: LinkingContext;
}

/** seed 001's /api/telegram/{client,user}/… plus mute and a staff view of a client's link (settings: the generic app settings routes). */
export function registerLinkingRoutes(app: HttpApp, options: LinkingRouteOptions): void {
  registerSubjectRoutes(app, options, {
    path: 'client',
    kind: 'client',
    access: { principals: ['client'] },
    subjectOf: (request) => ({ kind: 'client', id: currentPrincipal(request).id }),
  });
  registerSubjectRoutes(app, options, {
    path: 'user',
    kind: 'staff',
    access: 'staff',
    subjectOf: (request) => ({ kind: 'staff', id: currentUser(request).id }),
  });
  registerClientLinkRoutes(app, options);
}

interface SubjectRoutes {
  path: LinkAudience;
  kind: SubjectKind;
  access: Access;
  subjectOf(request: FastifyRequest): Subject;
}

function registerSubjectRoutes(app: HttpApp, options: LinkingRouteOptions, routes: SubjectRoutes): void {
  const { links } = options;
  const base = `/api/telegram/${routes.path}`;
  const who = routes.kind === 'client' ? 'the signed-in portal client' : 'the signed-in staff user';
  const tags = ['telegram linking'];
  const config = { access: routes.access };

  app.post(
    `${base}/generate-link`,
    {
      config,
      schema: {
        tags,
        summary: `A deep link and QR code that link ${who}'s Telegram (seed 001)`,
        response: { 200: linkInvite, 409: errorResponse },
      },
    },
    async (request): Promise<LinkInvite> => {
      const subject = routes.subjectOf(request);
      const bot = await portalBot(options.context);
      const settings = await options.context.settings.read();
      const { token, expiresAt } = await links.issueToken(subject, bot.id, settings.token_ttl_minutes);
      const link = `https://t.me/${bot.username}?start=${token}`;
      return {
        link,
        bot_username: bot.username!,
        expires_at: expiresAt.toISOString(),
        expires_in_seconds: Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000)),
        // Loaded on first use: most processes never draw a QR code, and idle memory counts.
        qr_code: await (await import('qrcode')).default.toDataURL(link, { margin: 1, width: 256 }),
        qr_svg: await (await import('qrcode')).default.toString(link, { type: 'svg', margin: 1 }),
      };
    },
  );

  app.get(
    `${base}/status`,
    { config, schema: { tags, summary: `Whether ${who} linked Telegram (seed 001)`, response: { 200: linkStatus } } },
    async (request): Promise<LinkStatus> => {
      const subject = routes.subjectOf(request);
      return serializeStatus(options.context, options.links, await links.find(subject), subject);
    },
  );

  app.patch(
    `${base}/status`,
    {
      config,
      schema: {
        tags,
        summary: 'Mute or unmute notifications without unlinking (seed 001 "enabled")',
        body: linkEnabledBody,
        response: { 200: linkStatus, 409: errorResponse },
      },
    },
    async (request): Promise<LinkStatus> => {
      const subject = routes.subjectOf(request);
      return serializeStatus(options.context, options.links, await links.setEnabled(subject, request.body.enabled), subject);
    },
  );

  app.post(
    `${base}/disconnect`,
    { config, schema: { tags, summary: `Unlink ${who}'s Telegram (seed 001)`, response: { 200: linkStatus } } },
    async (request): Promise<LinkStatus> => {
      const subject = routes.subjectOf(request);
      await links.disconnect(subject);
      return serializeStatus(options.context, options.links, undefined, subject);
    },
  );
}

/** The bot portal links open: the one in the app's settings, else the default bot. */
async function portalBot(context: LinkingContext) {
  const settings = await context.settings.read();
  const bot = settings.channel_id ? await context.channels.get(settings.channel_id) : await context.channels.defaultChannel();
  if (!bot)
    throw conflict(
      'No Telegram bot is connected yet: an admin connects one (Settings → Messengers, or POST /api/accounts) or sets TELEGRAM_BOT_TOKEN.',
      'no_bot',
    );
  if (!bot.username) throw conflict(`The bot "${bot.name}" has no username yet: check its token under Settings → Messengers.`, 'no_bot');
  if (!bot.isEnabled)
    throw conflict(
      `The bot @${bot.username} is switched off: switch it on, or choose another bot in PUT /api/apps/linking/settings.`,
      'bot_off',
    );
  if (bot.apps && !bot.apps.includes('linking')) {
    throw conflict(
      `The bot @${bot.username} does not run the linking app: add "linking" to its apps, or choose another bot in PUT /api/apps/linking/settings.`,
      'linking_off',
    );
  }
  return bot;
}
