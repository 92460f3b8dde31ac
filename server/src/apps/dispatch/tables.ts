import type { ColumnType, Generated } from 'kysely';
import type { AmocrmState, CrewRole, JobActorKind, JobStatus, JobWriteback } from '@switchboard/contract';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Instant = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableInstant = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** bigint columns arrive as strings from PostgreSQL and numbers from PGlite; read them through Number(). */
type BigId = ColumnType<string | number, number | string, number | string>;
type NullableBigId = ColumnType<string | number | null, number | string | null | undefined, number | string | null>;

// The states and roles the API shows are the contract's (packages/contract: dispatch-values.ts).
export { crewRoles, jobStatuses, type CrewRole, type JobStatus } from '@switchboard/contract';
export type ActorKind = JobActorKind;

/** The tables dispatch owns (dispatch/migrations): all it reaches directly. */
export interface DispatchTables {
  dispatch_crew: {
    id: Generated<number>;
    channel_id: number;
    telegram_user_id: string;
    chat_id: string;
    name: string;
    username: Nullable<string>;
    language: Defaulted<string>;
    role: CrewRole;
    amocrm_user_id: NullableBigId;
    active: Defaulted<boolean>;
    joined_at: Instant;
  };
  dispatch_invites: {
    token_hash: string;
    role: CrewRole;
    channel_id: number;
    created_by: Nullable<number>;
    created_at: Instant;
    expires_at: ColumnType<Date, Date | string, Date | string>;
    used_at: NullableInstant;
    used_by: Nullable<number>;
  };
  dispatch_jobs: {
    id: Generated<number>;
    amocrm_lead_id: BigId;
    status: Defaulted<JobStatus>;
    lead_name: Nullable<string>;
    client_name: Nullable<string>;
    client_phone: Nullable<string>;
    address: Nullable<string>;
    pipeline_id: NullableBigId;
    amocrm_status_id: NullableBigId;
    responsible_user_id: NullableBigId;
    measurer_id: Nullable<number>;
    created_at: Instant;
    updated_at: Instant;
    assigned_at: NullableInstant;
    started_at: NullableInstant;
    completed_at: NullableInstant;
    cancelled_at: NullableInstant;
    writeback: Nullable<JobWriteback>;
    planned_at: NullableInstant;
    planned_end_at: NullableInstant;
    amocrm_contact_id: NullableBigId;
  };
  dispatch_job_history: {
    id: Generated<number>;
    job_id: number;
    event: string;
    from_status: Nullable<JobStatus>;
    to_status: Nullable<JobStatus>;
    measurer_id: Nullable<number>;
    actor_kind: ActorKind;
    actor_id: Nullable<number>;
    note: Nullable<string>;
    author_name: Nullable<string>;
    at: Instant;
  };
  dispatch_reminders: {
    job_id: number;
    stage: 'evening' | 'hour' | 'unassigned';
    for_time: ColumnType<Date, Date | string, Date | string>;
    sent_at: ColumnType<Date, Date | string, Date | string>;
  };
  dispatch_job_files: {
    id: Generated<number>;
    job_id: number;
    file_id: string;
    name: string;
    content_type: string;
    size: number;
    crew_id: Nullable<number>;
    at: Instant;
  };
  dispatch_offers: {
    job_id: number;
    crew_id: number;
    outbox_id: number;
  };
  dispatch_calendar_feeds: {
    crew_id: number;
    token_hash: string;
    created_at: Instant;
  };
  dispatch_amocrm_rate: {
    id: number;
    tokens: number;
    updated_at: Instant;
  };
  dispatch_amocrm_auth: {
    id: number;
    access_token: Nullable<string>;
    refresh_token: Nullable<string>;
    expires_at: NullableInstant;
    state: Defaulted<AmocrmState>;
    last_error: Nullable<string>;
    seeded_from: Nullable<string>;
    updated_at: Instant;
  };
}
