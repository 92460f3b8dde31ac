// Seeding leads and contacts: tests give ids, codes and values; the fake fills in what AmoCRM
// would (field names and types from the definitions, enum ids from enum codes, timestamps).
import { firstStatus, mainPipeline } from './world.ts';
import type { Contact, CustomFieldValue, CustomFieldValueItem, EntityKind, Lead, World } from './world.ts';

export interface CustomFieldInput {
  field_id?: number;
  field_code?: string;
  values: Array<{ value: string | number | boolean; enum_id?: number; enum_code?: string }>;
}

export interface LeadSeed {
  id?: number;
  name?: string;
  price?: number;
  status_id?: number;
  pipeline_id?: number;
  responsible_user_id?: number;
  custom_fields_values?: CustomFieldInput[];
  /** Linked contacts; the first is the main one unless one says otherwise. */
  contacts?: Array<number | { id: number; is_main?: boolean }>;
  created_at?: number;
}

export interface ContactSeed {
  id?: number;
  name?: string;
  first_name?: string;
  last_name?: string;
  responsible_user_id?: number;
  /** Shorthand for a PHONE value; a plain string is a WORK number. */
  phones?: Array<string | { value: string; enum_code?: string }>;
  emails?: Array<string | { value: string; enum_code?: string }>;
  custom_fields_values?: CustomFieldInput[];
}

export function resolveCustomFields(world: World, entity: EntityKind, inputs: CustomFieldInput[]): CustomFieldValue[] {
  return inputs.map((input) => {
    const definition = [...world.customFields.values()].find(
      (field) => field.entity === entity && (input.field_id !== undefined ? field.id === input.field_id : field.code === input.field_code),
    );
    if (!definition) {
      throw new Error(`no ${entity} custom field ${input.field_id ?? input.field_code}; seed it with seedCustomField first`);
    }
    const values = input.values.map((item): CustomFieldValueItem => {
      if (!definition.enums) return { value: item.value };
      const code = item.enum_code ?? (item.enum_id === undefined ? definition.enums[0]?.value : undefined);
      const option = definition.enums.find((candidate) =>
        item.enum_id !== undefined ? candidate.id === item.enum_id : candidate.value === code,
      );
      if (!option) throw new Error(`field ${definition.id} has no enum ${item.enum_id ?? code}`);
      // Multitext fields (PHONE, EMAIL) answer enum_code; select fields answer only enum_id.
      return definition.type === 'multitext'
        ? { value: item.value, enum_id: option.id, enum_code: option.value }
        : { value: item.value, enum_id: option.id };
    });
    return { field_id: definition.id, field_name: definition.name, field_code: definition.code, field_type: definition.type, values };
  });
}

export function seedLead(world: World, seed: LeadSeed, nowMs: number): Lead {
  const pipeline = seed.pipeline_id !== undefined ? world.pipelines.get(seed.pipeline_id) : mainPipeline(world);
  if (!pipeline) throw new Error(`no pipeline ${seed.pipeline_id}; seed it with seedPipeline first`);
  const statusId = seed.status_id ?? firstStatus(pipeline).id;
  if (!pipeline.statuses.some((status) => status.id === statusId)) throw new Error(`pipeline ${pipeline.id} has no status ${statusId}`);
  const responsible = seed.responsible_user_id ?? world.account.current_user_id;
  const id = seed.id ?? world.nextId.lead++;
  const now = seed.created_at ?? Math.floor(nowMs / 1000);
  const links = (seed.contacts ?? []).map((entry) => (typeof entry === 'number' ? { id: entry } : entry));
  for (const link of links) if (!world.contacts.has(link.id)) throw new Error(`no contact ${link.id}; seed it before the lead`);
  const hasMain = links.some((link) => link.is_main === true);
  const lead: Lead = {
    id,
    name: seed.name ?? `Сделка #${id}`,
    price: seed.price ?? 0,
    responsible_user_id: responsible,
    group_id: 0,
    status_id: statusId,
    pipeline_id: pipeline.id,
    loss_reason_id: null,
    created_by: world.account.current_user_id,
    updated_by: world.account.current_user_id,
    created_at: now,
    updated_at: now,
    closed_at: null,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: seed.custom_fields_values?.length ? resolveCustomFields(world, 'leads', seed.custom_fields_values) : null,
    score: null,
    account_id: world.account.id,
    labor_cost: null,
    contacts: links.map((link, index) => ({ id: link.id, is_main: hasMain ? link.is_main === true : index === 0 })),
  };
  world.leads.set(id, lead);
  return lead;
}

const asValues = (items: Array<string | { value: string; enum_code?: string }>): CustomFieldInput['values'] =>
  items.map((item) =>
    typeof item === 'string' ? { value: item, enum_code: 'WORK' } : { value: item.value, enum_code: item.enum_code ?? 'WORK' },
  );

export function seedContact(world: World, seed: ContactSeed, nowMs: number): Contact {
  const id = seed.id ?? world.nextId.contact++;
  const now = Math.floor(nowMs / 1000);
  const inputs: CustomFieldInput[] = [];
  if (seed.phones?.length) inputs.push({ field_code: 'PHONE', values: asValues(seed.phones) });
  if (seed.emails?.length) inputs.push({ field_code: 'EMAIL', values: asValues(seed.emails) });
  inputs.push(...(seed.custom_fields_values ?? []));
  const firstName = seed.first_name ?? seed.name?.split(' ')[0] ?? '';
  const lastName = seed.last_name ?? seed.name?.split(' ').slice(1).join(' ') ?? '';
  const contact: Contact = {
    id,
    name: seed.name ?? [firstName, lastName].filter(Boolean).join(' '),
    first_name: firstName,
    last_name: lastName,
    responsible_user_id: seed.responsible_user_id ?? world.account.current_user_id,
    group_id: 0,
    created_by: world.account.current_user_id,
    updated_by: world.account.current_user_id,
    created_at: now,
    updated_at: now,
    closest_task_at: null,
    is_deleted: false,
    is_unsorted: false,
    custom_fields_values: inputs.length ? resolveCustomFields(world, 'contacts', inputs) : null,
    account_id: world.account.id,
  };
  world.contacts.set(id, contact);
  return contact;
}
