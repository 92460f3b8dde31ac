// AmoCRM API v4 routes. Reads answer application/hal+json; a missing entity or an empty list
// answers 204 with no body, as AmoCRM does (its docs list 204 for "not found" on entity reads).
import { addLeadNotes, patchLead, patchLeads } from './api-leads.ts';
import { renderAccount, renderContact, renderCustomField, renderLead, renderNote, renderPipeline, renderUser } from './hal.ts';
import { queryList } from './http-util.ts';
import { httpProblem } from './problem.ts';
import type { World } from './world.ts';

export interface ApiAnswer {
  status: number;
  body?: unknown;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  base: string;
  nowSeconds: number;
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
const NO_CONTENT: ApiAnswer = { status: 204 };

function withValues(query: URLSearchParams): Set<string> {
  return new Set((query.get('with') ?? '').split(',').map((part) => part.trim()));
}

/** `page` from 1 and `limit` up to 250 (AmoCRM's maximum; beyond it 422 "Limit 250 per page"), default 50. */
function paginate<T>(items: T[], query: URLSearchParams): { slice: T[]; page: number; hasNext: boolean } {
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const limit = Math.max(1, Number(query.get('limit') ?? 50) || 50);
  if (limit > 250) throw httpProblem(422, 'Unprocessable Entity', 'Limit 250 per page');
  const slice = items.slice((page - 1) * limit, page * limit);
  return { slice, page, hasNext: items.length > page * limit };
}

function collection(request: ApiRequest, name: string, items: Array<Record<string, unknown>>): ApiAnswer {
  const { slice, page, hasNext } = paginate(items, request.query);
  if (slice.length === 0) return NO_CONTENT;
  const link = (target: number): { href: string } => {
    const params = new URLSearchParams(request.query);
    params.set('page', String(target));
    return { href: `${request.base}${request.path}?${params.toString()}` };
  };
  const links: Record<string, { href: string }> = { self: link(page) };
  if (hasNext) links.next = link(page + 1);
  if (page > 1) links.prev = link(page - 1);
  return ok({ _page: page, _links: links, _embedded: { [name]: slice } });
}

function idFilter(query: URLSearchParams): Set<number> | null {
  const ids = queryList(query, 'filter[id]').map(Number);
  return ids.length > 0 ? new Set(ids) : null;
}

function readRoutes(world: World, request: ApiRequest): ApiAnswer | undefined {
  const { path, base, query } = request;
  if (path === '/api/v4/account') return ok(renderAccount(base, world));
  if (path === '/api/v4/users')
    return collection(
      request,
      'users',
      [...world.users.values()].map((user) => renderUser(base, user)),
    );
  let match = /^\/api\/v4\/users\/(\d+)$/.exec(path);
  if (match) {
    const user = world.users.get(Number(match[1]));
    return user ? ok(renderUser(base, user)) : NO_CONTENT;
  }
  if (path === '/api/v4/leads/pipelines') {
    const pipelines = [...world.pipelines.values()].map((pipeline) => renderPipeline(base, pipeline));
    return ok({ _total_items: pipelines.length, _links: { self: { href: `${base}${path}` } }, _embedded: { pipelines } });
  }
  match = /^\/api\/v4\/leads\/pipelines\/(\d+)$/.exec(path);
  if (match) {
    const pipeline = world.pipelines.get(Number(match[1]));
    // Unlike leads and contacts, a missing pipeline is a 404 (amocrm/amocrm-api-php issue #92).
    if (!pipeline) throw httpProblem(404, 'Not Found', 'Pipeline not found');
    return ok(renderPipeline(base, pipeline));
  }
  match = /^\/api\/v4\/(leads|contacts)\/custom_fields$/.exec(path);
  if (match) {
    const fields = [...world.customFields.values()]
      .filter((field) => field.entity === match![1])
      .map((field) => renderCustomField(base, field));
    return collection(request, 'custom_fields', fields);
  }
  if (path === '/api/v4/leads') {
    const ids = idFilter(query);
    const withContacts = withValues(query).has('contacts');
    const leads = [...world.leads.values()].filter((lead) => !lead.is_deleted && (!ids || ids.has(lead.id)));
    return collection(
      request,
      'leads',
      leads.map((lead) => renderLead(base, lead, withContacts)),
    );
  }
  match = /^\/api\/v4\/leads\/(\d+)$/.exec(path);
  if (match) {
    const lead = world.leads.get(Number(match[1]));
    return lead && !lead.is_deleted ? ok(renderLead(base, lead, withValues(query).has('contacts'))) : NO_CONTENT;
  }
  match = /^\/api\/v4\/leads\/(\d+)\/notes$/.exec(path);
  if (match) {
    const leadId = Number(match[1]);
    const notes = [...world.notes.values()].filter((note) => note.entity_id === leadId).map((note) => renderNote(base, note, 'leads'));
    return collection(request, 'notes', notes);
  }
  if (path === '/api/v4/contacts') {
    const ids = idFilter(query);
    const contacts = [...world.contacts.values()].filter((contact) => !contact.is_deleted && (!ids || ids.has(contact.id)));
    const withLeads = withValues(query).has('leads');
    return collection(
      request,
      'contacts',
      contacts.map((contact) => renderContact(base, world, contact, withLeads)),
    );
  }
  match = /^\/api\/v4\/contacts\/(\d+)$/.exec(path);
  if (match) {
    const contact = world.contacts.get(Number(match[1]));
    return contact && !contact.is_deleted ? ok(renderContact(base, world, contact, withValues(query).has('leads'))) : NO_CONTENT;
  }
  return undefined;
}

function writeRoutes(world: World, request: ApiRequest): ApiAnswer | undefined {
  const { method, path, base, body, nowSeconds } = request;
  if (method === 'PATCH' && path === '/api/v4/leads') return ok(patchLeads(world, base, body, nowSeconds));
  let match = /^\/api\/v4\/leads\/(\d+)$/.exec(path);
  if (method === 'PATCH' && match) return ok(patchLead(world, base, Number(match[1]), body, nowSeconds));
  if (method === 'POST' && path === '/api/v4/leads/notes') return ok(addLeadNotes(world, base, body, nowSeconds));
  match = /^\/api\/v4\/leads\/(\d+)\/notes$/.exec(path);
  if (method === 'POST' && match) return ok(addLeadNotes(world, base, body, nowSeconds, Number(match[1])));
  return undefined;
}

// Paths the fake serves with some method; another method on them is 405, an unknown path 404.
const KNOWN_PATHS = [
  /^\/api\/v4\/(account|users|leads|contacts|leads\/pipelines|leads\/notes)$/,
  /^\/api\/v4\/(users|leads|contacts|leads\/pipelines)\/\d+$/,
  /^\/api\/v4\/(leads|contacts)\/custom_fields$/,
  /^\/api\/v4\/leads\/\d+\/notes$/,
];

export function routeApi(world: World, request: ApiRequest): ApiAnswer {
  const answer = request.method === 'GET' ? readRoutes(world, request) : writeRoutes(world, request);
  if (answer) return answer;
  if (KNOWN_PATHS.some((pattern) => pattern.test(request.path))) throw httpProblem(405, 'Method Not Allowed', 'Method Not Allowed');
  throw httpProblem(404, 'Not Found', `Cannot ${request.method} ${request.base}${request.path}`);
}
