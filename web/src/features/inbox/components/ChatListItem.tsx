import { memo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CheckIcon, MessengerMark } from '../../../components/ui/icons.tsx';
import { avatarColor, initials } from '../../../lib/avatar.ts';
import { formatListTime } from '../../../lib/dates.ts';
import { chatDisplayName } from '../../conversations/index.ts';
import type { Chat } from '../../conversations/index.ts';

/** What a row needs to show who holds a chat and its labels (maps, so rows stay memoised). */
export interface RowDirectory {
  teammateNames: Map<string, string>;
  labels: Map<number, { name: string; color: string }>;
}

const maxRowLabels = 2;
const pill = { flexShrink: 0, maxWidth: 72, padding: '0 6px', borderRadius: 8, fontSize: 10, lineHeight: '16px', fontWeight: 600 } as const;

export const chatRowHeight = 72;

/** While the list is in selection mode (bulk actions): a row is a checkbox instead of a link. */
export interface RowSelection {
  checked: boolean;
  toggle(chatId: Chat['id']): void;
}

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
  directory,
  selection,
}: {
  chat: Chat;
  selected: boolean;
  search: string;
  now: Date;
  language: string;
  directory?: RowDirectory;
  selection?: RowSelection;
}) {
  const { t } = useTranslation();
  const name = chatDisplayName(chat);
  const unread = chat.unread_count > 0;
  const resolved = chat.status === 'resolved';
  const assignee =
    chat.assigned_operator_id == null
      ? null
      : (directory?.teammateNames.get(String(chat.assigned_operator_id)) ?? `#${chat.assigned_operator_id}`);
  const labels = (chat.label_ids ?? []).map((id) => directory?.labels.get(id)).filter((label) => label !== undefined);
  const rowLabel = [
    unread ? t('inbox.rowLabelUnread', { name, count: chat.unread_count }) : name,
    assignee ? t('team.assignedTo', { name: assignee }) : null,
    resolved ? t('team.resolved') : null,
    chat.sla ? t(chat.sla === 'breached' ? 'inbox.slaBreached' : 'inbox.slaAtRisk') : null,
  ]
    .filter(Boolean)
    .join(', ');
  const rowData = {
    'data-testid': 'chat-row',
    'data-chat-id': String(chat.id),
    'data-unread': unread || undefined,
    'data-status': chat.status,
    'data-assignee': chat.assigned_operator_id ?? undefined,
  };
  const content = (
    <>
      <span
        className="sb-chat-avatar"
        data-checked={selection?.checked || undefined}
        style={{
          background: `var(--mantine-color-${avatarColor(chat.contact?.id ?? chat.id)}-light)`,
          color: `var(--mantine-color-${avatarColor(chat.contact?.id ?? chat.id)}-light-color)`,
        }}
      >
        {selection?.checked ? <CheckIcon size={20} /> : initials(name)}
        <span className="sb-chat-messenger" title={chat.messenger}>
          <MessengerMark type={chat.messenger} size={16} />
        </span>
      </span>
      <span className="sb-chat-body">
        <span className="sb-chat-line">
          <span className="sb-chat-name sb-ellipsis" dir="auto">
            {name}
          </span>
          <span className="sb-chat-time">
            {resolved && (
              <span
                title={t('team.resolved')}
                aria-label={t('team.resolved')}
                data-testid="resolved-mark"
                style={{ color: 'var(--mantine-color-green-filled)', marginInlineEnd: 4 }}
              >
                ✓
              </span>
            )}
            {formatListTime(chat.last_message_at, now, language)}
          </span>
        </span>
        <span className="sb-chat-line">
          <span className="sb-chat-preview sb-ellipsis" dir="auto" data-testid="chat-preview">
            {previewText(chat, t)}
          </span>
          {labels.slice(0, maxRowLabels).map((label) => (
            <span
              key={label.name}
              className="sb-ellipsis"
              data-testid="row-label"
              style={{
                ...pill,
                background: `var(--mantine-color-${label.color}-light)`,
                color: `var(--mantine-color-${label.color}-light-color)`,
              }}
            >
              {label.name}
            </span>
          ))}
          {labels.length > maxRowLabels && <span style={{ ...pill, padding: 0 }}>+{labels.length - maxRowLabels}</span>}
          {chat.sla && (
            <span
              data-testid="sla-badge"
              data-sla={chat.sla}
              title={t(chat.sla === 'breached' ? 'inbox.slaBreached' : 'inbox.slaAtRisk')}
              style={{
                ...pill,
                background: `var(--mantine-color-${chat.sla === 'breached' ? 'red' : 'orange'}-light)`,
                color: `var(--mantine-color-${chat.sla === 'breached' ? 'red' : 'orange'}-light-color)`,
              }}
            >
              {t(chat.sla === 'breached' ? 'inbox.slaBreached' : 'inbox.slaAtRisk')}
            </span>
          )}
          {assignee && (
            <span
              title={t('team.assignedTo', { name: assignee })}
              aria-label={t('team.assignedTo', { name: assignee })}
              data-testid="row-assignee"
              style={{
                flexShrink: 0,
                width: 20,
                height: 20,
                borderRadius: 10,
                fontSize: 9,
                fontWeight: 700,
                lineHeight: '20px',
                textAlign: 'center',
                background: `var(--mantine-color-${avatarColor(`staff-${chat.assigned_operator_id}`)}-light)`,
                color: `var(--mantine-color-${avatarColor(`staff-${chat.assigned_operator_id}`)}-light-color)`,
              }}
            >
              {initials(assignee)}
            </span>
          )}
          {unread && (
            <span className="sb-chat-badge" data-testid="unread-badge">
              {chat.unread_count > 999 ? '999+' : chat.unread_count}
            </span>
          )}
        </span>
      </span>
    </>
  );
  if (selection)
    return (
      <div
        className="sb-chat-row"
        role="checkbox"
        aria-checked={selection.checked}
        aria-label={rowLabel}
        tabIndex={0}
        onClick={() => selection.toggle(chat.id)}
        onKeyDown={(event) => {
          if (event.key !== ' ' && event.key !== 'Enter') return;
          event.preventDefault();
          selection.toggle(chat.id);
        }}
        {...rowData}
      >
        {content}
      </div>
    );
  return (
    <Link
      to={`/inbox/${encodeURIComponent(String(chat.id))}${search}`}
      className="sb-chat-row"
      aria-current={selected ? 'page' : undefined}
      aria-label={rowLabel}
      {...rowData}
    >
      {content}
    </Link>
  );
});
