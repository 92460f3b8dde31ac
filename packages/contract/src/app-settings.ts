// Every app's settings behind the same routes (admins): GET /api/apps/settings with each app's zod schema as JSON
// Schema, which the web app's Settings → Apps page renders as one form; GET and PUT /api/apps/<name>/settings.
// The values' shape is the app's own schema, so here they are records.
import { z } from 'zod';

/** GET /api/apps: its response schema (any staff user may ask). */
export const enabledAppsAnswer = z.object({
  apps: z.array(z.string()).describe('names of the apps this server runs (APPS), in mount order'),
});
export type EnabledApps = z.infer<typeof enabledAppsAnswer>;

/** The part of JSON Schema (zod's output) the generic form understands; `x-ru` holds the Russian title and help. */
export interface SettingsFieldSchema {
  type?: string;
  anyOf?: SettingsFieldSchema[];
  enum?: Array<string | number>;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  default?: unknown;
  'x-widget'?: 'bot';
  /** A secret: the server answers it masked and keeps it when a save sends it empty. */
  'x-secret'?: boolean;
  'x-ru'?: { title?: string; description?: string };
}

/** An app's settings schema, as JSON Schema. */
export interface AppSettingsSchema extends SettingsFieldSchema {
  properties: Record<string, SettingsFieldSchema>;
}

/** The values of an app's settings, secrets masked (GET and PUT /api/apps/<name>/settings answer these). */
export type AppSettingsValues = Record<string, unknown>;

/** One app of GET /api/apps/settings. */
export interface AppSettings {
  app: string;
  schema: AppSettingsSchema;
  values: AppSettingsValues;
}

/** GET /api/apps/settings: its response schema (the OpenAPI page shows it). */
export const appSettingsList = z.object({
  apps: z.array(z.object({ app: z.string(), schema: z.unknown().describe('JSON Schema of the settings'), values: z.unknown() })),
});

/** GET /api/apps/settings */
export interface AppSettingsList {
  apps: AppSettings[];
}
