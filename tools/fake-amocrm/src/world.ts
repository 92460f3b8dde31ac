// The account's data: what a test seeds and what the API reads and writes back.
export type EntityKind = 'leads' | 'contacts';

export interface CustomFieldEnum {
  id: number;
  value: string;
  sort: number;
}

export interface CustomFieldDefinition {
  id: number;
  entity: EntityKind;
  name: string;
  type: string;
  code: string | null;
  sort: number;
  enums: CustomFieldEnum[] | null;
}

export interface CustomFieldValueItem {
  value: string | number | boolean;
  enum_id?: number;
  enum_code?: string;
}

/** As stored and as answered: AmoCRM fills name, code and type from the field's definition. */
export interface CustomFieldValue {
  field_id: number;
  field_name: string;
  field_code: string | null;
  field_type: string;
  values: CustomFieldValueItem[];
}

export interface Lead {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  group_id: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closest_task_at: number | null;
  is_deleted: boolean;
  custom_fields_values: CustomFieldValue[] | null;
  score: number | null;
  account_id: number;
  labor_cost: number | null;
  contacts: Array<{ id: number; is_main: boolean }>;
}

export interface Contact {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  group_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closest_task_at: number | null;
  is_deleted: boolean;
  is_unsorted: boolean;
  custom_fields_values: CustomFieldValue[] | null;
  account_id: number;
}

export interface PipelineStatus {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  pipeline_id: number;
  color: string;
  /** 1 is the "unsorted" stage, 0 every other one. */
  type: 0 | 1;
  account_id: number;
}

export interface Pipeline {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  account_id: number;
  statuses: PipelineStatus[];
}

export interface User {
  id: number;
  name: string;
  email: string;
  lang: string;
  rights: Record<string, unknown>;
}

export interface Note {
  id: number;
  entity_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  responsible_user_id: number;
  group_id: number;
  note_type: string;
  params: Record<string, unknown>;
  account_id: number;
}

export interface Account {
  id: number;
  name: string;
  subdomain: string;
  created_at: number;
  current_user_id: number;
  country: string;
  currency: string;
  currency_symbol: string;
}

export interface World {
  account: Account;
  users: Map<number, User>;
  pipelines: Map<number, Pipeline>;
  leads: Map<number, Lead>;
  contacts: Map<number, Contact>;
  notes: Map<number, Note>;
  customFields: Map<number, CustomFieldDefinition>;
  nextId: Record<'lead' | 'contact' | 'note' | 'field' | 'user' | 'pipeline' | 'status' | 'enum', number>;
}

/** Won and lost exist in every pipeline with these fixed ids (AmoCRM docs, "Воронки и этапы"). */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

export const PHONE_ENUM_CODES = ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'] as const;
export const EMAIL_ENUM_CODES = ['WORK', 'PRIV', 'OTHER'] as const;

export function createWorld(options: { subdomain: string; accountId: number; now: number }): World {
  const createdAt = Math.floor(options.now / 1000);
  const world: World = {
    account: {
      id: options.accountId,
      name: 'Fake account',
      subdomain: options.subdomain,
      created_at: createdAt,
      current_user_id: 8_000_001,
      country: 'KZ',
      currency: 'KZT',
      currency_symbol: '₸',
    },
    users: new Map(),
    pipelines: new Map(),
    leads: new Map(),
    contacts: new Map(),
    notes: new Map(),
    customFields: new Map(),
    nextId: {
      lead: 20_000_001,
      contact: 30_000_001,
      note: 40_000_001,
      field: 500_001,
      user: 8_000_001,
      pipeline: 7_000_001,
      status: 60_000_001,
      enum: 900_001,
    },
  };
  addUser(world, { name: 'Admin', email: 'admin@example.com' });
  addPipeline(world, { name: 'Воронка', statuses: ['Первичный контакт', 'Переговоры', 'Принимают решение'] });
  addCustomField(world, { entity: 'contacts', name: 'Телефон', type: 'multitext', code: 'PHONE', enums: [...PHONE_ENUM_CODES] });
  addCustomField(world, { entity: 'contacts', name: 'Email', type: 'multitext', code: 'EMAIL', enums: [...EMAIL_ENUM_CODES] });
  return world;
}

export function addUser(world: World, input: { id?: number; name: string; email?: string; lang?: string }): User {
  const id = input.id ?? world.nextId.user++;
  const user: User = {
    id,
    name: input.name,
    email: input.email ?? `user${id}@example.com`,
    lang: input.lang ?? 'ru',
    rights: { leads: { view: 'A', edit: 'A', add: 'A', delete: 'A', export: 'A' }, is_admin: true, is_free: false, is_active: true },
  };
  world.users.set(id, user);
  return user;
}

export function addPipeline(
  world: World,
  input: { id?: number; name: string; statuses: Array<string | { id?: number; name: string; color?: string }>; is_main?: boolean },
): Pipeline {
  const id = input.id ?? world.nextId.pipeline++;
  const status = (name: string, sort: number, extra: Partial<PipelineStatus>): PipelineStatus => ({
    id: world.nextId.status++,
    name,
    sort,
    is_editable: true,
    pipeline_id: id,
    color: '#99ccff',
    type: 0,
    account_id: world.account.id,
    ...extra,
  });
  const statuses: PipelineStatus[] = [status('Неразобранное', 10, { type: 1, is_editable: false, color: '#c1c1c1' })];
  input.statuses.forEach((entry, index) => {
    const spec = typeof entry === 'string' ? { name: entry } : entry;
    statuses.push(
      status(spec.name, 20 + index * 10, { ...(spec.id ? { id: spec.id } : {}), ...(spec.color ? { color: spec.color } : {}) }),
    );
  });
  statuses.push(status('Успешно реализовано', 10000, { id: WON_STATUS_ID, is_editable: false, color: '#CCFF66' }));
  statuses.push(status('Закрыто и не реализовано', 11000, { id: LOST_STATUS_ID, is_editable: false, color: '#D5D8DB' }));
  const isMain = input.is_main ?? world.pipelines.size === 0;
  const pipeline: Pipeline = {
    id,
    name: input.name,
    sort: (world.pipelines.size + 1) * 1000,
    is_main: isMain,
    is_unsorted_on: true,
    is_archive: false,
    account_id: world.account.id,
    statuses,
  };
  world.pipelines.set(id, pipeline);
  return pipeline;
}

export function addCustomField(
  world: World,
  input: { id?: number; entity: EntityKind; name: string; type?: string; code?: string | null; enums?: string[] },
): CustomFieldDefinition {
  const id = input.id ?? world.nextId.field++;
  const field: CustomFieldDefinition = {
    id,
    entity: input.entity,
    name: input.name,
    type: input.type ?? 'text',
    code: input.code ?? null,
    sort: 500 + world.customFields.size,
    enums: input.enums ? input.enums.map((value, index) => ({ id: world.nextId.enum++, value, sort: (index + 1) * 2 })) : null,
  };
  world.customFields.set(id, field);
  return field;
}

export function mainPipeline(world: World): Pipeline {
  const pipeline = [...world.pipelines.values()].find((candidate) => candidate.is_main) ?? [...world.pipelines.values()][0];
  if (!pipeline) throw new Error('the account has no pipeline; seed one with addPipeline');
  return pipeline;
}

/** The first stage after "unsorted": where AmoCRM puts a new lead by default. */
export function firstStatus(pipeline: Pipeline): PipelineStatus {
  const status = pipeline.statuses.find((candidate) => candidate.type === 0) ?? pipeline.statuses[0];
  if (!status) throw new Error(`pipeline ${pipeline.id} has no statuses`);
  return status;
}
