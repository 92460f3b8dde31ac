// Apps' settings (apps/app.ts "SettingsPort"): one JSON value per app in
// app_settings, read through the app's zod schema so a stored value that no
// longer fits falls back to the defaults instead of breaking the app.
// A string field marked `.meta({ 'x-secret': true })` is a secret: sealed with the SecretBox at rest,
// plaintext to the app, masked to admins (`masked`), and kept when a save sends it empty or masked.
import { z } from 'zod';
import { platformTables, type Db } from './db/tables.ts';
import type { SecretBox } from './crypto.ts';
import type { Logger } from './logger.ts';
import { readSetting, writeSetting } from './settings.ts';

export interface AppSettingsStore<Settings> {
  /** `handle`: a transaction open on the one database, so a read inside it does not wait for it (PGlite has one connection). */
  read(handle?: Db): Promise<Settings>;
  write(patch: Partial<Settings>): Promise<Settings>;
  /** Reads once at start and logs (without refusing to start) what no longer fits the schema. */
  validateAtStart(): Promise<void>;
  /** The schema as JSON Schema (zod's), for the generic settings form. */
  jsonSchema(): unknown;
  /** The values as admins see them: each secret that is set shows as `secretMask`, never its text. */
  masked(values: Settings): Settings;
  /** The patch without the secrets a form sent empty or masked (those keep their stored value). */
  withoutKeptSecrets(patch: Partial<Settings>): Partial<Settings>;
}

/** How long a read is kept (another instance's write shows here within this long). */
const cacheMs = 2_000;

/** What a set secret field shows as; sending it back (or '') keeps the stored secret. */
export const secretMask = '••••••••';

/** The names of the schema's top-level fields marked `'x-secret': true`. */
function secretFieldsOf(jsonSchema: unknown): string[] {
  const properties = (jsonSchema as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
  return Object.entries(properties)
    .filter(([, field]) => field['x-secret'] === true)
    .map(([name]) => name);
}

export function createAppSettings<Settings>(options: {
  db: Db;
  app: string;
  schema: z.ZodType<Settings>;
  logger: Logger;
  /** Required when the schema has secret fields. */
  secretBox?: SecretBox;
}): AppSettingsStore<Settings> {
  const db = platformTables(options.db);
  const key = `apps.${options.app}`;
  const { schema, secretBox } = options;
  const defaults = () => schema.parse({});
  const jsonSchema = () => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const secrets = secretFieldsOf(jsonSchema());
  if (secrets.length > 0 && !secretBox) throw new Error(`The settings of ${options.app} have secret fields but no SecretBox to seal them.`);

  /** What is stored, with its secrets opened; one that no longer opens (another APP_SECRET) reads as unset. */
  async function stored(handle?: Db): Promise<unknown> {
    const raw = await readSetting<Record<string, unknown>>(handle ? platformTables(handle) : db, key);
    if (!raw || typeof raw !== 'object' || secrets.length === 0) return raw;
    const opened: Record<string, unknown> = { ...raw };
    for (const name of secrets) {
      const value = raw[name];
      if (typeof value !== 'string' || value === '') continue;
      try {
        opened[name] = secretBox!.decrypt(value);
      } catch {
        options.logger.error({ app: options.app, field: name }, 'a stored secret setting does not open with this APP_SECRET: set it again');
        opened[name] = null;
      }
    }
    return opened;
  }

  // Apps read their settings per event (the broadcasts app on every customer message): the parsed value is kept for
  // a moment, and one read in flight serves everyone asking meanwhile. This instance's writes replace it at once;
  // another instance's reach this one within cacheMs.
  let cached: { value: Settings; at: number } | null = null;
  let reading: Promise<Settings> | null = null;
  // Bumped by each write, so a read that began before it is neither kept nor shared.
  let generation = 0;

  async function readStored(handle?: Db): Promise<Settings> {
    const started = generation;
    const parsed = schema.safeParse((await stored(handle)) ?? {});
    const value = parsed.success ? parsed.data : defaults();
    if (started === generation) cached = { value, at: performance.now() };
    return value;
  }

  async function read(handle?: Db): Promise<Settings> {
    if (cached && performance.now() - cached.at <= cacheMs) return cached.value;
    // Inside a transaction the read is its own: waiting for one on the outer handle would deadlock PGlite.
    if (handle) return readStored(handle);
    if (!reading) {
      const current = readStored().finally(() => {
        if (reading === current) reading = null;
      });
      reading = current;
    }
    return reading;
  }

  function forget(): void {
    generation += 1;
    cached = null;
    reading = null;
  }

  const isKept = (value: unknown) => value === undefined || value === '' || value === secretMask;
  const withoutKeptSecrets = (patch: Partial<Settings>): Partial<Settings> =>
    Object.fromEntries(
      Object.entries(patch as Record<string, unknown>).filter(([name, value]) => !(secrets.includes(name) && isKept(value))),
    ) as Partial<Settings>;

  return {
    read,
    async write(patch) {
      const next = schema.parse({ ...(await read()), ...withoutKeptSecrets(patch) });
      const sealed: Record<string, unknown> = { ...(next as Record<string, unknown>) };
      for (const name of secrets) {
        const value = sealed[name];
        if (typeof value === 'string' && value !== '') sealed[name] = secretBox!.encrypt(value);
      }
      forget();
      await writeSetting(db, key, sealed);
      forget();
      return next;
    },
    async validateAtStart() {
      const parsed = schema.safeParse((await stored()) ?? {});
      if (!parsed.success)
        options.logger.error(
          { app: options.app, issues: z.prettifyError(parsed.error) },
          `the stored settings of ${options.app} do not fit its schema: the defaults apply until an admin saves them again`,
        );
    },
    jsonSchema,
    masked(values) {
      if (secrets.length === 0) return values;
      const shown: Record<string, unknown> = { ...(values as Record<string, unknown>) };
      for (const name of secrets) if (typeof shown[name] === 'string' && shown[name] !== '') shown[name] = secretMask;
      return shown as Settings;
    },
    withoutKeptSecrets,
  };
}
