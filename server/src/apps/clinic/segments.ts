// The clinic's segment fields (issue 22, seed 004 "Сегментация для рассылок"): what broadcasts may filter
// patients' contacts by, answered over the clinic's own tables as a subquery of contact ids (apps/app.ts
// SegmentFieldSource). A visit is a completed appointment.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SegmentCondition, SegmentField, SegmentLabel } from '@switchboard/contract';
import type { IdSubquery, SegmentFieldSource } from '../app.ts';
import type { SecretBox } from '../../platform/index.ts';
import { fromLocal, toLocal } from './clinic-time.ts';
import type { ClinicTables } from './tables.ts';

const label = (ru: string, kk: string, en: string): SegmentLabel => ({ ru, kk, en });

const staticFields: Record<string, Omit<SegmentField, 'key'>> = {
  age: {
    type: 'number',
    label: label('Возраст', 'Жасы', 'Age'),
    hint: label('лет в этом году (по году рождения)', 'биыл толатын жасы (туған жылы бойынша)', 'years reached this year (by birth year)'),
  },
  sex: {
    type: 'enum',
    label: label('Пол', 'Жынысы', 'Sex'),
    options: [
      { value: 'F', label: label('Женский', 'Әйел', 'Female') },
      { value: 'M', label: label('Мужской', 'Ер', 'Male') },
    ],
  },
  osms: {
    type: 'enum',
    label: label('ОСМС', 'МӘМС', 'OSMS insurance'),
    options: [
      { value: 'insured', label: label('Застрахован', 'Сақтандырылған', 'Insured') },
      { value: 'not_insured', label: label('Не застрахован', 'Сақтандырылмаған', 'Not insured') },
      { value: 'unknown', label: label('Неизвестно', 'Белгісіз', 'Unknown') },
    ],
  },
  last_visit: { type: 'date', label: label('Последний визит', 'Соңғы келу', 'Last visit') },
  visits: { type: 'number', label: label('Число визитов', 'Келу саны', 'Visits') },
};

export function createClinicSegments(deps: { db: Kysely<ClinicTables>; secretBox: SecretBox; timeZone(): Promise<string>; clock(): Date }) {
  const { db } = deps;
  const patients = () => db.selectFrom('clinic_patients as segment_patient').where('segment_patient.contact_id', 'is not', null);
  const visits = sql`(SELECT count(*) FROM clinic_appointments AS visit
    WHERE visit.patient_id = segment_patient.id AND visit.status = 'completed')`;
  const lastVisit = sql`(SELECT max(visit.starts_at) FROM clinic_appointments AS visit
    WHERE visit.patient_id = segment_patient.id AND visit.status = 'completed')`;

  /** A number compared by the operator (equals, at_least, at_most). */
  const compare = (left: RawBuilder<unknown>, operator: string, value: number) =>
    sql<boolean>`${left} ${operator === 'equals' ? sql`=` : operator === 'at_least' ? sql`>=` : sql`<=`} ${value}`;

  /** any_of / none_of over one value column; is_set for enums that always have a value. */
  const oneOf = (column: RawBuilder<unknown>, condition: SegmentCondition) =>
    condition.operator === 'is_set'
      ? sql<boolean>`${condition.value ? sql`TRUE` : sql`FALSE`}`
      : sql<boolean>`${condition.operator === 'none_of' ? sql`NOT` : sql``} (${column} = ANY(${condition.value}::text[]))`;

  async function predicate(condition: SegmentCondition): Promise<RawBuilder<unknown>> {
    const { operator, value } = condition;
    switch (condition.field) {
      case 'age': {
        if (operator === 'is_set') return value ? sql`segment_patient.birth_year IS NOT NULL` : sql`segment_patient.birth_year IS NULL`;
        // Age reached this year (in the clinic's zone): a birth year compared, so the index answers it.
        const year = Number(toLocal(deps.clock(), await deps.timeZone()).day.slice(0, 4));
        return compare(sql`${year} - segment_patient.birth_year`, operator, value as number);
      }
      case 'sex':
        return oneOf(sql`segment_patient.sex`, condition);
      case 'osms':
        return oneOf(sql`segment_patient.osms_status`, condition);
      case 'tags':
        if (operator === 'is_set') return sql`cardinality(segment_patient.tags) ${value ? sql`>` : sql`=`} 0`;
        return sql`${operator === 'none_of' ? sql`NOT` : sql``} (segment_patient.tags && ${value}::text[])`;
      case 'services': {
        if (operator === 'is_set') return sql`${value ? sql`` : sql`NOT`} (${visits} > 0)`;
        const used = sql`EXISTS (SELECT 1 FROM clinic_appointments AS used WHERE used.patient_id = segment_patient.id
          AND used.status = 'completed' AND used.service_id = ANY(${(value as string[]).map(Number)}::int[]))`;
        return operator === 'none_of' ? sql`NOT ${used}` : used;
      }
      case 'last_visit': {
        if (operator === 'is_set') return sql`${lastVisit} IS ${value ? sql`NOT NULL` : sql`NULL`}`;
        // Days are the clinic's: on or after the start of the day, or before the start of the next one.
        const zone = await deps.timeZone();
        if (operator === 'at_least') return sql`${lastVisit} >= ${fromLocal(value as string, 0, zone)}`;
        return sql`${lastVisit} < ${fromLocal(value as string, 24 * 60, zone)}`;
      }
      case 'visits':
        return operator === 'is_set' ? sql`${value ? sql`TRUE` : sql`FALSE`}` : compare(visits, operator, value as number);
      default:
        throw new Error(`The clinic has no segment field ${condition.field}.`);
    }
  }

  const source: SegmentFieldSource = {
    async fields() {
      const services = await db
        .selectFrom('clinic_services')
        .innerJoin('clinic_branches', 'clinic_branches.id', 'clinic_services.branch_id')
        .select(['clinic_services.id', 'clinic_services.name_ru', 'clinic_services.name_kk', 'clinic_branches.name_ru as branch_ru'])
        .select('clinic_branches.name_kk as branch_kk')
        .orderBy('clinic_services.id')
        .execute();
      const tags = await sql<{ tag: string }>`SELECT DISTINCT unnest(tags) AS tag FROM clinic_patients ORDER BY tag LIMIT 200`.execute(db);
      return [
        ...Object.entries(staticFields).map(([key, field]) => ({ key, ...field })),
        {
          key: 'services',
          type: 'multi_enum',
          label: label('Оказанные услуги', 'Көрсетілген қызметтер', 'Services received'),
          options: services.map((service) => ({
            value: String(service.id),
            // Services have no English names: the Russian one stands in.
            label: label(
              `${service.name_ru} (${service.branch_ru})`,
              `${service.name_kk} (${service.branch_kk})`,
              `${service.name_ru} (${service.branch_ru})`,
            ),
          })),
        },
        {
          key: 'tags',
          type: 'multi_enum',
          label: label('Теги пациента', 'Пациент тегтері', 'Patient tags'),
          options: tags.rows.map((row) => ({ value: row.tag, label: label(row.tag, row.tag, row.tag) })),
        },
      ];
    },
    async contacts(condition): Promise<IdSubquery> {
      return patients()
        .select('segment_patient.contact_id')
        .where(sql<boolean>`${await predicate(condition)}`)
        .$asScalar();
    },
  };

  /**
   * Fills in the birth year of patients written before migration 0007, unsealing their birth dates in batches; one
   * that cannot be unsealed stays without (age conditions leave it out) and is returned to be logged.
   */
  async function fillBirthYears(): Promise<{ filled: number; unreadable: number[] }> {
    const unreadable: number[] = [];
    let filled = 0;
    let after = 0;
    for (;;) {
      const batch = await db
        .selectFrom('clinic_patients')
        .select(['id', 'birth_date_sealed'])
        .where('birth_year', 'is', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(500)
        .execute();
      if (batch.length === 0) return { filled, unreadable };
      for (const row of batch) {
        after = row.id;
        let year: number;
        try {
          year = Number(deps.secretBox.decrypt(row.birth_date_sealed).slice(0, 4));
        } catch {
          unreadable.push(row.id);
          continue;
        }
        await db.updateTable('clinic_patients').set({ birth_year: year }).where('id', '=', row.id).execute();
        filled += 1;
      }
    }
  }

  return { source, fillBirthYears };
}
