// Scenario — clinic (issue 20): a clinic of 10 branches, 100 doctors, a year of weekly schedules and
// 500,000 appointments (quick: 50,000) bulk-inserted into the clinic's own tables, then over real HTTP
// with an integration's Bearer secret:
//   slot search: GET /api/bot/slots/ (one doctor's free slots on a day — what the bot's time step and the
//                API read) and GET /api/bot/doctors/?date= (the "any doctor" step: doctors with a free slot
//                that day), each p50/p95 over sequential requests on random days of the coming half year;
//   race:        50 registered patients POST /api/bot/appointments/ at once for 10 free slots of one doctor
//                (5 per slot): bookings made per second, winners, and double bookings counted in the database.
import { startTelegramSimulator } from '@switchboard/telegram-sim';
import { addDays, fromLocal, toLocal, weekdayOf } from '../server/src/apps/clinic/clinic-time.ts';
import type { Query } from './lib/databases.ts';
import { createHttpClient } from './lib/http-load.ts';
import { goal, round, summarize, type Engine, type Report } from './lib/report.ts';
import { startServer } from './lib/server-process.ts';
import { addBot, adminToken, enginesFor, forEachEngine, freshDatabase, type BenchOptions } from './lib/setup.ts';

const timeZone = 'Asia/Almaty';
const branches = 10;
const doctors = 100;
const servicesPerBranch = 3;
const slotMinutes = 20;
/** Mondays to Saturdays 08:00–20:00 with lunch 13:00–14:00: 15 + 18 twenty-minute slots. */
const morningSlots = 15;
const slotsPerDay = 33;
const seededPatients = 20_000;
const racers = 50;
const raceSlots = 10;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** A multiplier coprime to `total`: s ↦ s·m mod total permutes 0…total−1, so "< wanted" picks exactly `wanted` slots, spread evenly. */
function spreadingMultiplier(total: number): number {
  for (let candidate = 2_654_435_761 % total; ; candidate += 1) if (candidate > 1 && gcd(candidate, total) === 1) return candidate;
}

/** The clinic, its year of schedules and `appointments` visits, in bulk SQL (the clinic's own tables, no server running). */
export async function seedClinic(query: Query, input: { appointments: number; today: string; workDays: string[] }): Promise<void> {
  const { appointments, today, workDays } = input;
  const [firstDay, lastDay] = [workDays[0]!, workDays.at(-1)!];
  const [year, month, date] = today.split('-').map(Number) as [number, number, number];
  const offsetMinutes = (Date.UTC(year, month - 1, date) - fromLocal(today, 0, timeZone).getTime()) / 60_000;
  const totalSlots = workDays.length * doctors * slotsPerDay;
  const multiplier = spreadingMultiplier(totalSlots);
  await query(
    `INSERT INTO clinic_branches (id, code, name_ru, name_kk, address)
       SELECT b, 'branch-' || b, 'Филиал ' || b, 'Филиал ' || b, 'Алматы, Абая ' || b FROM generate_series(1, ${branches}) b`,
  );
  await query(
    `INSERT INTO clinic_services (id, branch_id, code, name_ru, name_kk, duration_minutes, price_minor)
       SELECT (b - 1) * ${servicesPerBranch} + s, b, 'service-' || s, 'Услуга ' || s, 'Қызмет ' || s, ${slotMinutes}, 800000 + s * 100000
       FROM generate_series(1, ${branches}) b, generate_series(1, ${servicesPerBranch}) s`,
  );
  // Doctor d works at branch 1 + (d − 1) mod 10 and performs all its services.
  await query(
    `INSERT INTO clinic_doctors (id, code, full_name, specialty_ru, specialty_kk)
       SELECT d, 'doctor-' || d, 'Врач ' || d, 'Терапевт', 'Терапевт' FROM generate_series(1, ${doctors}) d`,
  );
  await query(
    `INSERT INTO clinic_doctor_services (doctor_id, service_id)
       SELECT d, ((d - 1) % ${branches}) * ${servicesPerBranch} + s FROM generate_series(1, ${doctors}) d, generate_series(1, ${servicesPerBranch}) s`,
  );
  await query(
    `INSERT INTO clinic_schedules (doctor_id, branch_id, weekday, start_minute, end_minute, break_start_minute, break_end_minute, valid_from, valid_to)
       SELECT d, 1 + (d - 1) % ${branches}, w, 480, 1200, 780, 840, $1::date, $2::date
       FROM generate_series(1, ${doctors}) d, generate_series(1, 6) w`,
    [firstDay, lastDay],
  );
  await query(
    `INSERT INTO clinic_schedule_exceptions (doctor_id, day, kind, note)
       VALUES (NULL, $1::date, 'holiday', 'Праздник'), (7, $2::date, 'leave', 'Отпуск'), (8, $3::date, 'sick', '')`,
    [addDays(today, 40), addDays(today, 10), addDays(today, 20)],
  );
  for (const table of ['clinic_branches', 'clinic_services', 'clinic_doctors'])
    await query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  await query(
    `INSERT INTO clinic_patients (iin_hash, iin_sealed, birth_date_sealed, first_name, last_name, phone, sex, language)
       SELECT 'bench-' || n, 'sealed', 'sealed', 'Пациент', n::text, '+7701' || lpad(n::text, 7, '0'),
         (ARRAY['M','F'])[1 + n % 2], (ARRAY['ru','kk'])[1 + n % 2]
       FROM generate_series(1, ${seededPatients}) n`,
  );
  // Slot s of the year is (day, doctor, slot of the day); the permutation picks exactly `appointments` of them.
  // Past visits are completed (a few no-shows), future ones booked or confirmed; 4 % are cancelled.
  await query(
    `INSERT INTO clinic_appointments (patient_id, doctor_id, branch_id, service_id, starts_at, ends_at, status, source, created_at, updated_at)
       SELECT 1 + s % ${seededPatients}, doctor, 1 + (doctor - 1) % ${branches},
         ((doctor - 1) % ${branches}) * ${servicesPerBranch} + 1 + s % ${servicesPerBranch},
         starts, starts + interval '${slotMinutes} minutes',
         CASE WHEN s % 25 = 0 THEN 'cancelled' WHEN starts < now() THEN (CASE WHEN s % 17 = 0 THEN 'no_show' ELSE 'completed' END)
              WHEN s % 3 = 0 THEN 'confirmed' ELSE 'booked' END,
         (ARRAY['bot','api','staff'])[1 + s % 3], starts - interval '3 days', starts - interval '3 days'
       FROM (
         SELECT s, 1 + (s / ${slotsPerDay}) % ${doctors} AS doctor,
           ((days[1 + s / (${slotsPerDay * doctors})])::timestamp
             + make_interval(mins => CASE WHEN s % ${slotsPerDay} < ${morningSlots} THEN 480 + ${slotMinutes} * (s % ${slotsPerDay})
                                          ELSE 840 + ${slotMinutes} * (s % ${slotsPerDay} - ${morningSlots}) END - ${offsetMinutes}))
             AT TIME ZONE 'UTC' AS starts
         FROM generate_series(0, ${totalSlots - 1}) s, (SELECT $1::date[] AS days) d
         WHERE (s::bigint * ${multiplier}) % ${totalSlots} < ${appointments}
       ) picked`,
    [workDays],
  );
  // A clinic that has been running has already sent what was due around now (reminders, arrival, NPS); without
  // these rows the first minute's sweep would message thousands of seeded visits while the search is measured.
  await query(
    `INSERT INTO clinic_reminders (appointment_id, stage, outcome, at, delivery)
     SELECT a.id, stage, 'sent', now(), 'delivered'
     FROM clinic_appointments a, unnest(ARRAY['d1','h3','h1','arrival','nps']) stage
     WHERE a.starts_at > now() - interval '3 days' AND a.starts_at < now() + interval '2 days'`,
  );
  await query('ANALYZE');
}

/** Every working day (Sundays off) from half a year ago to half a year ahead, clinic time. */
export function yearOfWorkDays(today: string): string[] {
  const workDays: string[] = [];
  for (let day = addDays(today, -182); day <= addDays(today, 182); day = addDays(day, 1)) if (weekdayOf(day) !== 7) workDays.push(day);
  return workDays;
}

async function measureEngine(engine: Engine, quick: boolean) {
  const appointments = quick ? 50_000 : 500_000;
  const requests = quick ? 60 : 200;
  const today = toLocal(new Date(), timeZone).day;
  // Almaty keeps one offset all year, so one suffices for the SQL.
  const workDays = yearOfWorkDays(today);
  const database = await freshDatabase(engine);
  const seedStartedAt = Date.now();
  await database.withClient((query) => seedClinic(query, { appointments, today, workDays }));
  const seedMs = Date.now() - seedStartedAt;

  const sim = await startTelegramSimulator();
  const secret = 'clinic-bench-secret-0123456789abcdef';
  const server = await startServer({ database, entry: 'child', env: { TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_BOT_API_SECRET: secret } });
  const http = createHttpClient(server.url, racers);
  try {
    const admin = await adminToken(server.url);
    const channelId = await addBot(server.url, admin, sim.createBot({ username: 'clinic_bench_bot' }).token, 'Clinic');
    const sql = (text: string) => server.call<Array<Record<string, any>>>('query', { text });
    const [{ count: seeded }] = (await sql('SELECT count(*)::int AS count FROM clinic_appointments')) as [{ count: number }];
    if (seeded !== appointments) throw new Error(`seeded ${seeded} appointments, wanted ${appointments}`);

    // Each integration has its own per-minute limit: the search and the race get one each (created by the admin API).
    const integration = async (name: string) => {
      const created = await http.request('POST', '/api/clinic/integrations', {
        headers: { authorization: `Token ${admin}` },
        body: JSON.stringify({ name }),
      });
      if (created.status !== 201) throw new Error(`creating integration ${name}: ${created.status} ${created.body}`);
      return { authorization: `Bearer ${(JSON.parse(created.body) as { secret: string }).secret}` };
    };
    const get = async (headers: Record<string, string>, path: string) => {
      const result = await http.request('GET', path, { headers });
      if (result.status !== 200) throw new Error(`GET ${path}: ${result.status} ${result.body.slice(0, 300)}`);
      return { ms: result.ms, body: JSON.parse(result.body) as { results: unknown[] } };
    };

    // Slot search on random working days of the coming half year (a seeded generator: the same days every run).
    const searchAuth = await integration('bench-search');
    let seed = 20;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    const futureDays = workDays.filter((day) => day > today);
    const pick = () => {
      const doctor = 1 + (next() % doctors);
      const service = ((doctor - 1) % branches) * servicesPerBranch + 1 + (next() % servicesPerBranch);
      return { doctor, service, day: futureDays[next() % futureDays.length]! };
    };
    for (let warm = 0; warm < 5; warm += 1) {
      const { doctor, service, day } = pick();
      await get(searchAuth, `/api/bot/slots/?doctor_id=${doctor}&service_id=${service}&date=${day}`);
    }
    const slotMs: number[] = [];
    let slotsFound = 0;
    for (let index = 0; index < requests; index += 1) {
      const { doctor, service, day } = pick();
      const answer = await get(searchAuth, `/api/bot/slots/?doctor_id=${doctor}&service_id=${service}&date=${day}`);
      slotMs.push(answer.ms);
      slotsFound += answer.body.results.length;
    }
    const anyDoctorMs: number[] = [];
    for (let index = 0; index < requests; index += 1) {
      const { service, day } = pick();
      anyDoctorMs.push((await get(searchAuth, `/api/bot/doctors/?service_id=${service}&date=${day}`)).ms);
    }

    // The race: 50 patients with a chat on the clinic's bot, 10 free slots of doctor 1 on a day a fortnight ahead.
    const raceAuth = await integration('bench-race');
    const firstRacer = 1_000_000_001;
    await sql(
      `INSERT INTO clinic_patients (iin_hash, iin_sealed, birth_date_sealed, first_name, last_name, sex)
       SELECT 'racer-' || n, 'sealed', 'sealed', 'Гонщик', n::text, 'F' FROM generate_series(1, ${racers}) n`,
    );
    await sql(
      `INSERT INTO clinic_patient_chats (channel_id, external_user_id, chat_id, patient_id)
       SELECT ${channelId}, (${firstRacer} + n - 1)::text, (${firstRacer} + n - 1)::text, p.id
       FROM generate_series(1, ${racers}) n JOIN clinic_patients p ON p.iin_hash = 'racer-' || n`,
    );
    const raceDay = futureDays.find((day) => day >= addDays(today, 14))!;
    const open = (await get(raceAuth, `/api/bot/slots/?doctor_id=1&service_id=1&date=${raceDay}`)).body.results as Array<{
      starts_at: string;
    }>;
    if (open.length < raceSlots) throw new Error(`doctor 1 has only ${open.length} free slots on ${raceDay}`);
    const contested = open.slice(0, raceSlots).map((slot) => slot.starts_at);
    const raceStartedAt = performance.now();
    const attempts = await Promise.all(
      Array.from({ length: racers }, (_, index) =>
        http.request('POST', '/api/bot/appointments/', {
          headers: raceAuth,
          body: JSON.stringify({
            telegram_user_id: String(firstRacer + index),
            service_id: 1,
            doctor_id: 1,
            starts_at: contested[index % raceSlots],
          }),
        }),
      ),
    );
    const raceSeconds = (performance.now() - raceStartedAt) / 1000;
    const winners = attempts.filter((attempt) => attempt.status === 201);
    const refused = attempts.filter((attempt) => attempt.status === 409 && attempt.body.includes('slot_taken'));
    const unexpected = attempts.filter((attempt) => attempt.status !== 201 && !refused.includes(attempt));
    if (unexpected.length > 0)
      throw new Error(`race answers other than 201/409 slot_taken: ${unexpected[0]!.status} ${unexpected[0]!.body}`);
    const wonSlots = new Set(winners.map((winner) => (JSON.parse(winner.body) as { starts_at: string }).starts_at));
    // Double booking as the database sees it, over the whole table: a live appointment that starts before an earlier
    // one of the same doctor (in start order) has ended. One sort per doctor, not a self-join of 500,000 rows.
    const [{ count: doubleBookings }] = (await sql(
      `SELECT count(*)::int AS count FROM (
         SELECT starts_at, max(ends_at) OVER (PARTITION BY doctor_id ORDER BY starts_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS busy_until
         FROM clinic_appointments WHERE status <> 'cancelled'
       ) ordered WHERE busy_until > starts_at`,
    )) as [{ count: number }];

    return {
      branches,
      doctors,
      appointments,
      schedule_days: workDays.length,
      seed_ms: seedMs,
      requests,
      slot_search_ms: summarize(slotMs),
      free_slots_per_answer: round(slotsFound / requests, 1),
      any_doctor_day_ms: summarize(anyDoctorMs),
      race: {
        patients: racers,
        slots: raceSlots,
        day: raceDay,
        winners: winners.length,
        distinct_slots_won: wonSlots.size,
        refused_slot_taken: refused.length,
        seconds: round(raceSeconds, 3),
        bookings_per_second: round(winners.length / raceSeconds, 1),
        answers_per_second: round(racers / raceSeconds, 1),
        answer_ms: summarize(attempts.map((attempt) => attempt.ms)),
      },
      double_bookings: doubleBookings,
    };
  } finally {
    http.close();
    await server.stop();
    await sim.stop();
    await database.drop();
  }
}

export async function runClinic(report: Report, options: BenchOptions): Promise<void> {
  await forEachEngine(
    report,
    enginesFor(options, ['postgres', 'pglite']),
    (engine) => measureEngine(engine, options.quick),
    (engine, result) => {
      report.figure(engine, result);
      const scale = `${result.appointments.toLocaleString('en')} appointments, ${doctors} doctors`;
      report.headline(`slot search p50 | p95 ms (${scale})`, `${result.slot_search_ms.p50} | ${result.slot_search_ms.p95}`, engine);
      report.headline(
        'any doctor with a free slot that day p50 | p95 ms',
        `${result.any_doctor_day_ms.p50} | ${result.any_doctor_day_ms.p95}`,
        engine,
      );
      report.headline(
        `race: ${racers} patients for ${raceSlots} slots — winners, bookings/s, double bookings`,
        `${result.race.winners} | ${result.race.bookings_per_second} | ${result.double_bookings}`,
        engine,
      );
      report.goal(goal('slot search p95 ms', '< 50', result.slot_search_ms.p95, (value) => value < 50, engine));
      report.goal(
        goal(
          'race winners (one per slot)',
          `= ${raceSlots}`,
          result.race.distinct_slots_won,
          (value) => value === raceSlots && result.race.winners === raceSlots,
          engine,
        ),
      );
      report.goal(goal('double bookings', '= 0', result.double_bookings, (value) => value === 0, engine));
    },
  );
}
