import type { Kysely } from 'kysely';
import { z } from 'zod';
import { readSetting, writeSetting, type AnyDb, type PlatformTables } from '../../platform/index.ts';

/** Who issues the invoices, as printed at the top of each PDF. */
export const ticketsSettingsSchema = z.object({
  business_name: z.string().trim().max(200).default('Switchboard'),
  business_details: z.string().trim().max(1000).default('').describe('Address, tax number, bank details: printed under the name'),
});
export type TicketsSettings = z.output<typeof ticketsSettingsSchema>;

const settingsKey = 'apps.tickets';

export async function readTicketsSettings(db: AnyDb): Promise<TicketsSettings> {
  const parsed = ticketsSettingsSchema.safeParse((await readSetting<unknown>(db as Kysely<PlatformTables>, settingsKey)) ?? {});
  return parsed.success ? parsed.data : ticketsSettingsSchema.parse({});
}

export async function writeTicketsSettings(db: AnyDb, patch: Partial<TicketsSettings>): Promise<TicketsSettings> {
  const next = ticketsSettingsSchema.parse({ ...(await readTicketsSettings(db)), ...patch });
  await writeSetting(db as Kysely<PlatformTables>, settingsKey, next);
  return next;
}
