// Name search (/api/chats?q=) and message search (/api/search) pick a plan by
// how many rows match (few: through the indexes; many: walking in order). Every
// plan must answer exactly what one plain query answers, visibility included.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { messageQuery } from './search-terms.ts';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`search plans on ${engine}`, () => {
    let server: TestServer;
    let db: Kysely<any>;
    let admin: ApiClient;
    let operator: ApiClient;
    let operatorId: number;
    before(async () => {
      server = await startTestServer(engine);
      db = server.switchboard.database.db;
      admin = await signInWithToken(server.url, testAdmin);
      const created = await admin.post('/api/operators', {
        name: 'Plan Operator',
        email: 'plans@example.com',
        password: 'operator-password-1',
      });
      operatorId = created.body.id;
      const { body } = await createApiClient(server.url).post('/api/api-token-auth/', {
        email: 'plans@example.com',
        password: 'operator-password-1',
      });
      operator = createApiClient(server.url, { token: body.token });
      // A stopped channel nobody polls: the chats only need one to belong to.
      const { rows } = await sql<{ id: number }>`INSERT INTO channels (kind, name, status, intake_mode, is_enabled)
        VALUES ('telegram_bot', 'Plans', 'stopped', 'forwarded', false) RETURNING id`.execute(db);
      const channelId = rows[0]!.id;
      // 620 contacts called "Common …" (more than the few-contacts plan takes), 3 "Rarename …", a group titled "Rarename group";
      // every third conversation held by another operator (hidden from ours), some never active (sorted by creation).
      await sql`INSERT INTO contacts (display_name, username, phone)
        SELECT CASE WHEN n <= 620 THEN 'Common Person ' || n ELSE 'Rarename ' || n END, 'user_' || n, '+7 700 ' || lpad(n::text, 7, '0')
        FROM generate_series(1, 623) AS n`.execute(db);
      await sql`INSERT INTO conversations (channel_id, external_chat_id, chat_type, contact_id, assigned_operator_id, last_message_at, created_at)
        SELECT ${channelId}::int, 'plan-' || contacts.id, 'private', contacts.id,
          CASE WHEN contacts.id % 3 = 0 THEN ${operatorId + 1000}::int WHEN contacts.id % 3 = 1 THEN ${operatorId}::int END,
          CASE WHEN contacts.id % 7 = 0 THEN NULL ELSE now() - make_interval(mins => (contacts.id * 37) % 1000) END,
          now() - make_interval(mins => (contacts.id * 11) % 1000)
        FROM contacts WHERE contacts.username LIKE 'user\\_%'`.execute(db);
      await sql`INSERT INTO conversations (channel_id, external_chat_id, chat_type, title, last_message_at) VALUES (${channelId}, 'plan-group', 'group', 'Rarename group', now())`.execute(
        db,
      );
      // Messages: 2,100 "needle" (more than the few-messages plan takes), 4 "rareneedle", a private note, then 5,100 others on top.
      const conversations = sql`(SELECT array_agg(id ORDER BY id) AS ids FROM conversations WHERE external_chat_id LIKE 'plan-%')`;
      const insertMessages = (count: number, text: string, kind = 'text') =>
        sql`
        INSERT INTO messages (conversation_id, direction, sender_kind, kind, text)
        SELECT pool.ids[1 + (n * 7919) % cardinality(pool.ids)], 'in', 'client', ${kind}, ${text} || ' ' || n FROM generate_series(1, ${count}) AS n, ${conversations} AS pool`.execute(
          db,
        );
      await insertMessages(2_100, 'a needle in the hay');
      await insertMessages(4, 'only a rareneedle here');
      await insertMessages(1, 'rareneedle in a private note', 'note');
      // The newest windows are read by walking back 20,000 message ids: the others start past them, so the needles
      // are found only by the plan for older matches.
      await sql`SELECT setval(pg_get_serial_sequence('messages', 'id'), (SELECT max(id) FROM messages) + 25000)`.execute(db);
      await insertMessages(5_100, 'plain hay');
    });
    after(() => server.stop());

    /** Every page of a list, followed by next_cursor. */
    async function allChats(client: ApiClient, q: string): Promise<number[]> {
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const response: any = await client.get(`/api/chats?limit=200&q=${encodeURIComponent(q)}${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(response.status, 200);
        ids.push(...response.body.results.map((chat: any) => chat.id));
        cursor = response.body.next_cursor;
      } while (cursor);
      return ids;
    }

    async function expectedChats(q: string, visibleTo: number | null): Promise<number[]> {
      const visible =
        visibleTo === null
          ? sql`true`
          : sql`(conversations.assigned_operator_id = ${visibleTo} OR conversations.assigned_operator_id IS NULL)`;
      const pattern = `%${q}%`;
      const { rows } = await sql<{
        id: number;
      }>`SELECT conversations.id FROM conversations LEFT JOIN contacts ON contacts.id = conversations.contact_id
        WHERE ${visible} AND (contacts.display_name ILIKE ${pattern} OR contacts.username ILIKE ${pattern} OR conversations.title ILIKE ${pattern} OR contacts.phone ILIKE ${pattern})
        ORDER BY coalesce(conversations.last_message_at, conversations.created_at) DESC, conversations.id DESC`.execute(db);
      return rows.map((row) => row.id);
    }

    test('the conversation list finds the same chats, in the same order, for a common and a rare name', async () => {
      for (const q of ['Common', 'Rarename', 'user_61', '700 0000', 'nobody-has-this']) {
        const forAdmin = await expectedChats(q, null);
        assert.deepEqual(await allChats(admin, q), forAdmin, `admin, q=${q}`);
        assert.deepEqual(await allChats(operator, q), await expectedChats(q, operatorId), `operator, q=${q}`);
      }
      assert.ok((await expectedChats('Common', null)).length > 600, 'the common term takes the many-contacts plan');
      assert.ok(
        (await expectedChats('Rarename', null)).includes(
          (await sql<{ id: number }>`SELECT id FROM conversations WHERE title = 'Rarename group'`.execute(db)).rows[0]!.id,
        ),
      );
    });

    async function expectedMessages(q: string, visibleTo: number | null, limit: number): Promise<number[]> {
      const visible =
        visibleTo === null
          ? sql`true`
          : sql`(conversations.assigned_operator_id = ${visibleTo} OR conversations.assigned_operator_id IS NULL)`;
      const { rows } = await sql<{
        id: number;
      }>`SELECT messages.id FROM messages JOIN conversations ON conversations.id = messages.conversation_id
        WHERE ${visible} AND messages.kind <> 'note'
          AND messages.search_words @@ ${messageQuery(q)!}
        ORDER BY messages.id DESC LIMIT ${limit}`.execute(db);
      return rows.map((row) => Number(row.id));
    }

    test('message search answers what one plain query answers, whichever window it reads', async () => {
      // "hay": the newest messages hold a page; "needle": many matches, all older than the newest window;
      // "rareneedle": a few old matches; the note never shows.
      for (const q of ['hay', 'needle', 'rareneedle', 'nothing-matches-this']) {
        for (const [client, visibleTo] of [
          [admin, null],
          [operator, operatorId],
        ] as const) {
          const response = await client.get(`/api/search?q=${encodeURIComponent(q)}&limit=50`);
          assert.equal(response.status, 200);
          assert.deepEqual(
            response.body.messages.map((message: any) => message.id),
            await expectedMessages(q, visibleTo, 50),
            `${visibleTo === null ? 'admin' : 'operator'}, q=${q}`,
          );
        }
      }
      assert.equal((await expectedMessages('rareneedle', null, 50)).length, 4);
    });
  });
}
