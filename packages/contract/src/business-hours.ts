// Issue 26: business hours per account with a default for all, the away message, and SLA targets.
import { z } from 'zod';
import { text } from './primitives.ts';

const hoursRange = z.tuple([z.string().max(5), z.string().max(5)]);
const dayHours = z.array(hoursRange).max(6, { message: 'at most 6 opening ranges a day' });

export const businessHoursBody = z
  .object({
    /** IANA time zone, e.g. Europe/Moscow. */
    time_zone: text(64),
    /** Local "HH:MM" ranges per weekday; a missing day is closed. */
    weekly: z
      .object({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours })
      .partial()
      .strict(),
    /** Local dates (YYYY-MM-DD) the business is closed. */
    holidays: z.array(z.string().max(10)).max(366).default([]),
    away_enabled: z.boolean().default(false),
    away_text_ru: text(4000).default(''),
    away_text_en: text(4000).default(''),
    /** SLA targets in open minutes; null: no target. */
    first_response_minutes: z.number().int().min(1).max(525_600).nullable().default(null),
    resolution_minutes: z.number().int().min(1).max(525_600).nullable().default(null),
  })
  .strict();
export type BusinessHoursInput = z.input<typeof businessHoursBody>;

export interface BusinessHours {
  /** null: the default for every account without its own hours. */
  channel_id: number | null;
  time_zone: string;
  weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>>;
  holidays: string[];
  away_enabled: boolean;
  away_text_ru: string;
  away_text_en: string;
  first_response_minutes: number | null;
  resolution_minutes: number | null;
  updated_at: string;
}

export interface BusinessHoursList {
  default: BusinessHours | null;
  accounts: BusinessHours[];
  /** Whether each account is open now, by the hours that apply to it. */
  open_now: Array<{ channel_id: number; open: boolean }>;
}
