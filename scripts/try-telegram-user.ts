// Try a personal Telegram account against real Telegram through a running
// Switchboard (nothing here has met real Telegram in our tests: see
// server/src/channels/telegram-user/README.md). Needs a test number you can
// afford to have limited, its api_id/api_hash from my.telegram.org, and an
// admin's API token:
//   SWITCHBOARD_URL=http://127.0.0.1:3000 SWITCHBOARD_TOKEN=… npm run try-telegram-user
// It connects the account (code, then the password if there is one), waits for
// the dialog import, prints incoming messages for a minute and answers the first
// one through the delivery ledger.
import readline from 'node:readline/promises';

const base = (process.env.SWITCHBOARD_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const token = process.env.SWITCHBOARD_TOKEN;
if (!token) throw new Error('Set SWITCHBOARD_TOKEN to an admin API token (profile page, or POST /api/api-token-auth/).');
const input = readline.createInterface({ input: process.stdin, output: process.stdout });

async function call(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (response.status === 204 ? {} : await response.json()) as any;
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${parsed.error?.code}: ${parsed.error?.message}`);
  return parsed;
}

const phone = await input.question('Phone number (+79991234567): ');
const apiId = Number(await input.question('api_id: '));
const apiHash = await input.question('api_hash: ');
let account = await call('POST', '/api/accounts/authenticate/', {
  name: `Try ${phone}`,
  account_type: 'user',
  phone_number: phone,
  api_id: apiId,
  api_hash: apiHash,
});
while (account.login.step !== 'done') {
  console.log(`\n${account.login.message}`);
  try {
    if (account.login.step === 'password')
      account = await call('POST', `/api/accounts/${account.id}/verify_password`, { password: await input.question('Password: ') });
    else {
      const code = await input.question('Code (or "resend"): ');
      account =
        code === 'resend'
          ? await call('POST', `/api/accounts/${account.id}/resend_code`)
          : await call('POST', `/api/accounts/${account.id}/verify_otp`, { otp_code: code });
    }
  } catch (error) {
    console.log(String(error));
  }
}
console.log(
  `\nLogged in: ${account.bot_name} (@${account.bot_username ?? '—'}), account ${account.id}. Write to this account from another Telegram account now.`,
);
const seen = new Set<number>();
let answered = false;
for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 2000))) {
  const status = await call('GET', `/api/accounts/${account.id}`);
  const messages = (await call('GET', '/api/messages?limit=20')).results.filter((message: any) => !seen.has(message.id));
  for (const message of messages.reverse()) {
    seen.add(message.id);
    console.log(
      `[${status.status}${status.status_detail ? `: ${status.status_detail}` : ''}] ${message.direction} chat ${message.chat_id}: ${message.text}`,
    );
    if (!answered && message.direction === 'in') {
      answered = true;
      await call('POST', `/api/chats/${message.chat_id}/messages`, { text: 'Switchboard got your message (test).' });
    }
  }
}
if ((await input.question('Log the account out and remove it? (y/N) ')).toLowerCase() === 'y')
  await call('DELETE', `/api/accounts/${account.id}`);
input.close();
