// The HTTP side of the composition root: the Fastify app, started and stopped through the
// lifecycle, and every route of the parts main.ts built (a worker answers health and metrics only).
import {
  coreRoles,
  createHttpApp,
  createMetricsRegistry,
  registerAccessControl,
  registerAuthRoutes,
  registerInviteRoutes,
  registerBusinessRoutes,
  businessDetailsSaved,
  registerHealthRoutes,
  servesPeople,
  withUrgentConnection,
  type AppFiles,
  type Auth,
  type Config,
  type Database,
  type Heartbeats,
  type HttpApp,
  type Jobs,
  type Lifecycle,
  type Logger,
  type SwitchboardTables,
} from './platform/index.ts';
import { registerWebApp } from './platform/http/web-app.ts';
import { registerEnabledAppsRoute } from './apps/enabled-apps.routes.ts';
import type { createApps } from './apps/running-apps.ts';
import { registerAppSettingsRoutes } from './apps/settings.routes.ts';
import type { IntakeSink } from './channels/channel.ts';
import { withConnectionHealth } from './channels/account-health.ts';
import { registerChannelRoutes } from './channels/accounts.routes.ts';
import { messengerTypes } from './channels/messengers.routes.ts';
import type { ChannelModules } from './channels/module.ts';
import type { ChannelRegistry } from './channels/registry.service.ts';
import { registerBacklogMetrics } from './cluster-metrics.ts';
import { registerCascadeRoutes, type Cascades } from './delivery/index.ts';
import { registerTemplateRoutes, type TemplateRouteOptions } from './inbox/templates.routes.ts';
import { registerStartChatRoutes } from './inbox/start-chat.routes.ts';
import type { Flows } from './flows/index.ts';
import { createIntakeReport, registerIntakeRoutes, type Inbox, type Intake } from './inbox/index.ts';

export interface HttpParts {
  database: Database<SwitchboardTables>;
  auth: Auth;
  jobs: Jobs;
  heartbeats: Heartbeats;
  registry: ChannelRegistry;
  modules: ChannelModules;
  intake: Intake;
  intakeSink: IntakeSink;
  inbox: Inbox;
  flows: Flows;
  apps: ReturnType<typeof createApps>;
  appFiles: AppFiles;
  cascades: Cascades;
  /** What the template routes write through: the realtime hub and operator messages' outbox (a template goes like a reply). */
  templateSending: Pick<TemplateRouteOptions, 'hub' | 'delivery'>;
  /** The clock invite links expire by (tests drive their own). */
  clock?: () => Date;
}

export async function startHttp(
  lifecycle: Lifecycle,
  options: { config: Config; logger: Logger; version: string; startedAt: Date; webDist: string; parts: HttpParts },
): Promise<HttpApp> {
  const { config, logger, version, startedAt } = options;
  const { database, auth, jobs, heartbeats, registry, modules, intake, intakeSink, inbox, flows, apps, appFiles, cascades } = options.parts;
  const { templateSending } = options.parts;
  const role = config.SWITCHBOARD_ROLE;
  const app = await lifecycle.add(
    'http',
    () =>
      createHttpApp({
        logger,
        version,
        publicUrl: config.PUBLIC_URL,
        corsAllowedOrigins: config.CORS_ALLOWED_ORIGINS,
        frameAncestors: config.FRAME_ANCESTORS,
        trustProxy: config.TRUST_PROXY,
      }),
    (http) => http.close(),
  );
  registerAccessControl(app, auth);
  const serves = servesPeople(role);
  // A worker answers only /api/health and /metrics (for its orchestrator and Prometheus).
  if (serves)
    registerAuthRoutes(app, auth, {
      secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
      businessDetailsSaved: () => businessDetailsSaved(database.db),
    });
  if (serves) registerBusinessRoutes(app, { db: database.db });
  const metrics = createMetricsRegistry();
  registerBacklogMetrics(metrics, { db: database.db, jobs });
  // Accounts with a connection of their own (a personal account) show it beside their intake: reconnects, backoff.
  const intakeReport = withConnectionHealth(createIntakeReport({ db: database.db, listChannels: () => registry.list() }), registry);
  registerHealthRoutes(app, {
    db: database.db,
    engine: database.engine,
    jobs,
    heartbeats,
    version,
    startedAt,
    metrics,
    role,
    intake: intakeReport,
    templateGaps: () => apps.templatesGaps(),
  });
  if (!serves) return app;
  registerIntakeRoutes(app, { intake });
  registerChannelRoutes(app, {
    db: database.db,
    registry,
    modules,
    moduleRoutes: {
      channels: {
        get: (id) => registry.get(id),
        defaultOf: (kind) => registry.defaultChannel(kind),
        byCredentials: (token) => registry.byToken(token),
      },
      sink: intakeSink,
      // Webhooks are acknowledged ahead of queued processing on the embedded engine's single connection.
      urgent: withUrgentConnection,
    },
  });
  inbox.registerRoutes(app, { auth, roles: [...coreRoles, ...apps.roles], messengers: messengerTypes(modules) });
  registerInviteRoutes(app, {
    db: database.db,
    auth,
    roles: [...coreRoles, ...apps.roles],
    secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
    now: options.parts.clock,
  });
  registerTemplateRoutes(app, { ...templateSending, db: database.db, visibility: inbox.visibility, registry });
  registerStartChatRoutes(app, { hub: templateSending.hub, db: database.db, sender: inbox.sender, registry });
  flows.registerRoutes(app, inbox.visibility);
  registerCascadeRoutes(app, cascades, registry);
  registerEnabledAppsRoute(
    app,
    apps.running.map(({ definition }) => definition.name),
  );
  registerAppSettingsRoutes(app, apps.settingsEntries);
  appFiles.registerRoutes(app);
  for (const { app: workflow } of apps.running) workflow.registerRoutes?.(app);
  registerWebApp(app, { distDir: options.webDist });
  return app;
}
