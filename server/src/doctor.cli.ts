// `npm run cli -- doctor`, the part that needs the running server and an admin: each bot's token and
// webhook, the WebSocket, an upload round trip and the job queue (seed 002's test_setup.py, and more).
// Every failure says what to do about it.

export type Verdict = 'pass' | 'fail' | 'warn';
export interface CheckResult {
  name: string;
  verdict: Verdict;
  detail: string;
}

interface Account {
  id: number;
  name: string;
  kind: string;
  status: string;
  status_detail: string | null;
  intake_mode: string;
  is_enabled: boolean;
}

// 1×1 transparent PNG: small, and a type every install accepts.
const probePng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The message of the API's one error shape, `{ error: { code, message } }`. */
function problemOf(body: unknown, status: number): string {
  const problem = body as { error?: { message?: string } } | null;
  return problem?.error?.message ?? `HTTP ${status}`;
}

export async function serverChecks(url: string, token: string): Promise<CheckResult[]> {
  const call = async (method: string, path: string, body?: FormData, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      body,
      headers: { authorization: `Token ${token}`, ...headers },
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, body: await response.json().catch((): unknown => null) };
  };
  const results: CheckResult[] = [];
  for (const check of [() => checkAccounts(call), () => checkWebSocket(url, token), () => checkUpload(call), () => checkJobs(call)]) {
    try {
      results.push(...(await check()));
    } catch (error) {
      results.push({ name: 'server', verdict: 'fail', detail: `${(error as Error).message}; is the server still running?` });
    }
  }
  return results;
}

type Call = (method: string, path: string, body?: FormData, headers?: Record<string, string>) => Promise<{ status: number; body: unknown }>;

async function checkAccounts(call: Call): Promise<CheckResult[]> {
  const list = await call('GET', '/api/accounts');
  if (list.status !== 200)
    return [{ name: 'accounts', verdict: 'fail', detail: `GET /api/accounts: ${problemOf(list.body, list.status)}` }];
  const accounts = (list.body as { results: Account[] }).results;
  if (accounts.length === 0)
    return [
      {
        name: 'accounts',
        verdict: 'warn',
        detail: 'no messenger account is connected: add a bot in Settings → Messengers (or set TELEGRAM_BOT_TOKEN)',
      },
    ];
  const results: CheckResult[] = [];
  for (const account of accounts) {
    const label = `bot "${account.name}" (#${account.id})`;
    if (!account.is_enabled) {
      results.push({ name: 'bot token', verdict: 'warn', detail: `${label} is switched off; switch it on in Settings → Messengers` });
      continue;
    }
    const test = await call('POST', `/api/accounts/${account.id}/test`);
    if (test.status === 200) {
      const bot = (test.body as { bot: { username: string | null } }).bot;
      results.push({ name: 'bot token', verdict: 'pass', detail: `${label}: the platform knows it as @${bot.username}` });
    } else {
      results.push({
        name: 'bot token',
        verdict: 'fail',
        detail: `${label}: the platform refused the token (${problemOf(test.body, test.status)}). Get a new token where the bot was made (Settings → Messengers says where) and paste it there, or PATCH /api/accounts/${account.id} with it`,
      });
      continue;
    }
    results.push(await checkWebhook(call, account, label));
    if (account.status === 'error')
      results.push({
        name: 'bot intake',
        verdict: 'fail',
        detail: `${label}: ${account.status_detail ?? 'intake reports an error'}. Fix the cause, then restart its intake: POST /api/system/control (or restart the server)`,
      });
  }
  return results;
}

async function checkWebhook(call: Call, account: Account, label: string): Promise<CheckResult> {
  const info = await call('GET', `/api/accounts/${account.id}/webhook`);
  if (info.status === 422) return { name: 'bot webhook', verdict: 'pass', detail: `${label}: this kind of account has no webhook` };
  if (info.status !== 200)
    return {
      name: 'bot webhook',
      verdict: 'fail',
      detail: `${label}: the webhook could not be read (${problemOf(info.body, info.status)})`,
    };
  const webhook = info.body as { url: string; pending_update_count: number; last_error_message?: string };
  if (account.intake_mode === 'polling') {
    if (webhook.url)
      return {
        name: 'bot webhook',
        verdict: 'fail',
        detail: `${label} polls for updates, but a webhook is set at ${webhook.url}, so the platform refuses to hand them out. Delete it: DELETE /api/accounts/${account.id}/webhook (or switch the bot to webhook mode in Settings → Messengers)`,
      };
    return { name: 'bot webhook', verdict: 'pass', detail: `${label}: polling, no webhook in the way` };
  }
  if (!webhook.url)
    return {
      name: 'bot webhook',
      verdict: 'fail',
      detail: `${label} waits for a webhook, but none is set. Set PUBLIC_URL and run POST /api/accounts/${account.id}/webhook (or npm run cli -- webhook set)`,
    };
  if (webhook.last_error_message)
    return {
      name: 'bot webhook',
      verdict: 'fail',
      detail: `${label}: the platform cannot deliver to ${webhook.url}: "${webhook.last_error_message}" (${webhook.pending_update_count} updates waiting). Check that PUBLIC_URL answers from the internet over https with a valid certificate`,
    };
  return {
    name: 'bot webhook',
    verdict: 'pass',
    detail: `${label}: webhook ${webhook.url}, ${webhook.pending_update_count} updates waiting`,
  };
}

async function checkWebSocket(url: string, token: string): Promise<CheckResult[]> {
  const address = `${url.replace(/^http/, 'ws')}/ws/messages?token=${encodeURIComponent(token)}`;
  const shown = `${url.replace(/^http/, 'ws')}/ws/messages`;
  const outcome = await new Promise<string | null>((resolve) => {
    const socket = new WebSocket(address);
    const timer = setTimeout(() => finish('no "ready" frame within 10 s'), 10_000);
    function finish(problem: string | null) {
      clearTimeout(timer);
      socket.close();
      resolve(problem);
    }
    socket.addEventListener('message', (event) => {
      if ((JSON.parse(String(event.data)) as { type?: string }).type === 'ready') finish(null);
    });
    socket.addEventListener('error', () => finish('the connection failed'));
    socket.addEventListener('close', (event) => finish(`closed with ${event.code} ${event.reason}`));
  });
  return [
    outcome === null
      ? { name: 'websocket', verdict: 'pass', detail: `${shown} signs in and sends "ready"` }
      : {
          name: 'websocket',
          verdict: 'fail',
          detail: `${shown}: ${outcome}. Behind a reverse proxy, pass the Upgrade and Connection headers through (the Caddyfile does)`,
        },
  ];
}

async function checkUpload(call: Call): Promise<CheckResult[]> {
  const form = new FormData();
  form.append('file', new Blob([probePng], { type: 'image/png' }), 'doctor-probe.png');
  const upload = await call('POST', '/api/upload', form);
  const stored = upload.body as { mime_type?: string; size?: number } | null;
  if (upload.status === 201 && stored?.mime_type === 'image/png' && stored.size === probePng.length)
    return [{ name: 'upload', verdict: 'pass', detail: `a ${probePng.length}-byte PNG went in and came back as stored` }];
  return [
    {
      name: 'upload',
      verdict: 'fail',
      detail: `POST /api/upload: ${upload.status === 201 ? `stored as ${JSON.stringify(stored)}` : problemOf(upload.body, upload.status)}. Check that the media folder (MEDIA_DIR, default DATA_DIR/media) is writable and has free space`,
    },
  ];
}

async function checkJobs(call: Call): Promise<CheckResult[]> {
  const status = await call('GET', '/api/system/status');
  if (status.status !== 200)
    return [{ name: 'job queue', verdict: 'fail', detail: `GET /api/system/status: ${problemOf(status.body, status.status)}` }];
  const system = status.body as {
    queues: Array<{ name: string; queued: number; active: number }>;
    workers: Array<{ name: string; last_beat: string; healthy: boolean }>;
  };
  const results: CheckResult[] = [];
  results.push(
    system.queues.length > 0
      ? {
          name: 'job queue',
          verdict: 'pass',
          detail: `${system.queues.length} queues, ${system.queues.reduce((sum, queue) => sum + queue.queued, 0)} jobs waiting`,
        }
      : {
          name: 'job queue',
          verdict: 'fail',
          detail: 'the job queue has no queues: the server did not finish starting. Read its log from the start, then restart it',
        },
  );
  for (const worker of system.workers.filter((item) => !item.healthy))
    results.push({
      name: 'workers',
      verdict: 'fail',
      detail: `${worker.name} has been silent since ${worker.last_beat}: restart the server; if it happens again, look for ${worker.name} errors in its log`,
    });
  if (system.workers.every((item) => item.healthy))
    results.push({ name: 'workers', verdict: 'pass', detail: `${system.workers.map((item) => item.name).join(', ') || 'none'} beating` });
  return results;
}
