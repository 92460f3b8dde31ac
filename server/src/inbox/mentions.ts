// @mentions in private notes (issue 26). The web app offers the colleagues who may see the conversation
// (GET /api/chats/:id/mentionable) and sends their ids with the note; each gets a `mention` event
// addressed to them alone. Naming someone who may not see the conversation refuses the whole note:
// a mention must never tell anyone a conversation exists that isolation hides from them.
import { idParams, type Mentionable } from '@switchboard/contract';
import { currentUser, unprocessable, type HttpApp, type StaffUser } from '../platform/index.ts';
import { getChat } from './chats.service.ts';
import type { ChatJson } from './serializers.ts';
import type { EventDraft } from './events.ts';
import type { InboxDb } from './tables.ts';
import type { Visibility } from './visibility.ts';

function activeStaff(db: InboxDb) {
  return db
    .selectFrom('staff_users')
    .select(['id', 'name', 'email', 'role', 'is_active', 'language'])
    .where('is_active', '=', true)
    .where('role', 'in', ['admin', 'operator'])
    .orderBy('name');
}

/** The colleagues (not the author) who may see this conversation now. */
export async function mentionable(
  db: InboxDb,
  visibility: Visibility,
  author: StaffUser,
  chat: Pick<ChatJson, 'assigned_operator_id' | 'team_id'>,
) {
  await visibility.policy();
  const staff: StaffUser[] = await activeStaff(db).where('id', '!=', author.id).execute();
  return staff.filter((person) =>
    visibility.canSee(person, { assignedOperatorId: chat.assigned_operator_id, teamId: chat.team_id ?? null }),
  );
}

/** The people a note mentions, each allowed to see the conversation; otherwise a 422 naming who is not. */
export async function checkMentions(
  db: InboxDb,
  visibility: Visibility,
  author: StaffUser,
  chat: Pick<ChatJson, 'id' | 'assigned_operator_id'>,
  ids: readonly number[] | undefined,
): Promise<StaffUser[]> {
  const wanted = [...new Set(ids ?? [])].filter((id) => id !== author.id);
  if (wanted.length === 0) return [];
  const allowed = new Map((await mentionable(db, visibility, author, chat)).map((person) => [person.id, person]));
  const refused = wanted.filter((id) => !allowed.has(id));
  if (refused.length > 0)
    throw unprocessable(
      `Staff user ${refused.join(', ')} cannot see chat ${chat.id} (or does not exist): assign it to them first, or leave them out of "mentions".`,
      'cannot_mention',
    );
  return wanted.map((id) => allowed.get(id)!);
}

/** One `mention` event per person, addressed to them alone (`userId`), recorded with the note. */
export function mentionEvents(people: StaffUser[], note: { id: number; text: string }, chatId: number, by: StaffUser): EventDraft[] {
  return people.map((person) => ({
    type: 'mention',
    userId: person.id,
    payload: { chat_id: chatId, message_id: note.id, by: by.name || by.email, text: note.text.slice(0, 300) },
  }));
}

export function registerMentionRoutes(app: HttpApp, options: { db: InboxDb; visibility: Visibility }): void {
  const { db, visibility } = options;
  app.get(
    '/api/chats/:id/mentionable',
    {
      schema: {
        tags: ['inbox'],
        summary: 'Colleagues who may see the conversation, so a private note may @mention them',
        params: idParams,
      },
    },
    async (request): Promise<{ results: Mentionable[] }> => {
      const user = currentUser(request);
      const chat = await getChat(db, visibility, user, request.params.id);
      const people = await mentionable(db, visibility, user, chat);
      return { results: people.map((person) => ({ id: person.id, name: person.name || person.email })) };
    },
  );
}
