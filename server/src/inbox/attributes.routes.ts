// Custom attributes (issue 26): admins define them; staff read the definitions and set values on the
// conversations (and their contacts) they may see.
import {
  attributeDefinitionBody,
  attributeDefinitionPatch,
  attributeListQuery,
  attributeValuesBody,
  idParams,
  type AttributeDefinition,
  type AttributeDefinitionList,
  type ChatAttributes,
  type ContactAttributes,
} from '@switchboard/contract';
import { conflict, currentUser, notFound, unprocessable, type HttpApp, type RealtimeHub, type StaffUser } from '../platform/index.ts';
import { checkValues } from './attribute-values.ts';
import { getChat } from './chats.service.ts';
import { recordEvents } from './events.ts';
import {
  definitionById,
  deleteDefinition,
  insertDefinition,
  listDefinitions,
  serializeDefinition,
  updateDefinition,
  writeValues,
} from './queries/attributes.ts';
import { findContact, visibleContactIdsQuery } from './queries/contacts.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

export function registerAttributeRoutes(app: HttpApp, options: { db: InboxDb; hub: RealtimeHub; visibility: Visibility }): void {
  const { db, hub, visibility } = options;
  const tags = ['inbox'];

  async function visibleContact(user: StaffUser, id: number) {
    const visibleIds = user.role === 'admin' ? null : visibleContactIdsQuery(db, await visibility.filter(user));
    const contact = await findContact(db, id, visibleIds);
    if (!contact) throw notFound(`Contact ${id}`);
    return contact;
  }

  app.get(
    '/api/attributes',
    {
      schema: {
        tags,
        summary: 'Custom attributes admins defined, on contacts and conversations (any staff user)',
        querystring: attributeListQuery,
      },
    },
    async (request): Promise<AttributeDefinitionList> => ({
      results: (await listDefinitions(db, request.query.applies_to)).map(serializeDefinition),
      next_cursor: null,
    }),
  );
  app.post(
    '/api/attributes',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'Define a custom attribute: key, labels, type (text, number, date, list, checkbox)',
        body: attributeDefinitionBody,
      },
    },
    async (request, reply) => {
      const created = await insertDefinition(db, request.body);
      if (!created) throw conflict(`${request.body.applies_to}.${request.body.key} exists already.`, 'attribute_exists');
      return reply.status(201).send(created);
    },
  );
  app.patch(
    '/api/attributes/:id',
    {
      config: { access: 'admin' },
      schema: { tags, summary: "Change an attribute's labels or a list's options", params: idParams, body: attributeDefinitionPatch },
    },
    async (request): Promise<AttributeDefinition> => {
      const existing = await definitionById(db, request.params.id);
      if (!existing) throw notFound(`Attribute ${request.params.id}`);
      const change = request.body;
      if (change.options !== undefined && existing.type !== 'list')
        throw unprocessable(`Only a list has options; ${existing.key} is ${existing.type}.`, 'invalid_input');
      if (change.options !== undefined && change.options.length === 0) throw unprocessable('A list needs options.', 'invalid_input');
      const labels = { ru: change.label_ru ?? existing.label_ru, en: change.label_en ?? existing.label_en };
      if (!labels.ru && !labels.en) throw unprocessable('Give a label in Russian or English.', 'invalid_input');
      return updateDefinition(db, existing.id, change);
    },
  );
  app.delete(
    '/api/attributes/:id',
    { config: { access: 'admin' }, schema: { tags, summary: 'Remove an attribute and its values everywhere', params: idParams } },
    async (request, reply) => {
      const existing = await definitionById(db, request.params.id);
      if (!existing) throw notFound(`Attribute ${request.params.id}`);
      await db.transaction().execute((trx) => deleteDefinition(trx, existing));
      return reply.status(204).send();
    },
  );

  app.patch(
    '/api/chats/:id/attributes',
    {
      schema: {
        tags,
        summary: "Set the conversation's attribute values by key (null removes one)",
        params: idParams,
        body: attributeValuesBody,
      },
    },
    async (request): Promise<ChatAttributes> => {
      const chat = await getChat(db, visibility, currentUser(request), request.params.id);
      const { set, remove } = await checkValues(db, 'conversation', request.body.values);
      const [attributes, events] = await db.transaction().execute(async (trx) => {
        const values = await writeValues(trx, 'conversation', chat.id, set, remove);
        const updated = { ...chat, attributes: values };
        const drafts = [
          {
            type: 'chat_updated' as const,
            conversationId: chat.id,
            assignedOperatorId: chat.assigned_operator_id,
            payload: { chat: updated },
          },
        ];
        return [values, await recordEvents(trx, drafts)] as const;
      });
      hub.publish(events);
      return { chat_id: chat.id, attributes };
    },
  );
  app.patch(
    '/api/contacts/:id/attributes',
    {
      schema: {
        tags,
        summary: "Set the contact's attribute values by key (null removes one); staff who see one of its conversations",
        params: idParams,
        body: attributeValuesBody,
      },
    },
    async (request): Promise<ContactAttributes> => {
      const contact = await visibleContact(currentUser(request), request.params.id);
      const { set, remove } = await checkValues(db, 'contact', request.body.values);
      const attributes = await db.transaction().execute((trx) => writeValues(trx, 'contact', contact.id, set, remove));
      return { contact_id: contact.id, attributes };
    },
  );
}
