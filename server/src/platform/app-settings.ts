// Apps' settings (apps/app.ts "SettingsPort"): one JSON value per app in
// app_settings, read through the app's zod schema so a stored value that no
// longer fits falls back to the defaults instead of breaking the app.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AnyDb } from './db/database.ts';
import type { PlatformTables } from './db/tables.ts';
import type { Logger } from './logger.ts';
import { readSetting, writeSetting } from './settings.ts';

export interface AppSettingsStore<Settings> {
  read(): Promise<Settings>;
  write(patch: Partial<Settings>): Promise<Settings>;
  /** Reads once at start and logs (without refusing to start) what no longer fits the schema. */
  validateAtStart(): Promise<void>;
  /** The schema as JSON Schema (zod's), for the generic settings form. */
  jsonSchema(): unknown;
}

export function createAppSettings<Settings>(options: {
  db: AnyDb;
  app: string;
  schema: z.ZodType<Settings>;
  logger: Logger;
}): AppSettingsStore<Settings> {
  const db = options.db as Kysely<PlatformTables>;
  const key = `apps.${options.app}`;
  const { schema } = options;
  const defaults = () => schema.parse({});

  async function read(): Promise<Settings> {
    const parsed = schema.safeParse((await readSetting<unknown>(db, key)) ?? {});
    return parsed.success ? parsed.data : defaults();
  }

  return {
    read,
    async write(patch) {
      const next = schema.parse({ ...(await read()), ...patch });
      await writeSetting(db, key, next);
      return next;
    },
    async validateAtStart() {
      const stored = await readSetting<unknown>(db, key);
      const parsed = schema.safeParse(stored ?? {});
      if (!parsed.success)
        options.logger.error(
          { app: options.app, issues: z.prettifyError(parsed.error) },
          `the stored settings of ${options.app} do not fit its schema: the defaults apply until an admin saves them again`,
        );
    },
    jsonSchema: () => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
  };
}
