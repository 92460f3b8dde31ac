import { z } from 'zod';
import { appSettingsList, type AppSettingsValues } from '@switchboard/contract';
import { unprocessable, type AppSettingsStore, type HttpApp } from '../platform/index.ts';

export interface SettingsEntry {
  app: string;
  /** The app's schema: the body of PUT is its partial. */
  schema: z.ZodObject;
  store: AppSettingsStore<Record<string, unknown>>;
  /** The app's own check of a change (an id that must exist). */
  check?(next: Record<string, unknown>): Promise<void>;
}

/**
 * Every app's settings behind the same routes (admins): GET and PUT
 * /api/apps/<name>/settings, and GET /api/apps/settings with each schema as
 * JSON Schema, which the web app's Settings → Apps page renders as one form.
 * Secret fields (`'x-secret': true`) are answered masked and kept when a save sends them empty or masked.
 */
export function registerAppSettingsRoutes(app: HttpApp, entries: readonly SettingsEntry[]): void {
  const tags = ['apps'];
  app.get(
    '/api/apps/settings',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "Every running app's settings, with their JSON Schema (for the settings form)",
        response: { 200: appSettingsList },
      },
    },
    async () => ({
      apps: await Promise.all(
        entries.map(async (entry) => ({
          app: entry.app,
          schema: entry.store.jsonSchema(),
          values: entry.store.masked(await entry.store.read()),
        })),
      ),
    }),
  );
  for (const entry of entries) {
    const path = `/api/apps/${entry.app}/settings`;
    app.get(
      path,
      { config: { access: 'admin' }, schema: { tags, summary: `The ${entry.app} app's settings (secrets masked)` } },
      async (): Promise<AppSettingsValues> => entry.store.masked(await entry.store.read()),
    );
    app.put(
      path,
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: `Change the ${entry.app} app's settings (send only the fields to change)`,
          body: patchSchema(entry.schema),
        },
      },
      async (request): Promise<AppSettingsValues> => {
        // A secret sent empty or masked keeps its stored value (the form never has it to send back).
        const patch = entry.store.withoutKeptSecrets(request.body);
        const next = entry.schema.safeParse({ ...(await entry.store.read()), ...patch });
        if (!next.success) throw unprocessable(z.prettifyError(next.error), 'invalid_settings');
        await entry.check?.(next.data);
        return entry.store.masked(await entry.store.write(patch));
      },
    );
  }
}

/**
 * The PUT body: every field optional and without its default. zod 4 fills defaults inside `.partial()`, which
 * would reset each field a patch leaves out; the whole schema still checks the merged result.
 */
function patchSchema(schema: z.ZodObject): z.ZodObject {
  return z.object(
    Object.fromEntries(
      Object.entries(schema.shape).map(([name, field]) => [
        name,
        (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional(),
      ]),
    ),
  );
}
