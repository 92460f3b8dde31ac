// AmoCRM webhook bodies: application/x-www-form-urlencoded with PHP-style nested keys,
// e.g. leads[status][0][id]=…&leads[status][0][old_status_id]=…&account[subdomain]=…
// (amocrm.ru/developers/content/crm_platform/webhooks-format). Keys are percent-encoded the way
// PHP's http_build_query does it, so a receiver must decode brackets (%5B, %5D) itself.
// Field order and the three account layouts follow real bodies captured in public repositories
// (2017: subdomain only at the end; 2021: subdomain, id, _links at the end; 2025: at the start).
import type { Contact, CustomFieldValue, Lead, World } from './world.ts';

export type LeadEventKind = 'add' | 'update' | 'status' | 'responsible' | 'delete' | 'restore' | 'note';
export type ContactEventKind = 'add' | 'update' | 'delete' | 'responsible' | 'note' | 'restore';
export type WebhookFields = Record<string, unknown>;

export interface WebhookEvents {
  leads?: Partial<Record<LeadEventKind, WebhookFields[]>>;
  contacts?: Partial<Record<ContactEventKind, WebhookFields[]>>;
  companies?: Partial<Record<ContactEventKind, WebhookFields[]>>;
}

/**
 * `subdomain-only`: the oldest bodies, which end with account[subdomain] alone;
 * `full`: later ones ending with account[subdomain], account[id] and account[_links][self];
 * `account-first`: current ones (2025) that start with those three keys.
 */
export type AccountFormat = 'subdomain-only' | 'full' | 'account-first';

function flatten(prefix: string, value: unknown, out: Array<[string, string]>): void {
  if (value === null || value === undefined) return; // http_build_query drops nulls
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(`${prefix}[${index}]`, item, out));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(`${prefix}[${key}]`, item, out);
  } else if (typeof value === 'boolean') {
    out.push([prefix, value ? '1' : '0']);
  } else {
    out.push([prefix, String(value)]);
  }
}

export function buildWebhookForm(events: WebhookEvents, world: Pick<World, 'account'>, format: AccountFormat): string {
  const entities: Array<[string, string]> = [];
  for (const entity of ['leads', 'contacts', 'companies'] as const) {
    const byKind = events[entity];
    if (!byKind) continue;
    for (const [kind, items] of Object.entries(byKind)) flatten(`${entity}[${kind}]`, items, entities);
  }
  const account: Array<[string, string]> = [['account[subdomain]', world.account.subdomain]];
  if (format !== 'subdomain-only') {
    account.push(['account[id]', String(world.account.id)]);
    account.push(['account[_links][self]', `https://${world.account.subdomain}.amocrm.ru`]);
  }
  return new URLSearchParams(format === 'account-first' ? [...account, ...entities] : [...entities, ...account]).toString();
}

const DATE_TYPES = new Set(['date', 'date_time', 'birthday']);

// Webhooks carry custom fields as custom_fields[i][id|name|values[j][value|enum]|code] (code last,
// for fields that have one); date fields send the bare timestamp as values[j].
function webhookCustomFields(values: CustomFieldValue[] | null): WebhookFields[] | undefined {
  if (!values?.length) return undefined;
  return values.map((field) => ({
    id: field.field_id,
    name: field.field_name,
    values: field.values.map((item) =>
      DATE_TYPES.has(field.field_type)
        ? item.value
        : item.enum_id !== undefined
          ? { value: item.value, enum: item.enum_id }
          : { value: item.value },
    ),
    ...(field.field_code ? { code: field.field_code } : {}),
  }));
}

/** Puts `extra` where AmoCRM does: old_status_id after status_id, old_pipeline_id after pipeline_id, the rest before created_at. */
function placeExtras(fields: WebhookFields, extra: WebhookFields): WebhookFields {
  const { old_status_id: oldStatus, old_pipeline_id: oldPipeline, ...rest } = extra;
  const out: WebhookFields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'created_at') Object.assign(out, rest);
    out[key] = value;
    if (key === 'status_id' && oldStatus !== undefined) out.old_status_id = oldStatus;
    if (key === 'pipeline_id' && oldPipeline !== undefined) out.old_pipeline_id = oldPipeline;
  }
  if (!('created_at' in fields)) Object.assign(out, rest);
  return out;
}

/** The fields AmoCRM sends for a lead in leads[add|update|status|responsible][i]. */
export function leadWebhookFields(lead: Lead, extra: WebhookFields = {}): WebhookFields {
  return placeExtras(
    {
      id: lead.id,
      name: lead.name,
      status_id: lead.status_id,
      price: lead.price,
      responsible_user_id: lead.responsible_user_id,
      last_modified: lead.updated_at,
      modified_user_id: lead.updated_by,
      created_user_id: lead.created_by,
      date_create: lead.created_at,
      pipeline_id: lead.pipeline_id,
      account_id: lead.account_id,
      custom_fields: webhookCustomFields(lead.custom_fields_values),
      created_at: lead.created_at,
      updated_at: lead.updated_at,
    },
    extra,
  );
}

/** leads[delete][i] carries only the id and where the lead stood. */
export function deletedLeadWebhookFields(lead: Lead): WebhookFields {
  return { id: lead.id, status_id: lead.status_id, pipeline_id: lead.pipeline_id };
}

export function contactWebhookFields(contact: Contact, extra: WebhookFields = {}): WebhookFields {
  return placeExtras(
    {
      id: contact.id,
      name: contact.name,
      responsible_user_id: contact.responsible_user_id,
      date_create: contact.created_at,
      last_modified: contact.updated_at,
      created_user_id: contact.created_by,
      modified_user_id: contact.updated_by,
      account_id: contact.account_id,
      custom_fields: webhookCustomFields(contact.custom_fields_values),
      created_at: contact.created_at,
      updated_at: contact.updated_at,
      type: 'contact',
    },
    extra,
  );
}
