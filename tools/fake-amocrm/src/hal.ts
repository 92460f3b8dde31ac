// HAL rendering: every entity carries _links.self; collections wrap items in _embedded.
// _links point at the fake's own address so a client that follows them stays on the fake.
import type { Contact, CustomFieldDefinition, Lead, Note, Pipeline, User, World } from './world.ts';

export const self = (base: string, path: string): { self: { href: string } } => ({ self: { href: `${base}${path}` } });

export function renderLead(base: string, lead: Lead, withContacts: boolean): Record<string, unknown> {
  const { contacts, ...fields } = lead;
  const embedded: Record<string, unknown> = { tags: [], companies: [] };
  if (withContacts) {
    embedded.contacts = contacts.map((link) => ({ id: link.id, is_main: link.is_main, _links: self(base, `/api/v4/contacts/${link.id}`) }));
  }
  return { ...fields, _links: self(base, `/api/v4/leads/${lead.id}`), _embedded: embedded };
}

export function renderContact(base: string, world: World, contact: Contact, withLeads: boolean): Record<string, unknown> {
  const embedded: Record<string, unknown> = { tags: [], companies: [] };
  if (withLeads) {
    embedded.leads = [...world.leads.values()]
      .filter((lead) => lead.contacts.some((link) => link.id === contact.id))
      .map((lead) => ({ id: lead.id, _links: self(base, `/api/v4/leads/${lead.id}`) }));
  }
  return { ...contact, _links: self(base, `/api/v4/contacts/${contact.id}`), _embedded: embedded };
}

export function renderPipeline(base: string, pipeline: Pipeline): Record<string, unknown> {
  const { statuses, ...fields } = pipeline;
  return {
    ...fields,
    _links: self(base, `/api/v4/leads/pipelines/${pipeline.id}`),
    _embedded: {
      statuses: statuses.map((status) => ({
        ...status,
        _links: self(base, `/api/v4/leads/pipelines/${pipeline.id}/statuses/${status.id}`),
      })),
    },
  };
}

export function renderUser(base: string, user: User): Record<string, unknown> {
  return { ...user, _links: self(base, `/api/v4/users/${user.id}`) };
}

export function renderNote(base: string, note: Note, entity: string): Record<string, unknown> {
  return { ...note, _links: self(base, `/api/v4/${entity}/${note.entity_id}/notes/${note.id}`) };
}

export function renderCustomField(base: string, field: CustomFieldDefinition): Record<string, unknown> {
  const { entity, ...fields } = field;
  return {
    ...fields,
    entity_type: entity,
    is_api_only: false,
    is_deletable: field.code === null,
    _links: self(base, `/api/v4/${entity}/custom_fields/${field.id}`),
  };
}

export function renderAccount(base: string, world: World): Record<string, unknown> {
  const account = world.account;
  return {
    id: account.id,
    name: account.name,
    subdomain: account.subdomain,
    created_at: account.created_at,
    created_by: account.current_user_id,
    updated_at: account.created_at,
    updated_by: account.current_user_id,
    current_user_id: account.current_user_id,
    country: account.country,
    currency: account.currency,
    currency_symbol: account.currency_symbol,
    customers_mode: 'disabled',
    is_unsorted_on: true,
    mobile_feature_version: 0,
    is_loss_reason_enabled: true,
    is_helpbot_enabled: false,
    is_technical_account: false,
    contact_name_display_order: 1,
    _links: self(base, '/api/v4/account'),
  };
}
