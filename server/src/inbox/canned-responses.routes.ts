// Saved answers (issue 26): any operator saves their own, their owner (or an admin) edits and removes
// them, and the composer asks for them filled in for the open conversation (`?chat_id=`).
import {
  cannedResponseBody,
  cannedResponsePatch,
  cannedResponseQuery,
  idParams,
  type CannedResponse,
  type CannedResponseList,
} from '@switchboard/contract';
import { conflict, currentUser, forbidden, notFound, type HttpApp, type StaffUser } from '../platform/index.ts';
import { attributeVariables, checkVariables, renderAnswer } from './answer-variables.ts';
import { getChat } from './chats.service.ts';
import {
  cannedResponseById,
  deleteCannedResponse,
  insertCannedResponse,
  listCannedResponses,
  shortcutTaken,
  updateCannedResponse,
} from './queries/canned-responses.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

type CannedResponseRow = NonNullable<Awaited<ReturnType<typeof cannedResponseById>>>;

function serializeCannedResponse(row: CannedResponseRow): CannedResponse {
  return { id: row.id, shortcut: row.shortcut, text: row.text, created_by: row.created_by, created_at: row.created_at.toISOString() };
}

export function registerCannedResponseRoutes(app: HttpApp, options: { db: InboxDb; visibility: Visibility }): void {
  const { db, visibility } = options;
  const tags = ['inbox'];

  /** The answer, when the user may change it: its owner or an admin (404 when it does not exist). */
  async function ownAnswer(user: StaffUser, id: number) {
    const answer = await cannedResponseById(db, id);
    if (!answer) throw notFound(`Canned response ${id}`);
    if (user.role !== 'admin' && answer.created_by !== user.id)
      throw forbidden('Only whoever saved this answer, or an admin, may change it.');
    return answer;
  }

  app.get(
    '/api/canned-responses',
    {
      schema: {
        tags,
        summary: 'Saved answers; ?q= matches the start of the /shortcut; ?chat_id= fills their variables for that conversation',
        querystring: cannedResponseQuery,
      },
    },
    async (request): Promise<CannedResponseList> => {
      const user = currentUser(request);
      const chat = request.query.chat_id === undefined ? null : await getChat(db, visibility, user, request.query.chat_id);
      const rows = await listCannedResponses(db, request.query.q);
      const results = rows.map((row) => ({
        ...serializeCannedResponse(row),
        can_edit: user.role === 'admin' || row.created_by === user.id,
        ...(chat ? { rendered: renderAnswer(row.text, { contact: chat.contact, operator: user, conversation: chat }) } : {}),
      }));
      return { results, next_cursor: null };
    },
  );
  app.post(
    '/api/canned-responses',
    {
      schema: {
        tags,
        summary: 'Save an answer under a /shortcut; its text may use {{contact.name}}, {{operator.name}}, {{contact.attributes.<key>}} …',
        body: cannedResponseBody,
      },
    },
    async (request, reply) => {
      checkVariables(request.body.text, await attributeVariables(db));
      if (await shortcutTaken(db, request.body.shortcut)) throw conflict(`/${request.body.shortcut} exists already.`, 'shortcut_exists');
      const saved = await insertCannedResponse(db, { ...request.body, createdBy: currentUser(request).id });
      return reply.status(201).send(serializeCannedResponse(saved));
    },
  );
  app.patch(
    '/api/canned-responses/:id',
    { schema: { tags, summary: 'Change a saved answer (its owner or an admin)', params: idParams, body: cannedResponsePatch } },
    async (request): Promise<CannedResponse> => {
      const answer = await ownAnswer(currentUser(request), request.params.id);
      const change = request.body;
      if (change.text !== undefined) checkVariables(change.text, await attributeVariables(db));
      if (change.shortcut !== undefined && (await shortcutTaken(db, change.shortcut, request.params.id)))
        throw conflict(`/${change.shortcut} exists already.`, 'shortcut_exists');
      if (change.shortcut === undefined && change.text === undefined) return serializeCannedResponse(answer);
      return serializeCannedResponse(await updateCannedResponse(db, request.params.id, change));
    },
  );
  app.delete(
    '/api/canned-responses/:id',
    { schema: { tags, summary: 'Remove a saved answer (its owner or an admin)', params: idParams } },
    async (request, reply) => {
      await ownAnswer(currentUser(request), request.params.id);
      if (!(await deleteCannedResponse(db, request.params.id))) throw notFound(`Canned response ${request.params.id}`);
      return reply.status(204).send();
    },
  );
}
