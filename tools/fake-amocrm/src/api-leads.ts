// Writes to leads: PATCH one or many (stage and pipeline moves), notes on leads.
import { AmoProblem, httpProblem, validationProblem } from './problem.ts';
import { resolveCustomFields, type CustomFieldInput } from './seed.ts';
import { self } from './hal.ts';
import { LOST_STATUS_ID, WON_STATUS_ID, firstStatus, type Lead, type Note, type World } from './world.ts';

const NOTE_TYPES = new Set([
  'common',
  'call_in',
  'call_out',
  'service_message',
  'extended_service_message',
  'message_cashier',
  'geolocation',
  'sms_in',
  'sms_out',
  'attachment',
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applyLeadPatch(world: World, lead: Lead, patch: Json, requestId: string, now: number): void {
  const invalid = (path: string, detail = 'The value you selected is not a valid choice.'): AmoProblem =>
    validationProblem(requestId, [{ code: 'NotSupportedChoice', path, detail }]);
  let pipelineId = lead.pipeline_id;
  if (patch.pipeline_id !== undefined) {
    if (typeof patch.pipeline_id !== 'number' || !world.pipelines.has(patch.pipeline_id)) throw invalid('pipeline_id');
    pipelineId = patch.pipeline_id;
  }
  const pipeline = world.pipelines.get(pipelineId)!;
  let statusId = pipelineId === lead.pipeline_id ? lead.status_id : firstStatus(pipeline).id;
  if (patch.status_id !== undefined) {
    if (typeof patch.status_id !== 'number' || !pipeline.statuses.some((status) => status.id === patch.status_id))
      throw invalid('status_id');
    statusId = patch.status_id;
  }
  if (patch.name !== undefined && typeof patch.name !== 'string') throw invalid('name', 'This value should be of type string.');
  if (patch.price !== undefined && typeof patch.price !== 'number') throw invalid('price', 'This value should be of type int.');
  if (
    patch.responsible_user_id !== undefined &&
    (typeof patch.responsible_user_id !== 'number' || !world.users.has(patch.responsible_user_id))
  ) {
    throw invalid('responsible_user_id');
  }
  let customFields = lead.custom_fields_values;
  if (patch.custom_fields_values !== undefined) {
    try {
      const updates = resolveCustomFields(world, 'leads', patch.custom_fields_values as CustomFieldInput[]);
      const kept = (customFields ?? []).filter((field) => !updates.some((update) => update.field_id === field.field_id));
      customFields = [...kept, ...updates].filter((field) => field.values.length > 0);
    } catch {
      throw invalid('custom_fields_values.0.field_id');
    }
  }
  lead.pipeline_id = pipelineId;
  lead.status_id = statusId;
  lead.closed_at = statusId === WON_STATUS_ID || statusId === LOST_STATUS_ID ? (lead.closed_at ?? now) : null;
  if (typeof patch.name === 'string') lead.name = patch.name;
  if (typeof patch.price === 'number') lead.price = patch.price;
  if (typeof patch.responsible_user_id === 'number') lead.responsible_user_id = patch.responsible_user_id;
  lead.custom_fields_values = customFields && customFields.length > 0 ? customFields : null;
  lead.updated_at = now;
}

function findLead(world: World, id: unknown, requestId: string): Lead {
  const lead = typeof id === 'number' ? world.leads.get(id) : undefined;
  if (!lead || lead.is_deleted) throw validationProblem(requestId, [{ code: 'NotFound', path: 'id', detail: 'Entity not found' }]);
  return lead;
}

/** PATCH /api/v4/leads: an array of partial leads, each with its id. */
export function patchLeads(world: World, base: string, body: unknown, now: number): Json {
  if (body === undefined || (Array.isArray(body) && body.length === 0))
    throw httpProblem(400, 'Bad Request', 'Request data can not be empty');
  if (!Array.isArray(body)) throw httpProblem(400, 'Bad Request', 'Request body must be an array of leads');
  if (body.length > 250) throw httpProblem(422, 'Unprocessable Entity', 'Limit 250 per page');
  // Validate the whole batch on copies first: a refused request changes nothing.
  const patched = body.map((item: unknown, index) => {
    const requestId = isObject(item) && typeof item.request_id === 'string' ? item.request_id : String(index);
    if (!isObject(item))
      throw validationProblem(requestId, [{ code: 'InvalidType', path: '', detail: 'This value should be of type object.' }]);
    const lead = structuredClone(findLead(world, item.id, requestId));
    applyLeadPatch(world, lead, item, requestId, now);
    return { lead, requestId };
  });
  const answers = patched.map(({ lead, requestId }) => {
    world.leads.set(lead.id, lead);
    return { id: lead.id, updated_at: lead.updated_at, request_id: requestId, _links: self(base, `/api/v4/leads/${lead.id}`) };
  });
  return { _links: self(base, '/api/v4/leads'), _embedded: { leads: answers } };
}

/** PATCH /api/v4/leads/{id}: one partial lead. */
export function patchLead(world: World, base: string, id: number, body: unknown, now: number): Json {
  if (body === undefined) throw httpProblem(400, 'Bad Request', 'Request data can not be empty');
  if (!isObject(body)) throw httpProblem(400, 'Bad Request', 'Request body must be a lead object');
  const lead = findLead(world, id, '0');
  applyLeadPatch(world, lead, body, '0', now);
  return { id: lead.id, updated_at: lead.updated_at, _links: self(base, `/api/v4/leads/${lead.id}`) };
}

/** POST /api/v4/leads/notes (entity_id in each item) and /api/v4/leads/{id}/notes. */
export function addLeadNotes(world: World, base: string, body: unknown, now: number, leadId?: number): Json {
  if (body === undefined || (Array.isArray(body) && body.length === 0))
    throw httpProblem(400, 'Bad Request', 'Request data can not be empty');
  if (!Array.isArray(body)) throw httpProblem(400, 'Bad Request', 'Request body must be an array of notes');
  const validated = body.map((item: unknown, index) => {
    const requestId = isObject(item) && typeof item.request_id === 'string' ? item.request_id : String(index);
    const fail = (code: string, path: string, detail: string): AmoProblem => validationProblem(requestId, [{ code, path, detail }]);
    if (!isObject(item)) throw fail('InvalidType', '', 'This value should be of type object.');
    const entityId = leadId ?? item.entity_id;
    findLead(world, entityId, requestId);
    if (typeof item.note_type !== 'string' || !NOTE_TYPES.has(item.note_type))
      throw fail('NotSupportedChoice', 'note_type', 'The value you selected is not a valid choice.');
    const params = isObject(item.params) ? item.params : {};
    if (item.note_type === 'common' && (typeof params.text !== 'string' || params.text === '')) {
      throw fail('NotBlank', 'params.text', 'This value should not be blank.');
    }
    return { entityId: entityId as number, noteType: item.note_type, params, requestId };
  });
  const notes = validated.map(({ entityId, noteType, params, requestId }) => {
    const note: Note = {
      id: world.nextId.note++,
      entity_id: entityId,
      created_by: world.account.current_user_id,
      updated_by: world.account.current_user_id,
      created_at: now,
      updated_at: now,
      responsible_user_id: world.account.current_user_id,
      group_id: 0,
      note_type: noteType,
      params,
      account_id: world.account.id,
    };
    world.notes.set(note.id, note);
    return { id: note.id, entity_id: entityId, request_id: requestId, _links: self(base, `/api/v4/leads/${entityId}/notes/${note.id}`) };
  });
  const path = leadId === undefined ? '/api/v4/leads/notes' : `/api/v4/leads/${leadId}/notes`;
  return { _links: self(base, path), _embedded: { notes } };
}
