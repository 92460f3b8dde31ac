// The Instagram API with Instagram Login calls this module makes (graph.instagram.com, INSTAGRAM_GRAPH_URL):
// the account (/me, the "test" action), a customer's name, sending (/{IG_ID}/messages: text, quick replies,
// the HUMAN_AGENT tag, typing), refreshing the 60-day token, and fetching a customer's file from its signed link.
import { createHash } from 'node:crypto';
import { ChannelError, type AccountIdentity, type DownloadedFile } from '../channel.ts';
import { extensionOf, type GraphClient } from '../meta/index.ts';
import { quickReplyLimits } from './profile.ts';

type Json = Record<string, unknown>;

export interface InstagramAuth {
  accountId: string;
  token: string;
}

export interface QuickReply {
  title: string;
  payload: string;
}

export interface RefreshedToken {
  accessToken: string;
  expiresInSeconds: number;
}

const clip = (value: string, max: number) => ([...value].length > max ? [...value].slice(0, max - 1).join('') + '…' : value);

export function createInstagramApi(graph: GraphClient) {
  async function post(auth: InstagramAuth, body: Json): Promise<Json> {
    return graph.post<Json>(`${auth.accountId}/messages`, auth.token, body);
  }

  return {
    async identity(auth: InstagramAuth): Promise<AccountIdentity> {
      const me = await graph.get<{ id?: string; user_id?: string | number; username?: string; name?: string }>('me', auth.token, {
        fields: 'user_id,username,name',
      });
      const ids = [me.user_id, me.id].filter((id) => id !== undefined).map(String);
      if (!ids.includes(auth.accountId))
        throw new ChannelError(
          'INVALID_INPUT',
          `The access token belongs to @${me.username ?? '?'} (id ${ids.join(' / ')}), not to instagram_account_id ${auth.accountId}: give the id shown next to that account.`,
        );
      return { externalId: auth.accountId, username: me.username ?? null, displayName: me.name || me.username || auth.accountId };
    },

    /** A customer's name and username (best effort: Meta shares them only with accounts the customer wrote to). */
    async profile(auth: InstagramAuth, igsid: string): Promise<{ name?: string; username?: string }> {
      return graph.get<{ name?: string; username?: string }>(igsid, auth.token, { fields: 'name,username' });
    },

    /** One text message, with quick replies and the HUMAN_AGENT tag when asked; resolves with Meta's mid. */
    async sendText(auth: InstagramAuth, to: string, text: string, options: { quickReplies?: QuickReply[]; humanAgent?: boolean } = {}) {
      const message: Json = { text };
      if (options.quickReplies?.length)
        message.quick_replies = options.quickReplies.slice(0, quickReplyLimits.perMessage).map((reply) => ({
          content_type: 'text',
          title: clip(reply.title, quickReplyLimits.titleMaxLength),
          payload: reply.payload,
        }));
      const answer = await post(auth, {
        recipient: { id: to },
        ...(options.humanAgent ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : { messaging_type: 'RESPONSE' }),
        message,
      });
      const id = typeof answer.message_id === 'string' ? answer.message_id : '';
      if (!id) throw new ChannelError('TEMPORARY', 'Meta accepted the message but returned no message id; Switchboard will try again.');
      return id;
    },

    async typing(auth: InstagramAuth, to: string): Promise<void> {
      await post(auth, { recipient: { id: to }, sender_action: 'typing_on' });
    },

    /** GET /refresh_access_token: a token at least a day old and still valid → a new one for 60 days. */
    async refresh(token: string): Promise<RefreshedToken> {
      const answer = await graph.getUnversioned<{ access_token?: string; expires_in?: number }>('refresh_access_token', {
        grant_type: 'ig_refresh_token',
        access_token: token,
      });
      if (!answer.access_token || !Number.isFinite(answer.expires_in))
        throw new ChannelError('TEMPORARY', 'Meta answered the token refresh without a token or lifetime; Switchboard will try again.');
      return { accessToken: answer.access_token, expiresInSeconds: Number(answer.expires_in) };
    },

    /** A customer's file by the signed CDN link the webhook carried (no token goes with it). */
    async download(url: string, maxBytes: number | null): Promise<DownloadedFile> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new ChannelError('INVALID_INPUT', 'The file’s link in the webhook is not a URL.');
      }
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        throw new ChannelError('INVALID_INPUT', 'The file’s link is not http(s).');
      const file = await graph.download(url, null, maxBytes);
      if ('tooBig' in file) return { tooBig: true, limitBytes: maxBytes ?? 0 };
      return {
        bytes: file.bytes,
        filePath: `${createHash('sha256').update(parsed.pathname).digest('hex').slice(0, 24)}${extensionOf(file.mimeType)}`,
      };
    },
  };
}
