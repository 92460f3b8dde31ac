// GET /api/search (issue 27): newest first with pages, relevance on request, words by stem, word beginnings,
// phrases, a phone and a username, and an operator sees only the conversations they may.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { createApiClient, signInWithToken, type ApiClient } from '../testing/api-client.ts';
import { startTestServer, testAdmin, testEngines, type TestServer } from '../testing/harness.ts';

for (const engine of testEngines()) {
  describe(`search on ${engine}`, () => {
    let server: TestServer;
    let db: Kysely<any>;
    let admin: ApiClient;
    let operator: ApiClient;
    /** Conversation ids: the operator's, the shared queue's, another operator's. */
    const chats = { own: 0, queue: 0, hidden: 0 };

    before(async () => {
      server = await startTestServer(engine);
      db = server.switchboard.database.db;
      admin = await signInWithToken(server.url, testAdmin);
      const created = await admin.post('/api/operators', {
        name: 'Search Operator',
        email: 'search@example.com',
        password: 'operator-password-1',
      });
      const { body } = await createApiClient(server.url).post('/api/api-token-auth/', {
        email: 'search@example.com',
        password: 'operator-password-1',
      });
      operator = createApiClient(server.url, { token: body.token });
      const other = await admin.post('/api/operators', {
        name: 'Other Operator',
        email: 'other@example.com',
        password: 'operator-password-1',
      });
      const { rows: channels } = await sql<{ id: number }>`INSERT INTO channels (kind, name, status, intake_mode, is_enabled)
        VALUES ('telegram_bot', 'Search', 'stopped', 'forwarded', false) RETURNING id`.execute(db);
      const chat = async (name: string, username: string, phone: string, assigned: number | null) => {
        const { rows: contacts } = await sql<{ id: number }>`INSERT INTO contacts (display_name, username, phone)
          VALUES (${name}, ${username}, ${phone}) RETURNING id`.execute(db);
        const { rows } = await sql<{
          id: number;
        }>`INSERT INTO conversations (channel_id, external_chat_id, chat_type, contact_id, assigned_operator_id)
          VALUES (${channels[0]!.id}, ${`search-${username}`}, 'private', ${contacts[0]!.id}, ${assigned}) RETURNING id`.execute(db);
        return rows[0]!.id;
      };
      chats.own = await chat('Айгерим Нурланова', 'aigerim_n', '+7 701 555 1234', created.body.id);
      chats.queue = await chat('Dana Smith', 'dana_smith', '+7 702 000 4242', null);
      chats.hidden = await chat('Секретный Клиент', 'secret_client', '+7 777 999 0000', other.body.id);
    });
    after(() => server.stop());

    /** Inserts messages in order (ids grow with each); returns their ids. */
    async function say(conversation: number, ...texts: string[]): Promise<number[]> {
      const ids: number[] = [];
      for (const text of texts) {
        const { rows } = await sql<{ id: number }>`INSERT INTO messages (conversation_id, direction, sender_kind, kind, text)
          VALUES (${conversation}, 'in', 'client', 'text', ${text}) RETURNING id`.execute(db);
        ids.push(Number(rows[0]!.id));
      }
      return ids;
    }

    const search = async (client: ApiClient, q: string, extra = '') => {
      const response = await client.get(`/api/search?q=${encodeURIComponent(q)}${extra}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const texts = (body: any): string[] => body.messages.map((message: any) => message.text);

    test('newest first, a page at a time through next_cursor, until there are no more', async () => {
      const ids = await say(chats.queue, ...Array.from({ length: 7 }, (_, n) => `Пирог с яблоками номер ${n}`));
      const seen: number[] = [];
      let cursor = '';
      for (let page = 0; page < 5; page++) {
        const body = await search(admin, 'пирог', `&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        seen.push(...body.messages.map((message: any) => message.id));
        if (page > 0) assert.deepEqual(body.contacts, [], 'contacts come with the first page only');
        if (!body.next_cursor) break;
        cursor = body.next_cursor;
      }
      assert.deepEqual(seen, [...ids].reverse());
      const tampered = await admin.get(`/api/search?q=pie&cursor=${encodeURIComponent(`${cursor.slice(0, -2)}xx`)}`);
      assert.equal(tampered.status, 400);
      assert.equal(tampered.body.error.code, 'invalid_cursor');
    });

    test('order=relevance ranks the densest match first; it has one page', async () => {
      await say(
        chats.queue,
        'Quarterly invoice attached',
        'Invoice, invoice, invoice: please pay the invoice',
        'Something else about an invoice',
      );
      const newest = await search(admin, 'invoice');
      assert.equal(newest.messages[0].text, 'Something else about an invoice');
      const relevant = await search(admin, 'invoice', '&order=relevance');
      assert.equal(relevant.messages[0].text, 'Invoice, invoice, invoice: please pay the invoice');
      assert.equal(relevant.messages.length, 3);
      assert.equal(relevant.next_cursor, null);
      const paged = await admin.get(`/api/search?q=invoice&order=relevance&cursor=${encodeURIComponent(newest.next_cursor ?? 'x.y')}`);
      assert.equal(paged.status, 400);
      const wrongOrder = await admin.get('/api/search?q=invoice&order=oldest');
      assert.equal(wrongOrder.status, 400);
    });

    test('words by their Russian and English stems, word beginnings, and quoted phrases', async () => {
      await say(
        chats.queue,
        'Ваша запись подтверждена на пятницу',
        'Мы хотим отменить подписку',
        'Подскажите адрес филиала на Абая',
        'Филиала нет, адрес другой',
        'The deliveries were late again',
        'I would like to cancel my subscription',
      );
      assert.deepEqual(texts(await search(admin, 'подписки')), ['Мы хотим отменить подписку'], 'Russian stem');
      assert.deepEqual(texts(await search(admin, 'delivery')), ['The deliveries were late again'], 'English stem');
      assert.deepEqual(texts(await search(admin, 'подтвер')), ['Ваша запись подтверждена на пятницу'], 'a word beginning');
      assert.deepEqual(texts(await search(admin, 'subscr')), ['I would like to cancel my subscription'], 'an English beginning');
      assert.deepEqual(texts(await search(admin, '"адрес филиала"')), ['Подскажите адрес филиала на Абая'], 'a phrase');
      assert.deepEqual(texts(await search(admin, 'филиала адрес')).length, 2, 'words without quotes, in any order');
      assert.deepEqual(texts(await search(admin, 'ubscript')), [], 'the inside of a word is not a beginning');
      assert.deepEqual(texts(await search(admin, '!!! ???')), [], 'no word to look for');
    });

    test('a phone number and a username, in messages and in contacts', async () => {
      await say(chats.queue, 'Мой номер +77025554433, перезвоните', 'Пишите в телеграм @dana_backup');
      assert.deepEqual(texts(await search(admin, '+7 702 555 44 33')), ['Мой номер +77025554433, перезвоните'], 'typed in pieces');
      assert.deepEqual(texts(await search(admin, '+77025554433')), ['Мой номер +77025554433, перезвоните'], 'typed in one');
      assert.deepEqual(texts(await search(admin, '@dana_backup')), ['Пишите в телеграм @dana_backup']);
      const byPhone = await search(admin, '702 000 4242');
      assert.deepEqual(
        byPhone.contacts.map((contact: any) => contact.username),
        ['dana_smith'],
      );
      const byUsername = await search(admin, '@aigerim_n');
      assert.deepEqual(
        byUsername.contacts.map((contact: any) => contact.display_name),
        ['Айгерим Нурланова'],
      );
    });

    test('an operator finds only messages and contacts of conversations they may see', async () => {
      await say(chats.own, 'Секретное слово пароль один');
      await say(chats.queue, 'Секретное слово пароль два');
      await say(chats.hidden, 'Секретное слово пароль три');
      await say(chats.hidden, 'Секретное слово пароль четыре');
      assert.equal(texts(await search(admin, 'пароль')).length, 4);
      assert.deepEqual(texts(await search(operator, 'пароль')), ['Секретное слово пароль два', 'Секретное слово пароль один']);
      const paged = await search(operator, 'пароль', '&limit=1');
      assert.deepEqual(texts(paged), ['Секретное слово пароль два']);
      const rest = await search(operator, 'пароль', `&limit=1&cursor=${encodeURIComponent(paged.next_cursor)}`);
      assert.deepEqual(texts(rest), ['Секретное слово пароль один']);
      assert.equal(rest.next_cursor, null);
      assert.deepEqual(
        texts(await search(operator, 'пароль', '&order=relevance')).sort(),
        ['Секретное слово пароль два', 'Секретное слово пароль один'].sort(),
      );
      assert.deepEqual((await search(operator, 'Секретный')).contacts, [], 'the hidden contact');
      assert.equal((await search(admin, 'Секретный')).contacts.length, 1);
      await say(chats.queue, 'A private note about the пароль');
      await sql`UPDATE messages SET kind = 'note' WHERE text = 'A private note about the пароль'`.execute(db);
      assert.equal(texts(await search(admin, 'пароль')).length, 4, 'notes are never searched');
    });
  });
}
