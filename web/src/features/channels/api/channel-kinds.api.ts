import { api } from '../../../lib/api.ts';

type MediaKind = 'photo' | 'video' | 'document' | 'voice' | 'audio';

/** What a kind of account can do, as its channel module states it (GET /api/channels/kinds). */
export interface ChannelCapabilities {
  edit: boolean;
  delete: boolean;
  reactions: boolean;
  typing: boolean;
  text: { maxLength: number; captionMaxLength: number | null };
  media: {
    kinds: MediaKind[];
    uploadMaxBytes: number;
    photo: { maxBytes: number; maxDimensionSum: number | null; maxAspectRatio: number | null } | null;
    downloadMaxBytes: number | null;
    albums: { maxItems: number; groups: Array<Array<MediaKind>>; never: MediaKind[] } | null;
  };
  buttons: { perMessage: number; titleMaxLength: number } | null;
  /** Link buttons shown as buttons; false: they go under the text as lines. */
  linkButtons: boolean;
  lists: { maxRows: number; rowTitleMaxLength: number } | null;
  businessInitiated: 'free' | 'template' | 'never';
  /** Whether one message may go to many contacts at once ('template': only an approved template). */
  broadcasts: 'free' | 'template' | 'never';
  replyWindowMs: number | null;
}

export interface ChannelVocabulary {
  messengerName: string;
  accountName: string;
  credentialHints: Record<string, string>;
  /** The connect form's words (kinds with a `connect_form`); `{{url}}`, `{{name}}` are filled in here. */
  connect?: {
    add: string;
    title: string;
    intro: string;
    fieldLabels: Record<string, string>;
    added: string;
    failed: string;
    accountsTitle: string;
    noAccounts: string;
    checkLabel: string;
    checked: string;
  };
}

export interface ChannelKind {
  kind: string;
  messenger: string;
  account_type: string;
  vocabulary: { ru: ChannelVocabulary; en: ChannelVocabulary };
  credential_fields: string[];
  /** Connected with one form of its credentials on the Messengers tab (null: the kind has its own dialog, or none). */
  connect_form: { fields: Array<{ name: string; secret: boolean }>; webhook_path: string | null } | null;
  intake_modes: Array<'webhook' | 'polling' | 'forwarded'>;
  capabilities: ChannelCapabilities;
  /**
   * Links to a customer outside a chat, as URL templates: a profile page (`{username}`), and the contact panel's
   * button ('write': the send dialog over the contact's chats; `phoneLink` with `{phone_digits}`: click-to-chat).
   */
  contact_links: { profile?: string; panelButton?: 'write' | { phoneLink: string } } | null;
  /** Whether a chat of this kind may be refused a reply (GET /api/chats/:id/reply-status); false: it never is. */
  can_refuse_replies: boolean;
  /** Whether an operator may change / delete a message they sent (PATCH / DELETE /api/messages/:id). */
  can_edit_sent?: boolean;
  can_delete_sent?: boolean;
  /** Whether the kind sends pre-approved templates (GET /api/chats/:id/templates, POST /api/accounts/:id/templates/sync). */
  templates?: boolean;
}

export const channelKindsKey = ['channels', 'kinds'] as const;

export async function fetchChannelKinds(): Promise<ChannelKind[]> {
  const response = await api.get<{ results: ChannelKind[] }>('/api/channels/kinds');
  return response.results;
}
