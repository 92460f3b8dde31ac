// The ticket a booking ends with: a text and an .ics file the patient adds to their calendar.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { FlowReply } from '../app.ts';
import { priceText } from './catalogue.ts';
import { hhmm, toLocal } from './clinic-time.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';
import { text } from './texts.ts';

export type Tickets = ReturnType<typeof createTickets>;

const icsTime = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
/** RFC 5545 text: backslash, semicolon, comma and newlines escaped. */
const icsText = (value: string) => value.replace(/[\\;,]/g, (char) => `\\${char}`).replace(/\n/g, '\\n');

export function icsEvent(input: {
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string;
  description: string;
  stamp: Date;
}): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Switchboard//Clinic//RU',
    'BEGIN:VEVENT',
    `UID:${input.uid}`,
    `DTSTAMP:${icsTime(input.stamp)}`,
    `DTSTART:${icsTime(input.startsAt)}`,
    `DTEND:${icsTime(input.endsAt)}`,
    `SUMMARY:${icsText(input.summary)}`,
    `LOCATION:${icsText(input.location)}`,
    `DESCRIPTION:${icsText(input.description)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** A ticket's .ics is sent within seconds of being written; an hour leaves room for a slow channel's retries. */
const ticketFileAgeMs = 3_600_000;

export function createTickets(db: Kysely<ClinicTables>, options: { timeZone(): Promise<string>; clock(): Date }) {
  const folder = path.join(os.tmpdir(), 'switchboard-clinic-tickets');

  /** The appointment with the names patients read. */
  async function details(id: number) {
    return db
      .selectFrom('clinic_appointments as a')
      .innerJoin('clinic_branches as b', 'b.id', 'a.branch_id')
      .innerJoin('clinic_services as s', 's.id', 'a.service_id')
      .innerJoin('clinic_doctors as d', 'd.id', 'a.doctor_id')
      .select(['a.id', 'a.starts_at', 'a.ends_at', 'a.status', 'a.patient_id', 'a.doctor_id', 'a.branch_id', 'a.service_id'])
      .select([
        'b.name_ru as branch_ru',
        'b.name_kk as branch_kk',
        'b.address',
        's.name_ru as service_ru',
        's.name_kk as service_kk',
        's.price_minor',
      ])
      .select(['d.full_name as doctor'])
      .where('a.id', '=', id)
      .executeTakeFirst();
  }
  type Details = NonNullable<Awaited<ReturnType<typeof details>>>;

  function describe(row: Details, language: PatientLanguage, timeZone: string) {
    const local = toLocal(row.starts_at, timeZone);
    return {
      id: String(row.id),
      branch: language === 'kk' ? row.branch_kk : row.branch_ru,
      address: row.address,
      service: language === 'kk' ? row.service_kk : row.service_ru,
      price: priceText(row.price_minor),
      doctor: row.doctor,
      day: local.day.split('-').reverse().join('.'),
      time: hhmm(local.minute),
    };
  }

  async function ticketReplies(id: number, language: PatientLanguage, rescheduled: boolean): Promise<FlowReply[]> {
    const row = await details(id);
    if (!row) return [];
    const values = describe(row, language, await options.timeZone());
    const summary = text(language, 'summary', values);
    await fs.mkdir(folder, { recursive: true });
    const file = path.join(folder, `appointment-${id}-${row.starts_at.getTime()}.ics`);
    const ics = icsEvent({
      uid: `clinic-appointment-${id}@switchboard`,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      summary: `${values.service} — ${values.doctor}`,
      location: `${values.branch}, ${values.address}`,
      description: summary,
      stamp: options.clock(),
    });
    await fs.writeFile(file, ics);
    return [
      ...(rescheduled ? [{ type: 'text' as const, text: text(language, 'rescheduled') }] : []),
      { type: 'text', text: text(language, 'booked', { summary }) },
      { type: 'file', path: file, fileName: `appointment-${id}.ics`, mimeType: 'text/calendar', caption: text(language, 'ticketFile') },
    ];
  }

  /** The confirmation's summary, from what the wizard collected (prompts cannot query). */
  function pendingSummary(data: {
    language: PatientLanguage;
    timeZone: string;
    services?: Array<{ id: number; title: string }>;
    serviceId?: number;
    doctors?: Array<{ id: number; title: string }>;
    chosen?: { at: string; doctorId: number };
  }): string {
    if (!data.chosen) return '';
    const local = toLocal(new Date(data.chosen.at), data.timeZone);
    const service = data.services?.find((each) => each.id === data.serviceId)?.title ?? '';
    const doctor = data.doctors?.find((each) => each.id === data.chosen!.doctorId)?.title ?? '';
    return `${service}\n${doctor}\n${local.day.split('-').reverse().join('.')}, ${hhmm(local.minute)}`;
  }

  /**
   * Removes ticket files old enough to have been sent (the flow sender reads a file by its path, so it is written
   * first; by file age, not the clinic's clock: it is about this disk). Run by the outreach sweep.
   */
  async function cleanup(): Promise<number> {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const file = path.join(folder, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat || Date.now() - stat.mtimeMs < ticketFileAgeMs) continue;
      await fs.rm(file, { force: true });
      removed += 1;
    }
    return removed;
  }

  return { details, describe, ticketReplies, pendingSummary, cleanup, folder };
}
