import { memo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MessengerMark } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { formatListTime } from '../../../lib/dates.ts';
import { chatDisplayName } from '../api/chat-cache.ts';
import type { Chat } from '../api/types.ts';

export const chatRowHeight = 72;

export function previewText(chat: Chat, t: TFunction): string {
  const last = chat.last_message;
  if (!last) return t('inbox.noMessagesYet');
  const body = last.text?.replace(/\s+/g, ' ').trim() || t(`kinds.${last.kind}`, { defaultValue: `[${last.kind}]` });
  return last.direction === 'out' ? `${t('inbox.you')}: ${body}` : body;
}

/**
 * One row of the conversation list. Plain elements styled by global.css rather than Mantine
 * components: thousands of these mount and unmount while the list is flung, so each must be cheap.
 */
export const ChatListItem = memo(function ChatListItem({
  chat,
  selected,
  search,
  now,
  language,
}: {
  chat: Chat;
  selected: boolean;
  search: string;
  now: Date;
  language: string;
}) {
  const { t } = useTranslation();
  const name = chatDisplayName(chat);
  const unread = chat.unread_count > 0;
  return (
    <Link
      to={`/inbox/${encodeURIComponent(String(chat.id))}${search}`}
      className="sb-chat-row"
      aria-current={selected ? 'page' : undefined}
      aria-label={unread ? t('inbox.rowLabelUnread', { name, count: chat.unread_count }) : name}
      data-testid="chat-row"
      data-chat-id={String(chat.id)}
      data-unread={unread || undefined}
    >
      <span className="sb-chat-avatar" style={{ background: `var(--mantine-color-${avatarColor(chat.contact?.id ?? chat.id)}-light)`, color: `var(--mantine-color-${avatarColor(chat.contact?.id ?? chat.id)}-light-color)` }}>
        {initials(name)}
        <span className="sb-chat-messenger" title={chat.messenger}>
          <MessengerMark type={chat.messenger} size={16} />
        </span>
      </span>
      <span className="sb-chat-body">
        <span className="sb-chat-line">
          <span className="sb-chat-name sb-ellipsis" dir="auto">
            {name}
          </span>
          <span className="sb-chat-time">{formatListTime(chat.last_message_at, now, language)}</span>
        </span>
        <span className="sb-chat-line">
          <span className="sb-chat-preview sb-ellipsis" dir="auto" data-testid="chat-preview">
            {previewText(chat, t)}
          </span>
          {unread && (
            <span className="sb-chat-badge" data-testid="unread-badge">
              {chat.unread_count > 999 ? '999+' : chat.unread_count}
            </span>
          )}
        </span>
      </span>
    </Link>
  );
});
