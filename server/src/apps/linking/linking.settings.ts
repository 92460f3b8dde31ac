import type { Kysely } from 'kysely';
import { z } from 'zod';
import { readSetting, writeSetting, type AnyDb, type PlatformTables } from '../../platform/index.ts';

/** Which bot the portal's links open (the default bot when null) and how long a link lives. */
export const linkingSettingsSchema = z.object({
  channel_id: z.number().int().positive().nullable().default(null),
  token_ttl_minutes: z.number().int().min(1).max(1440).default(15),
});
export type LinkingSettings = z.output<typeof linkingSettingsSchema>;

const settingsKey = 'apps.linking';

export async function readLinkingSettings(db: AnyDb): Promise<LinkingSettings> {
  const stored = await readSetting<unknown>(db as Kysely<PlatformTables>, settingsKey);
  const parsed = linkingSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : linkingSettingsSchema.parse({});
}

export async function writeLinkingSettings(db: AnyDb, patch: Partial<LinkingSettings>): Promise<LinkingSettings> {
  const next = linkingSettingsSchema.parse({ ...(await readLinkingSettings(db)), ...patch });
  await writeSetting(db as Kysely<PlatformTables>, settingsKey, next);
  return next;
}
