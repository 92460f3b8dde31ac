// Bulk seeding of the real inbox schema with set-based SQL (generate_series):
// contacts with Telegram identities, one private conversation each, and their
// messages interleaved in time, as a long-running inbox accumulates them.
import type { Query } from './databases.ts';

export const firstNames = [
  'Айгерим',
  'Dana',
  'Иван',
  'Asel',
  'Мария',
  'Nurlan',
  'Ольга',
  'Timur',
  'Алексей',
  'Zhanna',
  'Sergey',
  'Камила',
  'Ержан',
  'Anna',
  'Дмитрий',
  'Madina',
  'Павел',
  'Alua',
  'Наталья',
  'Arman',
];
export const lastNames = [
  'Нурланова',
  'Smith',
  'Петров',
  'Ivanova',
  'Ким',
  'Abenov',
  'Сидорова',
  'Lee',
  'Орлов',
  'Bekova',
  'Жумабаев',
  'Brown',
  'Волкова',
  'Omarov',
  'Попов',
  'Seitkali',
  'Лебедева',
  'Garcia',
  'Козлов',
  'Tulegenova',
];
const texts = [
  'Здравствуйте! Можно записаться на завтра?',
  'Hello, is my order ready?',
  'Спасибо, всё получила',
  'Сколько стоит консультация?',
  'Can I move my appointment to Friday at 15:00?',
  'Добрый день, подскажите адрес филиала',
  'Ваша запись подтверждена на 12:30',
  'Where can I download the invoice?',
  'Счёт отправлен на почту, проверьте пожалуйста',
  'Мы перезвоним вам в течение часа',
];

export const sqlArray = (values: string[]) => `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(',')}]`;

/** Seeds `conversations` conversations with `perConversation` messages each into channel `channelId`; returns ms per step. */
export async function seedInbox(
  query: Query,
  options: {
    channelId: number;
    conversations: number;
    perConversation: number;
    operatorIds: number[];
    /** SQL for a message's text over `c` (its conversation) and `k` (1…perConversation); the default repeats ten short texts. */
    messageText?: (contactBase: number) => string;
  },
) {
  const timings: Record<string, number> = {};
  const step = async (name: string, text: string) => {
    const startedAt = Date.now();
    await query(text);
    timings[name] = Date.now() - startedAt;
  };
  const n = options.conversations;
  const [{ base }] = (await query<{ base: number }>('SELECT coalesce(max(id), 0)::int AS base FROM contacts')) as [{ base: number }];
  const [{ conversationBase }] = (await query<{ conversationBase: number }>(
    'SELECT coalesce(max(id), 0)::int AS "conversationBase" FROM conversations',
  )) as [{ conversationBase: number }];
  const operators = options.operatorIds.length > 0 ? `ARRAY[${options.operatorIds.join(',')}]::int[]` : `ARRAY[]::int[]`;
  const operatorCount = Math.max(1, options.operatorIds.length);
  await step(
    'contacts',
    `INSERT INTO contacts (id, display_name, first_name, last_name, username, phone, language_code, created_at, updated_at)
     SELECT ${base} + n, f || ' ' || l, f, l, 'client_' || n, '+7 70' || lpad((n::bigint * 7919 % 10000000)::text, 7, '0'),
       CASE WHEN n % 3 = 0 THEN 'en' ELSE 'ru' END, now() - interval '120 days', now() - interval '120 days'
     FROM generate_series(1, ${n}) AS n,
       LATERAL (SELECT (${sqlArray(firstNames)})[1 + n % ${firstNames.length}] AS f, (${sqlArray(lastNames)})[1 + (n / ${firstNames.length}) % ${lastNames.length}] AS l) AS name`,
  );
  await step(
    'contact_identities',
    `INSERT INTO contact_identities (contact_id, messenger, external_id, username)
     SELECT ${base} + n, 'telegram', (6000000000 + n)::text, 'client_' || n FROM generate_series(1, ${n}) AS n`,
  );
  // Conversation c was last active minutes to 90 days ago; most are assigned round robin, every fifth waits in the queue.
  await step(
    'conversations',
    `INSERT INTO conversations (id, channel_id, external_chat_id, topic_id, chat_type, contact_id, status, assigned_operator_id,
       messages_in, messages_out, last_message_at, last_message_direction, first_message_at, created_at, updated_at)
     SELECT ${conversationBase} + n, ${options.channelId}, (6000000000 + n)::text, '', 'private', ${base} + n, 'open',
       CASE WHEN n % 5 = 0 OR cardinality(${operators}) = 0 THEN NULL ELSE (${operators})[1 + n % ${operatorCount}] END,
       ${Math.ceil(options.perConversation / 2)}, ${Math.floor(options.perConversation / 2)},
       last_at, 'in', last_at - make_interval(mins => ${options.perConversation * 7}), last_at - make_interval(mins => ${options.perConversation * 7}), last_at
     FROM generate_series(1, ${n}) AS n,
       LATERAL (SELECT now() - make_interval(secs => ((n::bigint * 104729) % 7776000)) AS last_at) AS t`,
  );
  // Messages in time order, so each conversation's rows spread over the table as they would.
  await step(
    'messages',
    `INSERT INTO messages (conversation_id, direction, sender_kind, sender_contact_id, sender_name, kind, text, external_message_id, status, read_at, sent_at, created_at)
     SELECT c.id, d.direction, CASE WHEN d.direction = 'in' THEN 'client' ELSE 'admin' END,
       CASE WHEN d.direction = 'in' THEN c.contact_id END, CASE WHEN d.direction = 'in' THEN 'Client' ELSE 'Operator' END,
       'text', ${options.messageText ? options.messageText(base) : `(${sqlArray(texts)})[1 + (c.id + k) % ${texts.length}] || ' #' || k`}, k::text,
       CASE WHEN d.direction = 'out' THEN 'sent' END, CASE WHEN d.direction = 'in' AND k < ${options.perConversation} THEN c.last_message_at END,
       c.last_message_at - make_interval(mins => (${options.perConversation} - k) * 7), c.last_message_at - make_interval(mins => (${options.perConversation} - k) * 7)
     FROM conversations c
       CROSS JOIN generate_series(1, ${options.perConversation}) AS k
       CROSS JOIN LATERAL (SELECT CASE WHEN (${options.perConversation} - k) % 2 = 0 THEN 'in' ELSE 'out' END AS direction) AS d
     WHERE c.id > ${conversationBase} AND c.id <= ${conversationBase + n}
     ORDER BY c.last_message_at - make_interval(mins => (${options.perConversation} - k) * 7)`,
  );
  await step(
    'conversation_summary',
    `UPDATE conversations c SET last_message_id = m.id, last_message_preview = left(m.text, 100), messages_in = 1
     FROM (SELECT DISTINCT ON (conversation_id) conversation_id, id, text FROM messages
           WHERE conversation_id > ${conversationBase} AND conversation_id <= ${conversationBase + n}
           ORDER BY conversation_id, id DESC) AS m
     WHERE c.id = m.conversation_id`,
  );
  await step('contact_sequence', `SELECT setval(pg_get_serial_sequence('contacts', 'id'), (SELECT max(id) FROM contacts))`);
  await step('conversation_sequence', `SELECT setval(pg_get_serial_sequence('conversations', 'id'), (SELECT max(id) FROM conversations))`);
  await step('analyze', 'VACUUM ANALYZE');
  return { timings, contactBase: base, conversationBase };
}

/** Size of each inbox table with its indexes, in MB. */
export async function tableSizes(query: Query) {
  const tables = await query<{ table: string; rows: number; table_mb: number; indexes_mb: number; total_mb: number }>(
    `SELECT relname AS table, n_live_tup::bigint AS rows,
       round(pg_table_size(relid) / 1048576.0, 1)::float AS table_mb,
       round(pg_indexes_size(relid) / 1048576.0, 1)::float AS indexes_mb,
       round(pg_total_relation_size(relid) / 1048576.0, 1)::float AS total_mb
     FROM pg_stat_user_tables WHERE relname IN ('contacts', 'contact_identities', 'conversations', 'messages') ORDER BY relname`,
  );
  const indexes = await query<{ index: string; table: string; mb: number }>(
    `SELECT indexrelname AS index, relname AS table, round(pg_relation_size(indexrelid) / 1048576.0, 1)::float AS mb
     FROM pg_stat_user_indexes WHERE relname IN ('contacts', 'contact_identities', 'conversations', 'messages') ORDER BY relname, indexrelname`,
  );
  return { tables: tables.map((row) => ({ ...row, rows: Number(row.rows) })), indexes };
}
