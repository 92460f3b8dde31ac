// `npm run demo`: Switchboard on its own data folder, wired to the Telegram
// simulator, with a few simulated customers who write and answer replies, so
// a newcomer sees a live inbox without a bot token.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTelegramSimulator } from '../tools/telegram-sim/src/index.ts';
import { startSwitchboard } from '../server/src/main.ts';
import { loadConfig } from '../server/src/platform/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const admin = { email: 'demo@switchboard.local', password: 'demo-password' };
const botToken = '7000000001:DEMO-demo-demo-demo-demo-demo-demo-d';

const customers = [
  {
    first_name: 'Айгерим',
    last_name: 'Нурланова',
    username: 'aigerim_n',
    language_code: 'ru',
    lines: ['Здравствуйте! Можно записаться на маникюр в субботу?', 'А сколько это будет стоить?', 'Есть свободное время после обеда?'],
    thanks: 'Спасибо, жду подтверждения 🙏',
  },
  {
    first_name: 'John',
    last_name: 'Miller',
    username: 'jmiller',
    language_code: 'en',
    lines: ['Hi! Do you have a slot for a haircut tomorrow?', 'Do you take cards?', 'Where exactly are you located?'],
    thanks: 'Great, thanks!',
  },
  {
    first_name: 'Дмитрий',
    username: 'dmitry_k',
    language_code: 'ru',
    lines: ['Добрый день. Хочу перенести запись с четверга на пятницу.', 'В 15:00 подойдёт?'],
    thanks: 'Отлично, спасибо!',
  },
  {
    first_name: 'Emma',
    language_code: 'en',
    lines: ['Hello, is the salon open on Sunday?', 'Can I bring my daughter too?'],
    thanks: 'Perfect 👍',
  },
];

const dataDir = process.env.DATA_DIR ?? path.join(root, 'data-demo');
// Telegram never reuses update or message ids: the simulator keeps its sequences beside the demo's data.
const sim = await startTelegramSimulator({
  port: Number(process.env.DEMO_SIM_PORT ?? 0),
  stateFile: path.join(dataDir, 'telegram-sim-state.json'),
});
sim.createBot({ token: botToken, username: 'switchboard_demo_bot', first_name: 'Switchboard Demo' });
const config = loadConfig({
  ...process.env,
  DATA_DIR: dataDir,
  PORT: process.env.PORT ?? '3000',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  TELEGRAM_API_ROOT: sim.apiRoot,
  TELEGRAM_BOT_TOKEN: botToken,
  TELEGRAM_MODE: 'polling',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const switchboard = await startSwitchboard(config);

const users = customers.map((customer) => ({ customer, user: sim.createUser(customer), next: 0, answered: 0 }));
let turn = 0;
const writer = setInterval(() => {
  const person = users[turn++ % users.length]!;
  const line = person.customer.lines[person.next++ % person.customer.lines.length]!;
  sim.sendText(botToken, { from: person.user.id, text: line });
}, 9_000);
// Customers answer what operators send them.
const answerer = setInterval(() => {
  for (const person of users) {
    const received = sim.sentMessages(botToken, person.user.id).filter((message) => message.kind === 'text');
    if (received.length > person.answered) {
      person.answered = received.length;
      setTimeout(() => sim.sendText(botToken, { from: person.user.id, text: person.customer.thanks }), 2_500);
    }
  }
}, 1_000);
sim.sendText(botToken, { from: users[1]!.user.id, text: users[1]!.customer.lines[0]! });
users[1]!.next = 1;

process.stdout.write(
  [
    '',
    `  Switchboard demo is running: ${switchboard.url}`,
    `  Sign in as ${admin.email} / ${admin.password}`,
    `  Simulated Telegram: ${sim.url} (customers write every few seconds and answer your replies)`,
    `  API docs: ${switchboard.url}/docs    Stop: Ctrl+C`,
    '',
  ].join('\n') + '\n',
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(writer);
  clearInterval(answerer);
  await switchboard.stop();
  await sim.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
