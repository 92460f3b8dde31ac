// Patients: one per IIN. The IIN and birth date are sealed with the app's SecretBox; a keyed hash
// of the IIN (key kept sealed in clinic_keys) finds the patient without decrypting anyone.
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../platform/index.ts';
import type { ClinicTables, ConsentKind, PatientLanguage } from './tables.ts';

export interface PatientInput {
  iin: string;
  birthDate: string;
  sex: 'M' | 'F';
  firstName: string;
  lastName: string;
  patronymic?: string | null;
  phone?: string | null;
  language: PatientLanguage;
}

export interface ChatIdentity {
  channelId: number;
  externalUserId: string;
  chatId: string;
}

/** The version of the consent texts patients agree to; bump it when the texts change. */
export const consentTextVersion = '2025-11-ru-kk-1';

export type Patients = ReturnType<typeof createPatients>;

export function createPatients(db: Kysely<ClinicTables>, secretBox: SecretBox) {
  let hashKey: Buffer | undefined;

  async function key(): Promise<Buffer> {
    if (hashKey) return hashKey;
    const fresh = secretBox.encrypt(randomBytes(32).toString('base64'));
    await db
      .insertInto('clinic_keys')
      .values({ name: 'iin_hash', sealed: fresh })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const stored = await db.selectFrom('clinic_keys').select('sealed').where('name', '=', 'iin_hash').executeTakeFirstOrThrow();
    hashKey = Buffer.from(secretBox.decrypt(stored.sealed), 'base64');
    return hashKey;
  }

  const iinHash = async (iin: string) =>
    createHmac('sha256', await key())
      .update(iin)
      .digest('base64url');

  const byIin = async (iin: string) =>
    db
      .selectFrom('clinic_patients')
      .selectAll()
      .where('iin_hash', '=', await iinHash(iin))
      .executeTakeFirst();

  /** Creates the patient, or updates the one with that IIN (never a second record for one IIN). */
  async function upsert(input: PatientInput): Promise<{ id: number; created: boolean }> {
    const values = {
      first_name: input.firstName,
      last_name: input.lastName,
      patronymic: input.patronymic ?? null,
      phone: input.phone ?? null,
      sex: input.sex,
      language: input.language,
      birth_date_sealed: secretBox.encrypt(input.birthDate),
      birth_year: Number(input.birthDate.slice(0, 4)),
    };
    const hash = await iinHash(input.iin);
    const row = await db
      .insertInto('clinic_patients')
      .values({ ...values, iin_hash: hash, iin_sealed: secretBox.encrypt(input.iin) })
      .onConflict((oc) => oc.column('iin_hash').doUpdateSet({ ...values, updated_at: new Date() }))
      .returning(['id', 'created_at', 'updated_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, created: row.created_at.getTime() === row.updated_at.getTime() };
  }

  async function linkChat(patientId: number, chat: ChatIdentity): Promise<void> {
    await db
      .insertInto('clinic_patient_chats')
      .values({ channel_id: chat.channelId, external_user_id: chat.externalUserId, chat_id: chat.chatId, patient_id: patientId })
      .onConflict((oc) => oc.columns(['channel_id', 'external_user_id']).doUpdateSet({ patient_id: patientId, chat_id: chat.chatId }))
      .execute();
  }

  const byChat = (channelId: number, externalUserId: string) =>
    db
      .selectFrom('clinic_patient_chats')
      .innerJoin('clinic_patients', 'clinic_patients.id', 'clinic_patient_chats.patient_id')
      .selectAll('clinic_patients')
      .where('clinic_patient_chats.channel_id', '=', channelId)
      .where('clinic_patient_chats.external_user_id', '=', externalUserId)
      .executeTakeFirst();

  /** Any channel's chat of the patient (where reminders go): the latest linked. */
  const chatOf = (patientId: number) =>
    db
      .selectFrom('clinic_patient_chats')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('linked_at', 'desc')
      .limit(1)
      .executeTakeFirst();

  async function recordConsent(patientId: number, kind: ConsentKind, granted: boolean, channelId: number | null): Promise<void> {
    await db
      .insertInto('clinic_consents')
      .values({ patient_id: patientId, kind, granted, text_version: consentTextVersion, channel_id: channelId })
      .execute();
  }

  /** The latest answer per consent kind. */
  async function consents(patientId: number): Promise<Partial<Record<ConsentKind, boolean>>> {
    const rows = await db
      .selectFrom('clinic_consents')
      .select(['kind', 'granted'])
      .where('patient_id', '=', patientId)
      .orderBy('recorded_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.kind, row.granted]));
  }

  const setLanguage = (patientId: number, language: PatientLanguage) =>
    db.updateTable('clinic_patients').set({ language, updated_at: new Date() }).where('id', '=', patientId).execute();

  /** Other patients with this phone: a hint for staff (families share phones), never a match. */
  const samePhone = (phone: string, exceptId: number) =>
    db
      .selectFrom('clinic_patients')
      .select(['id', 'first_name', 'last_name'])
      .where('phone', '=', phone)
      .where('id', '<>', exceptId)
      .execute();

  const birthDateOf = (row: { birth_date_sealed: string }) => secretBox.decrypt(row.birth_date_sealed);
  const iinOf = (row: { iin_sealed: string }) => secretBox.decrypt(row.iin_sealed);

  return { upsert, byIin, linkChat, byChat, chatOf, recordConsent, consents, setLanguage, samePhone, birthDateOf, iinOf };
}
