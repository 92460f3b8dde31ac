// Issue 26: the admin API for business hours — the default for every account and each account's own.
import { businessHoursBody, idParams, type BusinessHoursList } from '@switchboard/contract';
import { badRequest, notFound, type HttpApp } from '../platform/index.ts';
import { isOpen, scheduleProblem } from './business-hours-schedule.ts';
import { scheduleOf, toBusinessHours, type BusinessHoursService } from './business-hours.ts';
import type { z } from 'zod';

export function registerBusinessHoursRoutes(app: HttpApp, options: { hours: BusinessHoursService; now: () => Date }): void {
  const { hours } = options;
  const db = hours.db;
  const tags = ['business hours'];
  const admin = { access: 'admin' as const };

  async function save(channelId: number | null, body: z.output<typeof businessHoursBody>) {
    const problem = scheduleProblem({ timeZone: body.time_zone, weekly: body.weekly, holidays: body.holidays });
    if (problem) throw badRequest(problem, 'invalid_input');
    if (body.away_enabled && !body.away_text_ru.trim() && !body.away_text_en.trim())
      throw badRequest('The away message is on but has no text: write it in Russian, English or both.', 'invalid_input');
    if (channelId !== null) {
      const channel = await db.selectFrom('channels').select('id').where('id', '=', channelId).executeTakeFirst();
      if (!channel) throw notFound(`Account ${channelId}`);
    }
    const values = {
      time_zone: body.time_zone,
      weekly: JSON.stringify(body.weekly),
      holidays: JSON.stringify([...new Set(body.holidays)].sort()),
      away_enabled: body.away_enabled,
      away_text_ru: body.away_text_ru,
      away_text_en: body.away_text_en,
      first_response_minutes: body.first_response_minutes,
      resolution_minutes: body.resolution_minutes,
      updated_at: new Date(),
    };
    const row = await db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('business_hours')
        .select('id')
        .where((eb) => (channelId === null ? eb('channel_id', 'is', null) : eb('channel_id', '=', channelId)))
        .executeTakeFirst();
      return existing
        ? trx.updateTable('business_hours').set(values).where('id', '=', existing.id).returningAll().executeTakeFirstOrThrow()
        : trx
            .insertInto('business_hours')
            .values({ channel_id: channelId, ...values })
            .returningAll()
            .executeTakeFirstOrThrow();
    });
    hours.forget();
    return toBusinessHours(row);
  }

  app.get(
    '/api/business-hours',
    { config: admin, schema: { tags, summary: 'Business hours: the default, each account’s own, and who is open now' } },
    async (): Promise<BusinessHoursList> => {
      hours.forget();
      const rows = await hours.all();
      const channels = await db.selectFrom('channels').select('id').orderBy('id').execute();
      const now = options.now();
      const open_now = [];
      for (const channel of channels) {
        const applying = await hours.forChannel(channel.id);
        open_now.push({ channel_id: channel.id, open: applying ? isOpen(scheduleOf(applying), now) : true });
      }
      return {
        default: rows.find((row) => row.channel_id === null) ?? null,
        accounts: rows.filter((row) => row.channel_id !== null).sort((a, b) => a.channel_id! - b.channel_id!),
        open_now,
      };
    },
  );

  app.put(
    '/api/business-hours/default',
    { config: admin, schema: { tags, summary: 'Set the hours every account without its own follows', body: businessHoursBody } },
    async (request) => save(null, request.body),
  );

  app.put(
    '/api/business-hours/accounts/:id',
    { config: admin, schema: { tags, summary: 'Set one account’s own hours', params: idParams, body: businessHoursBody } },
    async (request) => save(request.params.id, request.body),
  );

  app.delete(
    '/api/business-hours/accounts/:id',
    { config: admin, schema: { tags, summary: 'Drop an account’s own hours: it follows the default again', params: idParams } },
    async (request) => {
      const deleted = await db.deleteFrom('business_hours').where('channel_id', '=', request.params.id).executeTakeFirst();
      hours.forget();
      if (!deleted.numDeletedRows) throw notFound(`Own business hours of account ${request.params.id}`);
      return { ok: true };
    },
  );
}
