// AmoCRM webhook bodies: application/x-www-form-urlencoded with PHP-style nested keys,
// e.g. leads[status][0][id]=…&leads[status][0][old_status_id]=…&account[subdomain]=…
// (amocrm.ru/developers/content/crm_platform/webhooks-format). Keys are percent-encoded the way
// PHP's http_build_query does it, so a receiver must decode brackets (%5B, %5D) itself.
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
 * `subdomain-only`: older bodies, which end with account[subdomain] alone;
 * `full`: newer ones with account[subdomain], account[id] and account[_links][self].
 */
export type AccountFormat = 'subdomain-only' | 'full';

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

export function buildWebhookForm(events: WebhookEvents, world: World, format: AccountFormat, accountSelfLink?: string): string {
  const pairs: Array<[string, string]> = [];
  for (const entity of ['leads', 'contacts', 'companies'] as const) {
    const byKind = events[entity];
    if (!byKind) continue;
    for (const [kind, items] of Object.entries(byKind)) flatten(`${entity}[${kind}]`, items, pairs);
  }
  pairs.push(['account[subdomain]', world.account.subdomain]);
  if (format === 'full') {
    pairs.push(['account[id]', String(world.account.id)]);
    pairs.push(['account[_links][self]', accountSelfLink ?? `https://${world.account.subdomain}.amocrm.ru`]);
  }
  return new URLSearchParams(pairs).toString();
}

// Webhooks carry custom fields as custom_fields[i][id|name|code|values[j][value|enum]].
function webhookCustomFields(values: CustomFieldValue[] | null): WebhookFields[] | undefined {
  if (!values?.length) return undefined;
  return values.map((field) => ({
    id: field.field_id,
    name: field.field_name,
    ...(field.field_code ? { code: field.field_code } : {}),
    values: field.values.map((item) => (item.enum_id !== undefined ? { value: item.value, enum: item.enum_id } : { value: item.value })),
  }));
}

/** The fields AmoCRM sends for a lead in leads[add|update|status|responsible][i]. */
export function leadWebhookFields(lead: Lead, extra: WebhookFields = {}): WebhookFields {
  return {
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
    ...extra,
  };
}

/** leads[delete][i] carries only the id and where the lead stood. */
export function deletedLeadWebhookFields(lead: Lead): WebhookFields {
  return { id: lead.id, status_id: lead.status_id, pipeline_id: lead.pipeline_id };
}

export function contactWebhookFields(contact: Contact, extra: WebhookFields = {}): WebhookFields {
  return {
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
    ...extra,
  };
}
