// One customer across messengers (issue 24): merge suggestions (a shared phone number, an operator's link),
// the links themselves, one timeline across a contact's conversations, and a reply on the channel of choice.
import {
  contactLinkBody,
  contactLinkParams,
  contactSendBody,
  contactTimelineQuery,
  idParams,
  type ContactTimeline,
  type MergeSuggestionList,
} from '@switchboard/contract';
import { conflict, currentUser, notFound, unprocessable, type HttpApp, type StaffUser } from '../platform/index.ts';
import { contactTimeline, linkContacts, mergeSuggestions, unlinkContacts } from './queries/contact-links.ts';
import { findContact, visibleContactIdsQuery } from './queries/contacts.ts';
import type { Sender } from './send.service.ts';
import { serializeContact } from './serializers.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

export function registerContactLinkRoutes(
  app: HttpApp,
  options: {
    db: InboxDb;
    visibility: Visibility;
    sender: Sender;
    /** Messenger families whose identities are phone numbers (their modules say so). */
    phoneMessengers: readonly string[];
  },
): void {
  const { db, visibility } = options;
  const tags = ['contacts'];

  async function visibleIdsFor(user: StaffUser) {
    return user.role === 'admin' ? null : visibleContactIdsQuery(db, await visibility.filter(user));
  }
  /** A contact the caller may see (one of its conversations is visible), else 404 as for one that does not exist. */
  async function visibleContact(user: StaffUser, id: number) {
    const contact = await findContact(db, id, await visibleIdsFor(user));
    if (!contact) throw notFound(`Contact ${id}`);
    return contact;
  }

  app.get(
    '/api/contacts/:id/merge-suggestions',
    {
      schema: {
        tags,
        summary:
          'Contacts that are probably the same person: a shared phone number (profile or a phone-number messenger id) or an operator’s link',
        params: idParams,
      },
    },
    async (request): Promise<MergeSuggestionList> => {
      const user = currentUser(request);
      const contact = await visibleContact(user, request.params.id);
      const suggestions = await mergeSuggestions(db, contact.id, {
        phoneMessengers: options.phoneMessengers,
        visibleIds: await visibleIdsFor(user),
      });
      return { results: suggestions.map(({ contact: other, reasons }) => ({ contact: serializeContact(other), reasons })) };
    },
  );

  app.post(
    '/api/contacts/:id/links',
    {
      schema: {
        tags,
        summary: 'Say this contact and contact_id are the same person: suggested for merging to both',
        params: idParams,
        body: contactLinkBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const contact = await visibleContact(user, request.params.id);
      const other = await visibleContact(user, request.body.contact_id);
      if (contact.id === other.id) throw conflict('A contact cannot be linked to itself.', 'same_contact');
      await linkContacts(db, contact.id, other.id, user.id);
      return reply.status(204).send();
    },
  );

  app.delete(
    '/api/contacts/:id/links/:other_id',
    { schema: { tags, summary: 'Remove an operator’s link between two contacts', params: contactLinkParams } },
    async (request, reply) => {
      const user = currentUser(request);
      const contact = await visibleContact(user, request.params.id);
      const other = await visibleContact(user, request.params.other_id);
      if (!(await unlinkContacts(db, contact.id, other.id))) throw notFound(`A link between contacts ${contact.id} and ${other.id}`);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/contacts/:id/timeline',
    {
      schema: {
        tags,
        summary:
          'A contact’s messages across every conversation you may see, newest first, each with its channel; reply_chat_id is where the customer wrote last',
        params: idParams,
        querystring: contactTimelineQuery,
      },
    },
    async (request): Promise<ContactTimeline> => {
      const user = currentUser(request);
      const contact = await visibleContact(user, request.params.id);
      return contactTimeline(db, contact.id, await visibility.filter(user), request.query);
    },
  );

  app.post(
    '/api/contacts/:id/messages',
    {
      schema: {
        tags,
        summary: 'Reply to a contact through one of their conversations (chat_id), by default the one the customer wrote in last',
        params: idParams,
        body: contactSendBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const contact = await visibleContact(user, request.params.id);
      const timeline = await contactTimeline(db, contact.id, await visibility.filter(user), { limit: 1 });
      const chatId = request.body.chat_id ?? timeline.reply_chat_id;
      if (chatId === null) throw conflict(`Contact ${contact.id} has no conversation you may write in.`, 'no_conversation');
      const chat = await db.selectFrom('conversations').select('contact_id').where('id', '=', chatId).executeTakeFirst();
      if (chat?.contact_id !== contact.id)
        throw unprocessable(`Conversation ${chatId} is not one of contact ${contact.id}'s: pick one from GET /api/contacts/${contact.id}.`);
      return reply.status(201).send(await options.sender.sendToChat(user, chatId, { text: request.body.text }));
    },
  );
}
