// A dispatcher in a process of its own, for delivery-crash.test.ts to kill -9
// mid-run. Reads its database, the simulator and its limits from the environment.
import { createHeartbeats, registerInstance } from '../platform/index.ts';
import { createDelivery } from '../delivery/index.ts';
import { botChannel, channelDirectory, openTestDatabase, quietLogger, simulatorSender, rateLimitsFor } from './simulated-bot.fixture.ts';

const env = process.env;
const database = await openTestDatabase({ dataDir: env.DATA_DIR!, databaseUrl: env.DATABASE_URL || undefined });
const logger = quietLogger();
const heartbeats = createHeartbeats();
const instance = await registerInstance({ db: database.db, logger, heartbeats, beatMs: 250 });
const channel = botChannel(Number(env.CHANNEL_ID), env.BOT_TOKEN!);
const delivery = createDelivery({
  db: database.db,
  instanceId: instance.id,
  logger,
  heartbeats,
  channels: channelDirectory([channel]),
  send: simulatorSender(env.API_ROOT!),
  rateLimitsFor,
  limits: JSON.parse(env.DELIVERY_LIMITS ?? '{}'),
});
await delivery.start();
process.stdout.write(`started ${instance.id}\n`);
