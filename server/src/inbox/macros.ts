// Macros (issue 26): a saved sequence of actions (label, assign, reply, note, snooze, resolve) run on one
// conversation from the command bar or a button. Everything is checked first (the conversation is the
// runner's to see, the reply fits the channel, the assignment is theirs to make), then every step is
// written in one transaction through the inbox's own services: a step that fails leaves nothing behind.
import { idParams, macroBody, macroPatch, macroRunBody, type Macro, type MacroAction } from '@switchboard/contract';
import {
  conflict,
  currentUser,
  forbidden,
  notFound,
  unprocessable,
  type HttpApp,
  type RealtimeHub,
  type StaffUser,
} from '../platform/index.ts';
import { attributeVariables, checkVariables, renderAnswer } from './answer-variables.ts';
import { assignConversation } from './assignment.service.ts';
import { teamName } from './teams.routes.ts';
import { getChat } from './chats.service.ts';
import type { ConversationStatus, StatusChange } from './conversation-status.ts';
import { recordEvents, type EventDraft } from './events.ts';
import { staffMember } from './queries/assignments.ts';
import { insertNote } from './queries/conversations.ts';
import { labelsByIds, labelsOfConversation, replaceConversationLabels } from './queries/labels.ts';
import { deleteMacro, insertMacro, listMacros, macroById, macroNameTaken, updateMacro, type MacroRow } from './queries/macros.ts';
import { checkText, type ChannelRulesLookup, type Sender } from './send.service.ts';
import { serializeMessage, type ChatJson } from './serializers.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

function serializeMacro(row: MacroRow): Macro {
  return { ...row, created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString() };
}

/** Refuses what could never run: unknown variables, labels or colleagues. */
async function checkActions(db: InboxDb, actions: MacroAction[]): Promise<void> {
  const attributes = await attributeVariables(db);
  for (const action of actions) {
    if (action.type === 'reply' || action.type === 'note') checkVariables(action.text, attributes);
    if (action.type === 'label' && (await labelsByIds(db, [action.label_id])).length === 0)
      throw unprocessable(`Label ${action.label_id} does not exist: pick one from GET /api/labels.`, 'invalid_input');
    if (action.type === 'assign' && typeof action.operator_id === 'number') {
      const person = await staffMember(db, action.operator_id);
      if (!person || !person.is_active || !['operator', 'admin'].includes(person.role))
        throw unprocessable(`Staff user ${action.operator_id} is not an active operator.`, 'unknown_assignee');
    }
    if (action.type === 'assign' && typeof action.team_id === 'number' && (await teamName(db, action.team_id)) === null)
      throw unprocessable(`There is no team ${action.team_id}: pick one from GET /api/teams.`, 'unknown_team');
  }
}

export function createMacros(options: {
  db: InboxDb;
  hub: RealtimeHub;
  visibility: Visibility;
  sender: Sender;
  status: ConversationStatus;
  channelRules: ChannelRulesLookup;
}) {
  const { db, hub, visibility, sender, status } = options;

  /** Runs every step on the conversation in one transaction; returns the conversation as it ends. */
  async function runActions(user: StaffUser, actions: readonly MacroAction[], chatId: number): Promise<ChatJson> {
    const chat = await getChat(db, visibility, user, chatId);
    const context = { contact: chat.contact, operator: user, conversation: chat };
    // Checks that need no write come first, on the outer handle (PGlite has one connection: not inside the transaction).
    let holder = chat.assigned_operator_id;
    for (const action of actions) {
      if (action.type === 'reply') checkText(renderAnswer(action.text, context), options.channelRules(chat.channel.kind));
      if (action.type === 'assign') {
        const target = action.operator_id === 'me' ? user.id : action.operator_id;
        if (user.role !== 'admin' && target !== user.id && holder !== user.id)
          throw unprocessable(
            'Operators may take a conversation from the queue or transfer their own; ask an admin to move others.',
            'not_allowed',
          );
        holder = target;
      }
    }
    if (actions.some((action) => action.type === 'reply')) await sender.checkCanReply(chat.id);
    const labelIds = actions.flatMap((action) => (action.type === 'label' ? [action.label_id] : []));
    if ((await labelsByIds(db, [...new Set(labelIds)])).length !== new Set(labelIds).size) throw notFound('One of the labels');

    let replied = false;
    const { current, events } = await db.transaction().execute(async (trx) => {
      let current = chat;
      const drafts: EventDraft[] = [];
      for (const action of actions) {
        if (action.type === 'label') {
          const ids = (await labelsOfConversation(trx, chat.id)).map((label) => label.id);
          if (ids.includes(action.label_id)) continue;
          await replaceConversationLabels(trx, chat.id, [...ids, action.label_id]);
          drafts.push({
            type: 'chat_updated',
            conversationId: chat.id,
            assignedOperatorId: current.assigned_operator_id,
            payload: { chat: current, label_ids: [...ids, action.label_id] },
          });
        } else if (action.type === 'assign') {
          const target = action.operator_id === 'me' ? user.id : action.operator_id;
          const teamId = action.team_id;
          drafts.push(
            ...(await assignConversation(trx, { conversationId: chat.id, operatorId: target, by: user, reason: 'manual', teamId })),
          );
          current = { ...current, assigned_operator_id: target, ...(teamId === undefined ? {} : { team_id: teamId }) };
        } else if (action.type === 'reply') {
          const written = await sender.writeReply(trx, user, current, { text: renderAnswer(action.text, context) });
          drafts.push(...written.drafts);
          replied = true;
        } else if (action.type === 'note') {
          const note = await insertNote(trx, chat.id, { id: user.id, name: user.name || user.email }, renderAnswer(action.text, context));
          drafts.push({
            type: 'new_message',
            conversationId: chat.id,
            assignedOperatorId: current.assigned_operator_id,
            payload: { message: serializeMessage(note), chat: current },
          });
        } else {
          const change: StatusChange =
            action.type === 'resolve'
              ? { status: 'resolved' }
              : {
                  status: 'snoozed',
                  snoozedUntil: action.minutes === null ? null : new Date(status.now().getTime() + action.minutes * 60_000),
                };
          const applied = await status.applyChange(trx, user, current, change);
          drafts.push(...applied.drafts);
          current = applied.chat;
        }
      }
      return { current, events: await recordEvents(trx, drafts) };
    });
    hub.publish(events);
    if (replied) sender.wake(chat.channel.id);
    return current;
  }

  /** The macro, when the user may change it: its owner or an admin (404 when it does not exist). */
  async function ownMacro(user: StaffUser, id: number): Promise<MacroRow> {
    const macro = await macroById(db, id);
    if (!macro) throw notFound(`Macro ${id}`);
    if (user.role !== 'admin' && macro.owner_id !== user.id) throw forbidden('Only whoever made this macro, or an admin, may change it.');
    return macro;
  }

  function registerRoutes(app: HttpApp): void {
    const tags = ['inbox'];
    app.get('/api/macros', { schema: { tags, summary: "The team's macros" } }, async (request) => {
      const user = currentUser(request);
      const rows = await listMacros(db);
      return {
        results: rows.map((row) => ({ ...serializeMacro(row), can_edit: user.role === 'admin' || row.owner_id === user.id })),
        next_cursor: null,
      };
    });
    app.post(
      '/api/macros',
      { schema: { tags, summary: 'Save a macro: steps run in order on one conversation', body: macroBody } },
      async (request, reply) => {
        await checkActions(db, request.body.actions);
        if (await macroNameTaken(db, request.body.name))
          throw conflict(`A macro named "${request.body.name}" exists already.`, 'macro_exists');
        const row = await insertMacro(db, { ...request.body, ownerId: currentUser(request).id });
        return reply.status(201).send(serializeMacro(row));
      },
    );
    app.patch(
      '/api/macros/:id',
      { schema: { tags, summary: 'Change a macro (its owner or an admin)', params: idParams, body: macroPatch } },
      async (request) => {
        await ownMacro(currentUser(request), request.params.id);
        if (request.body.actions) await checkActions(db, request.body.actions);
        if (request.body.name !== undefined && (await macroNameTaken(db, request.body.name, request.params.id)))
          throw conflict(`A macro named "${request.body.name}" exists already.`, 'macro_exists');
        return serializeMacro(await updateMacro(db, request.params.id, request.body));
      },
    );
    app.delete(
      '/api/macros/:id',
      { schema: { tags, summary: 'Remove a macro (its owner or an admin)', params: idParams } },
      async (request, reply) => {
        await ownMacro(currentUser(request), request.params.id);
        await deleteMacro(db, request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      '/api/macros/:id/run',
      {
        schema: {
          tags,
          summary: 'Run a macro on a conversation you may see: all its steps, or none',
          params: idParams,
          body: macroRunBody,
        },
      },
      async (request) => {
        const macro = await macroById(db, request.params.id);
        if (!macro) throw notFound(`Macro ${request.params.id}`);
        return runActions(currentUser(request), macro.actions, request.body.chat_id);
      },
    );
  }

  return { runActions, registerRoutes };
}
