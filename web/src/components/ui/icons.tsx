// A handful of inline icons (stroke style, 24×24): smaller than an icon library for the few we need.
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { size?: number };

function icon(paths: string[], displayName: string) {
  function Icon({ size = 18, ...props }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...props}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const InboxIcon = icon(
  ['M4 13h3l2 3h6l2-3h3', 'M4 13V6a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v7', 'M4 13v5a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-5'],
  'InboxIcon',
);
export const ChatIcon = icon(['M21 12a8 8 0 0 1-11.5 7.2L4 20l1-4.5A8 8 0 1 1 21 12z'], 'ChatIcon');
export const SettingsIcon = icon(
  [
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
    'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  ],
  'SettingsIcon',
);
export const LogoutIcon = icon(['M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4', 'M16 17l5-5-5-5', 'M21 12H9'], 'LogoutIcon');
export const SunIcon = icon(
  [
    'M12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10z',
    'M12 1v2M12 21v2M4.2 4.2l1.4 1.4M18.4 18.4l1.4 1.4M1 12h2M21 12h2M4.2 19.8l1.4-1.4M18.4 5.6l1.4-1.4',
  ],
  'SunIcon',
);
export const MoonIcon = icon(['M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z'], 'MoonIcon');
export const ChartIcon = icon(['M3 3v18h18', 'M8 17V11', 'M13 17V7', 'M18 17v-4'], 'ChartIcon');
export const SearchIcon = icon(['M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z', 'M21 21l-4.3-4.3'], 'SearchIcon');
export const SendIcon = icon(['M22 2L11 13', 'M22 2l-7 20-4-9-9-4 20-7z'], 'SendIcon');
export const BackIcon = icon(['M15 18l-6-6 6-6'], 'BackIcon');
export const UserIcon = icon(['M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2', 'M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z'], 'UserIcon');
export const ClockIcon = icon(['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M12 6v6l4 2'], 'ClockIcon');
export const CheckIcon = icon(['M20 6L9 17l-5-5'], 'CheckIcon');
export const DoubleCheckIcon = icon(['M18 7l-8.5 8.5L6 12', 'M22 7l-8.5 8.5-1.2-1.2', 'M2 12l3.5 3.5'], 'DoubleCheckIcon');
export const AlertIcon = icon(['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z', 'M12 8v4', 'M12 16h.01'], 'AlertIcon');
export const RetryIcon = icon(['M1 4v6h6', 'M3.5 15a9 9 0 1 0 2.1-9.4L1 10'], 'RetryIcon');
export const PlusIcon = icon(['M12 5v14M5 12h14'], 'PlusIcon');
export const ArrowDownIcon = icon(['M12 5v14', 'M19 12l-7 7-7-7'], 'ArrowDownIcon');
export const PaperclipIcon = icon(
  ['M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5'],
  'PaperclipIcon',
);
export const ContactsIcon = icon(
  [
    'M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2',
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
    'M23 21v-2a4 4 0 0 0-3-3.9',
    'M16 3.1a4 4 0 0 1 0 7.8',
  ],
  'ContactsIcon',
);
export const TicketIcon = icon(
  ['M3 7a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4z', 'M13 5v2M13 11v2M13 17v2'],
  'TicketIcon',
);
export const InvoiceIcon = icon(
  ['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6', 'M8 13h8M8 17h5'],
  'InvoiceIcon',
);
export const BriefcaseIcon = icon(
  ['M4 7h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z', 'M16 7V5a2 2 0 0 0-2-2h-4a2 2 0 0 0-2 2v2'],
  'BriefcaseIcon',
);
export const HeadsetIcon = icon(
  ['M3 18v-6a9 9 0 0 1 18 0v6', 'M21 19a2 2 0 0 1-2 2h-1v-7h3z', 'M3 19a2 2 0 0 0 2 2h1v-7H3z'],
  'HeadsetIcon',
);
export const CommandIcon = icon(['M4 17l6-6-6-6', 'M12 19h8'], 'CommandIcon');
export const BellIcon = icon(['M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9', 'M13.7 21a2 2 0 0 1-3.4 0'], 'BellIcon');
export const MicIcon = icon(
  ['M12 2a3 3 0 0 0-3 3v7a3 3 0 0 0 6 0V5a3 3 0 0 0-3-3z', 'M19 10v2a7 7 0 0 1-14 0v-2', 'M12 19v3', 'M8 22h8'],
  'MicIcon',
);
export const TrashIcon = icon(
  ['M3 6h18', 'M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2', 'M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6'],
  'TrashIcon',
);
export const CloseIcon = icon(['M18 6L6 18', 'M6 6l12 12'], 'CloseIcon');
export const FileIcon = icon(['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6'], 'FileIcon');
export const NoteIcon = icon(['M12 20h9', 'M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z'], 'NoteIcon');
export const BookmarkIcon = icon(['M19 21l-7-5-7 5V5a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2z'], 'BookmarkIcon');
export const MoonZzIcon = icon(['M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z'], 'MoonZzIcon');

/** Messenger marks in their brand colours. */
export function MessengerMark({ type, size = 16 }: { type: string; size?: number }) {
  const colors: Record<string, string> = { telegram: '#229ED9', whatsapp: '#25D366', instagram: '#E1306C', tiktok: '#111111' };
  const letters: Record<string, string> = { telegram: 'T', whatsapp: 'W', instagram: 'I', tiktok: 'Tk' };
  if (type === 'telegram') {
    return (
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="12" fill={colors.telegram} />
        <path
          d="M5.5 11.8l11-4.3c.5-.2 1 .1.8.9l-1.9 8.8c-.1.6-.5.8-1 .5l-2.9-2.1-1.4 1.3c-.2.2-.3.3-.6.3l.2-3 5.4-4.9c.2-.2 0-.3-.3-.1l-6.7 4.2-2.9-.9c-.6-.2-.6-.6.3-.7z"
          fill="#fff"
        />
      </svg>
    );
  }
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="12" fill={colors[type] ?? '#868e96'} />
      <text
        x="12"
        y="16"
        textAnchor="middle"
        fontSize={letters[type]?.length === 2 ? 9 : 12}
        fontWeight="700"
        fill="#fff"
        fontFamily="system-ui, sans-serif"
      >
        {letters[type] ?? '?'}
      </text>
    </svg>
  );
}
