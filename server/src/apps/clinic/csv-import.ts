// CSV import of the clinic's catalogue (csv-parse reads the files): branches, services, doctors,
// schedules and days off. Every row is checked first; one bad row refuses the whole file with its
// line number, and a good file is written in one transaction (nothing half-imported).
import { clinicImportKinds, clinicMinuteOfDay } from '@switchboard/contract';
import { parse } from 'csv-parse/sync';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { calendarDate } from './iin.ts';
import type { ClinicTables } from './tables.ts';

export const importKinds = clinicImportKinds;
export type ImportKind = (typeof importKinds)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).default('');
export const minuteOfDay = clinicMinuteOfDay;
const optionalMinute = z
  .string()
  .default('')
  .pipe(z.union([z.literal('').transform(() => null), minuteOfDay]));
const day = z
  .string()
  .trim()
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}$/.test(value) && calendarDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))),
    'a date YYYY-MM-DD',
  );
const optionalDay = z
  .string()
  .default('')
  .pipe(z.union([z.literal('').transform(() => null), day]));
const count = z.coerce.number().int();

const rowSchemas = {
  branches: z.object({ code: text(40), name_ru: text(200), name_kk: text(200), address: optionalText(300) }),
  services: z.object({
    branch_code: text(40),
    code: text(40),
    name_ru: text(200),
    name_kk: text(200),
    duration_minutes: count.min(5).max(480),
    // whole tenge in the file, tiyn in the table
    price: count.min(0).max(100_000_000),
  }),
  doctors: z.object({
    code: text(40),
    full_name: text(200),
    specialty_ru: optionalText(200),
    specialty_kk: optionalText(200),
    // branch_code/service_code pairs separated by ";"
    services: optionalText(4000),
  }),
  schedules: z
    .object({
      doctor_code: text(40),
      branch_code: text(40),
      weekday: count.min(1).max(7),
      start: minuteOfDay,
      end: minuteOfDay,
      break_start: optionalMinute,
      break_end: optionalMinute,
      valid_from: optionalDay,
      valid_to: optionalDay,
    })
    .refine((row) => row.end > row.start, 'end must be after start')
    .refine((row) => (row.break_start === null) === (row.break_end === null), 'give both break_start and break_end, or neither')
    .refine(
      (row) => row.break_start === null || (row.break_start >= row.start && row.break_end! <= row.end && row.break_end! > row.break_start),
      'the break must lie within the hours',
    ),
  exceptions: z
    .object({
      doctor_code: optionalText(40),
      day,
      kind: z.enum(['holiday', 'leave', 'sick', 'other']),
      start: optionalMinute,
      end: optionalMinute,
      note: optionalText(300),
    })
    .refine((row) => (row.start === null) === (row.end === null), 'give both start and end (some hours off), or neither (the whole day)'),
};

export class ImportError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.slice(0, 20).join('\n'));
    this.problems = problems;
  }
}

type Rows<K extends ImportKind> = Array<z.output<(typeof rowSchemas)[K]>>;

export function parseRows<K extends ImportKind>(kind: K, csv: string): Rows<K> {
  let records: Array<Record<string, string>>;
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new ImportError([`The file is not valid CSV: ${(error as Error).message}`]);
  }
  if (records.length === 0) throw new ImportError(['The file has a header but no rows.']);
  const problems: string[] = [];
  const rows = records.flatMap((record, index) => {
    const parsed = rowSchemas[kind].safeParse(record);
    if (parsed.success) return [parsed.data];
    problems.push(...parsed.error.issues.map((issue) => `line ${index + 2}: ${issue.path.join('.') || 'row'}: ${issue.message}`));
    return [];
  });
  if (problems.length > 0) throw new ImportError(problems);
  return rows as Rows<K>;
}

async function idsByCode(trx: Transaction<ClinicTables>, table: 'clinic_branches' | 'clinic_doctors'): Promise<Map<string, number>> {
  return new Map((await trx.selectFrom(table).select(['id', 'code']).execute()).map((row) => [row.code, row.id]));
}

/** Imports one file; returns how many rows it wrote. */
export async function importCsv(db: Kysely<ClinicTables>, kind: ImportKind, csv: string): Promise<number> {
  const rows = parseRows(kind, csv);
  return db.transaction().execute(async (trx) => {
    const problems: string[] = [];
    const need = (map: Map<string, number>, code: string, what: string, line: number) => {
      const id = map.get(code);
      if (id === undefined) problems.push(`line ${line}: there is no ${what} with code "${code}"; import it first.`);
      return id ?? 0;
    };
    if (kind === 'branches') {
      for (const row of rows as Rows<'branches'>)
        await trx
          .insertInto('clinic_branches')
          .values(row)
          .onConflict((oc) => oc.column('code').doUpdateSet(row))
          .execute();
    } else if (kind === 'services') {
      const branches = await idsByCode(trx, 'clinic_branches');
      for (const [index, row] of (rows as Rows<'services'>).entries()) {
        const { branch_code: branchCode, price, ...rest } = row;
        const values = { ...rest, price_minor: price * 100 };
        const branchId = need(branches, branchCode, 'branch', index + 2);
        if (problems.length > 0) continue;
        await trx
          .insertInto('clinic_services')
          .values({ ...values, branch_id: branchId })
          .onConflict((oc) => oc.columns(['branch_id', 'code']).doUpdateSet(values))
          .execute();
      }
    } else if (kind === 'doctors') {
      const branches = await idsByCode(trx, 'clinic_branches');
      const services = new Map(
        (await trx.selectFrom('clinic_services').select(['id', 'branch_id', 'code']).execute()).map((row) => [
          `${row.branch_id}/${row.code}`,
          row.id,
        ]),
      );
      for (const [index, row] of (rows as Rows<'doctors'>).entries()) {
        const { services: list, ...values } = row;
        const serviceIds = list
          .split(';')
          .map((pair) => pair.trim())
          .filter(Boolean)
          .map((pair) => {
            const [branchCode = '', serviceCode = ''] = pair.split('/');
            const id = services.get(`${branches.get(branchCode)}/${serviceCode}`);
            if (id === undefined)
              problems.push(`line ${index + 2}: there is no service "${pair}" (branch_code/service_code); import it first.`);
            return id ?? 0;
          });
        if (problems.length > 0) continue;
        const doctor = await trx
          .insertInto('clinic_doctors')
          .values(values)
          .onConflict((oc) => oc.column('code').doUpdateSet(values))
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.deleteFrom('clinic_doctor_services').where('doctor_id', '=', doctor.id).execute();
        if (serviceIds.length > 0)
          await trx
            .insertInto('clinic_doctor_services')
            .values([...new Set(serviceIds)].map((serviceId) => ({ doctor_id: doctor.id, service_id: serviceId })))
            .execute();
      }
    } else if (kind === 'schedules') {
      const [branches, doctors] = [await idsByCode(trx, 'clinic_branches'), await idsByCode(trx, 'clinic_doctors')];
      const resolved = (rows as Rows<'schedules'>).map((row, index) => ({
        doctor_id: need(doctors, row.doctor_code, 'doctor', index + 2),
        branch_id: need(branches, row.branch_code, 'branch', index + 2),
        weekday: row.weekday,
        start_minute: row.start,
        end_minute: row.end,
        break_start_minute: row.break_start,
        break_end_minute: row.break_end,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
      }));
      if (problems.length === 0) {
        // A file states the whole week of the doctors it names: their earlier hours are replaced.
        await trx
          .deleteFrom('clinic_schedules')
          .where('doctor_id', 'in', [...new Set(resolved.map((row) => row.doctor_id))])
          .execute();
        await trx.insertInto('clinic_schedules').values(resolved).execute();
      }
    } else {
      const doctors = await idsByCode(trx, 'clinic_doctors');
      const resolved = (rows as Rows<'exceptions'>).map((row, index) => ({
        doctor_id: row.doctor_code ? need(doctors, row.doctor_code, 'doctor', index + 2) : null,
        day: row.day,
        kind: row.kind,
        start_minute: row.start,
        end_minute: row.end,
        note: row.note,
      }));
      if (problems.length === 0) await trx.insertInto('clinic_schedule_exceptions').values(resolved).execute();
    }
    if (problems.length > 0) throw new ImportError(problems);
    return rows.length;
  });
}
