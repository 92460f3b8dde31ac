import { sql, type Kysely } from 'kysely';
import { languages, type Language } from './notification-texts.ts';
import { notificationKinds, type NotificationKind, type PartyKind, type TicketsTables } from './tables.ts';

type Kinds = Record<NotificationKind, boolean>;

/**
 * Clients hear about everything on their tickets and invoices. Staff hear
 * about new tickets, and comments on tickets assigned to them, unless they
 * turn them off; status changes and invoices only if they turn them on.
 */
export const defaultKinds: Record<PartyKind, Kinds> = {
  client: { ticket_created: true, ticket_comment: true, ticket_status: true, invoice_issued: true },
  staff: { ticket_created: true, ticket_comment: true, ticket_status: false, invoice_issued: false },
};

export interface Preferences {
  kinds: Kinds;
  defaults: Kinds;
  /** Overrides the language of the Telegram link; null follows Telegram's. */
  language: Language | null;
}

export type PreferenceKey = `${PartyKind}:${number}`;

export function createPreferences(db: Kysely<TicketsTables>) {
  const effective = (kind: PartyKind, stored: Partial<Kinds> | undefined): Kinds => ({ ...defaultKinds[kind], ...pickKinds(stored) });

  return {
    async get(subject: { kind: PartyKind; id: number }): Promise<Preferences> {
      const row = await db
        .selectFrom('notification_preferences')
        .selectAll()
        .where('subject_kind', '=', subject.kind)
        .where('subject_id', '=', subject.id)
        .executeTakeFirst();
      return { kinds: effective(subject.kind, row?.kinds), defaults: defaultKinds[subject.kind], language: toLanguage(row?.language) };
    },

    async update(
      subject: { kind: PartyKind; id: number },
      patch: { kinds?: Partial<Kinds>; language?: Language | null },
    ): Promise<Preferences> {
      const current = await this.get(subject);
      const kinds = { ...current.kinds, ...pickKinds(patch.kinds) };
      const language = patch.language === undefined ? current.language : patch.language;
      const values = { kinds: JSON.stringify(kinds), language };
      await db
        .insertInto('notification_preferences')
        .values({ subject_kind: subject.kind, subject_id: subject.id, ...values })
        .onConflict((onConflict) =>
          onConflict.columns(['subject_kind', 'subject_id']).doUpdateSet({ ...values, updated_at: sql<Date>`now()` }),
        )
        .execute();
      return this.get(subject);
    },

    /** Effective preferences of many people at once, inside the caller's transaction. */
    async forMany(
      trx: Kysely<TicketsTables>,
      subjects: Array<{ kind: PartyKind; id: number }>,
    ): Promise<Map<PreferenceKey, { kinds: Kinds; language: Language | null }>> {
      const result = new Map<PreferenceKey, { kinds: Kinds; language: Language | null }>();
      for (const subject of subjects) result.set(`${subject.kind}:${subject.id}`, { kinds: defaultKinds[subject.kind], language: null });
      if (subjects.length === 0) return result;
      const rows = await trx
        .selectFrom('notification_preferences')
        .selectAll()
        .where((eb) => eb.or(subjects.map((subject) => eb.and([eb('subject_kind', '=', subject.kind), eb('subject_id', '=', subject.id)]))))
        .execute();
      for (const row of rows)
        result.set(`${row.subject_kind}:${row.subject_id}`, {
          kinds: effective(row.subject_kind, row.kinds),
          language: toLanguage(row.language),
        });
      return result;
    },
  };
}

export type PreferencesService = ReturnType<typeof createPreferences>;

function pickKinds(stored: Partial<Kinds> | undefined): Partial<Kinds> {
  return Object.fromEntries(notificationKinds.filter((kind) => typeof stored?.[kind] === 'boolean').map((kind) => [kind, stored![kind]]));
}

function toLanguage(value: string | null | undefined): Language | null {
  return (languages as readonly string[]).includes(value ?? '') ? (value as Language) : null;
}
