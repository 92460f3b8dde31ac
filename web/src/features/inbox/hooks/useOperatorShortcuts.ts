// Keyboard shortcuts in the inbox (issue 26). Ctrl+K (⌘K) opens the command bar, "?" the help sheet; outside
// a text field J and K move through the list, R writes a reply, E resolves. The bar, the sheet and the macro
// editor are their own chunk (commands/OperatorCommands.tsx), fetched the first time one opens.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { putChat, setChatStatus } from '../../conversations/index.ts';

export type CommandsPanel = 'commands' | 'help' | 'macros';
const openEvent = 'switchboard:commands';

/** Opens a panel from anywhere (the conversation header's button). */
export function openCommands(panel: CommandsPanel = 'commands'): void {
  window.dispatchEvent(new CustomEvent<CommandsPanel>(openEvent, { detail: panel }));
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function useOperatorShortcuts(chatId: string | undefined, search: string) {
  const [panel, setPanel] = useState<CommandsPanel | null>(null);
  const [loaded, setLoaded] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(() => {
    const open = (next: CommandsPanel) => {
      setLoaded(true);
      setPanel(next);
    };
    const onOpen = (event: Event) => open((event as CustomEvent<CommandsPanel>).detail);
    const step = (by: number) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="chat-row"]')];
      if (rows.length === 0) return;
      const at = rows.findIndex((row) => row.dataset.chatId === chatId);
      const next = rows[at === -1 ? 0 : Math.min(Math.max(at + by, 0), rows.length - 1)]!;
      void navigate(`/inbox/${next.dataset.chatId}${search}`);
      next.scrollIntoView({ block: 'nearest' });
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        return open('commands');
      }
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || document.querySelector('[role="dialog"]')) return;
      const key = event.key.toLowerCase();
      if (event.key === '?') open('help');
      else if (key === 'j') step(1);
      else if (key === 'k') step(-1);
      else if (key === 'r' && chatId) document.querySelector<HTMLTextAreaElement>('form textarea')?.focus();
      else if (key === 'e' && chatId) void setChatStatus(chatId, 'resolved').then((chat) => putChat(queryClient, chat));
      else return;
      event.preventDefault();
    };
    window.addEventListener(openEvent, onOpen);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      window.removeEventListener(openEvent, onOpen);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [chatId, search, navigate, queryClient]);

  return { panel, loaded, open: setPanel, close: () => setPanel(null) };
}
