// Instagram API with Instagram Login on graph.instagram.com: send messages (24-hour window, seven
// days with the HUMAN_AGENT tag), refresh the 60-day token, read the account (/me).
import type { FakeClock } from './clock.ts';
import { GraphError, expiredToken, invalidParameter, invalidToken, unknownObject } from './graph-error.ts';
import type { GraphRequest } from './whatsapp-routes.ts';
import { newInstagramMid, newToken, windowKey, type InstagramAccount, type MetaWorld } from './meta-world.ts';

type Json = Record<string, unknown>;

export const INSTAGRAM_WINDOW_MS = 24 * 3600_000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;
export const LONG_LIVED_TOKEN_SECONDS = 60 * 86_400;
export const MIN_REFRESH_AGE_MS = 24 * 3600_000;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface InstagramContext {
  world: MetaWorld;
  clock: FakeClock;
}

export function issueInstagramToken(context: InstagramContext, accountId: string, issuedAt = context.clock.now()): string {
  const token = newToken('IGAA');
  context.world.instagramTokens.set(token, { accountId, issuedAt, expiresAt: issuedAt + LONG_LIVED_TOKEN_SECONDS * 1000 });
  return token;
}

function authenticate(context: InstagramContext, token: string | null): InstagramAccount {
  const grant = token ? context.world.instagramTokens.get(token) : undefined;
  if (!grant) throw invalidToken();
  if (grant.expiresAt <= context.clock.now()) throw expiredToken(grant.expiresAt, context.clock.now());
  return context.world.instagramAccounts.get(grant.accountId)!;
}

function validateMessage(message: Json): void {
  const hasText = typeof message.text === 'string';
  if (hasText === isObject(message.attachment)) throw invalidParameter('Message must contain exactly one of text or attachment');
  if (hasText && ([...(message.text as string)].length < 1 || [...(message.text as string)].length > 1000)) {
    throw invalidParameter('Length of param message[text] must be less than or equal to 1000');
  }
  if (isObject(message.attachment)) {
    const attachment = message.attachment;
    const types = ['image', 'video', 'audio', 'file', 'like_heart', 'MEDIA_SHARE', 'template'];
    if (typeof attachment.type !== 'string' || !types.includes(attachment.type))
      throw invalidParameter(
        'param message[attachment][type] must be one of {image, video, audio, file, like_heart, MEDIA_SHARE, template}',
      );
    const payload = isObject(attachment.payload) ? attachment.payload : {};
    if (
      ['image', 'video', 'audio', 'file'].includes(attachment.type) &&
      typeof payload.url !== 'string' &&
      typeof payload.attachment_id !== 'string'
    ) {
      throw invalidParameter('param message[attachment][payload][url] is required');
    }
  }
  if (message.quick_replies !== undefined) {
    const replies = message.quick_replies;
    if (!Array.isArray(replies) || replies.length < 1 || replies.length > 13)
      throw invalidParameter('param message[quick_replies] must have between 1 and 13 items');
    for (const reply of replies as unknown[]) {
      if (!isObject(reply) || reply.content_type !== 'text')
        throw invalidParameter("param message[quick_replies][0][content_type] must be 'text'");
      const title = typeof reply.title === 'string' ? [...reply.title].length : 0;
      if (title < 1 || title > 20) throw invalidParameter('param message[quick_replies][0][title] must be at most 20 characters');
      if (typeof reply.payload !== 'string' && typeof reply.payload !== 'number')
        throw invalidParameter('param message[quick_replies][0][payload] is required');
      if (String(reply.payload).length > 1000)
        throw invalidParameter('param message[quick_replies][0][payload] must be at most 1000 characters');
    }
  }
}

function sendMessage(context: InstagramContext, account: InstagramAccount, body: Json): Json {
  const recipient = isObject(body.recipient) ? body.recipient : undefined;
  if (!recipient || (typeof recipient.id !== 'string' && typeof recipient.id !== 'number'))
    throw invalidParameter('param recipient[id] is required');
  const recipientId = String(recipient.id);
  const last = context.world.lastInbound.get(windowKey(account.id, recipientId));
  if (last === undefined) {
    throw new GraphError(400, { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001 });
  }
  const isAction = typeof body.sender_action === 'string';
  if (!isAction) {
    if (!isObject(body.message)) throw invalidParameter('param message is required');
    validateMessage(body.message);
  }
  const humanAgent = body.messaging_type === 'MESSAGE_TAG' && body.tag === 'HUMAN_AGENT';
  if (body.messaging_type === 'MESSAGE_TAG' && !humanAgent) throw invalidParameter('param tag must be HUMAN_AGENT for Instagram messaging');
  const window = humanAgent ? HUMAN_AGENT_WINDOW_MS : INSTAGRAM_WINDOW_MS;
  if (context.clock.now() - last > window) {
    throw new GraphError(400, {
      message: '(#10) This message is sent outside of allowed window.',
      type: 'OAuthException',
      code: 10,
      error_subcode: 2018278,
    });
  }
  if (isAction) return { recipient_id: recipientId };
  const id = newInstagramMid();
  const message = body.message as Json;
  context.world.instagramSent.push({
    id,
    at: context.clock.now(),
    from: account.id,
    to: recipientId,
    type: typeof message.text === 'string' ? 'text' : 'attachment',
    payload: body,
  });
  return { recipient_id: recipientId, message_id: id };
}

function refreshToken(context: InstagramContext, query: URLSearchParams): Json {
  if (query.get('grant_type') !== 'ig_refresh_token') throw invalidParameter('grant_type must be ig_refresh_token');
  const token = query.get('access_token');
  const grant = token ? context.world.instagramTokens.get(token) : undefined;
  if (!grant) throw invalidToken();
  const now = context.clock.now();
  if (grant.expiresAt <= now) throw expiredToken(grant.expiresAt, now);
  if (now - grant.issuedAt < MIN_REFRESH_AGE_MS) throw invalidParameter('The access token must be at least 24 hours old to be refreshed.');
  const fresh = issueInstagramToken(context, grant.accountId, now);
  return {
    access_token: fresh,
    token_type: 'bearer',
    expires_in: LONG_LIVED_TOKEN_SECONDS,
  };
}

function profile(account: InstagramAccount, fields: string | null): Json {
  const all: Json = {
    id: account.id,
    user_id: account.id,
    username: account.username,
    name: account.name,
    account_type: 'BUSINESS',
    profile_picture_url: `https://scontent.cdninstagram.com/${account.id}.jpg`,
  };
  const wanted = new Set([...(fields ?? 'id,username').split(','), 'id']);
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.has(key)));
}

/** A customer who wrote to the account: `name` may be empty (Instagram shows the username then). */
function customerProfile(user: { id: string; username: string; name: string }, fields: string | null): Json {
  const all: Json = { id: user.id, username: user.username, name: user.name };
  const wanted = new Set([...(fields ?? 'id').split(','), 'id']);
  return Object.fromEntries(Object.entries(all).filter(([key]) => wanted.has(key)));
}

/** `segments` after the version; refresh_access_token has no version. */
export function routeInstagram(context: InstagramContext, request: GraphRequest): Json {
  const { method, segments } = request;
  if (segments.length === 1 && segments[0] === 'refresh_access_token' && method === 'GET') return refreshToken(context, request.query);
  const account = authenticate(context, request.token);
  const [id, edge] = segments;
  const target = id === 'me' ? account.id : id;
  if (!target) throw invalidParameter('Unknown path components');
  const user = context.world.instagramUsers.get(target);
  if (user && method === 'GET' && segments.length === 1) return customerProfile(user, request.query.get('fields'));
  if (target !== account.id) throw unknownObject(method, target);
  if (method === 'POST' && edge === 'messages' && segments.length === 2) return sendMessage(context, account, request.body.fields);
  if (method === 'GET' && segments.length === 1) return profile(account, request.query.get('fields'));
  throw new GraphError(400, { message: `Unknown path components: /${segments.slice(1).join('/')}`, type: 'OAuthException', code: 2500 });
}
