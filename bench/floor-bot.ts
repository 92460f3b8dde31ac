// The floor of the inbound benchmark: what a developer would hand-write —
// grammY's webhookCallback on Fastify, one INSERT per update — on a fresh
// database of the same engine. Runs as a child process, like the server.
// Env: PORT, SECRET, BOT_TOKEN, and DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite).
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import Fastify from 'fastify';
import { Bot, webhookCallback } from 'grammy';
import pg from 'pg';

const env = process.env;
const schema = `CREATE TABLE IF NOT EXISTS updates (
  update_id bigint PRIMARY KEY,
  chat_id bigint NOT NULL,
  from_id bigint,
  text text,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now())`;
const insert =
  'INSERT INTO updates (update_id, chat_id, from_id, text, payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (update_id) DO NOTHING';

type Run = (text: string, values: unknown[]) => Promise<unknown>;
let run: Run;
let close: () => Promise<void>;
if (env.DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
  await pool.query(schema);
  run = (text, values) => pool.query(text, values);
  close = () => pool.end();
} else {
  const db = await PGlite.create(path.join(env.DATA_DIR!, 'pg'));
  await db.exec(schema);
  run = (text, values) => db.query(text, values);
  close = () => db.close();
}

const token = env.BOT_TOKEN!;
const bot = new Bot(token, {
  botInfo: {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'Floor',
    username: 'floor_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  },
});
bot.on('message', async (context) => {
  const message = context.message;
  await run(insert, [
    context.update.update_id,
    message.chat.id,
    message.from?.id ?? null,
    message.text ?? null,
    JSON.stringify(context.update),
  ]);
});
bot.catch((error) => process.stderr.write(`floor bot: ${String(error.error)}\n`));

const app = Fastify({ logger: false });
app.post('/webhook', webhookCallback(bot, 'fastify', { secretToken: env.SECRET }));
app.get('/api/health', async () => ({ status: 'healthy' }));
await app.listen({ port: Number(env.PORT), host: '127.0.0.1' });

process.on('SIGTERM', () => {
  void app
    .close()
    .then(close)
    .then(() => process.exit(0));
});
