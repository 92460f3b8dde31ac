import { enabledAppsAnswer, type EnabledApps } from '@switchboard/contract';
import type { HttpApp } from '../platform/index.ts';

/** Which apps run here, so the web app shows only the pages of apps that are switched on. Any staff user may ask. */
export function registerEnabledAppsRoute(app: HttpApp, names: readonly string[]): void {
  const apps = [...names];
  app.get(
    '/api/apps',
    {
      schema: {
        tags: ['apps'],
        summary: 'The apps switched on (APPS); their pages and routes exist, the others do not',
        response: { 200: enabledAppsAnswer },
      },
    },
    async (): Promise<EnabledApps> => ({ apps }),
  );
}
