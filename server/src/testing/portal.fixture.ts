// Test helpers: a portal client signed in like a browser, and a Telegram link made by following the deep link.
import assert from 'node:assert/strict';
import type { Simulator, User } from '@switchboard/telegram-sim';
import { createApiClient, type ApiClient } from './api-client.ts';

export interface PortalClient {
  id: number;
  email: string;
  api: ApiClient;
  cookies: string;
  csrf: string;
}

/** Staff add a client and invite them; the client sets a password from the invitation and is signed in. */
export async function createPortalClient(
  baseUrl: string,
  staff: ApiClient,
  input: { name: string; email: string; language?: string; contact_id?: number },
): Promise<PortalClient> {
  const created = await staff.post('/api/clients', input);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const invite = await staff.post(`/api/clients/${created.body.id}/invite`);
  assert.equal(invite.status, 200, JSON.stringify(invite.body));
  const token = new URL(invite.body.invite_url).hash.replace('#token=', '');
  const response = await fetch(`${baseUrl}/api/portal/invitation/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, password: 'client-password-1' }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookies = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const { csrf_token: csrf } = (await response.json()) as { csrf_token: string };
  return { id: created.body.id, email: input.email, api: createApiClient(baseUrl, { cookies, csrf }), cookies, csrf };
}

/** Asks for a deep link as `who` and opens it in Telegram as `user`; resolves with the bot's reply. */
export async function linkTelegram(
  sim: Simulator,
  botToken: string,
  who: ApiClient,
  path: '/api/telegram/client' | '/api/telegram/user',
  user: User,
) {
  const generated = await who.post(`${path}/generate-link`);
  assert.equal(generated.status, 200, JSON.stringify(generated.body));
  const payload = new URL(generated.body.link).searchParams.get('start')!;
  sim.sendText(botToken, { from: user.id, text: `/start ${payload}` });
  return sim.waitForSent(botToken, user.id, (message) => /Готово|Дайын|Done/.test(message.text ?? ''), 10_000);
}
