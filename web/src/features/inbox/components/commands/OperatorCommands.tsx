// The command bar, the help sheet and the macro editor: one chunk the inbox fetches the first time one opens.
import { lazy, Suspense } from 'react';
import type { Chat } from '../../../conversations/index.ts';
import type { CommandsPanel } from '../../hooks/useOperatorShortcuts.ts';
import { CommandBar } from './CommandBar.tsx';
import { HelpSheet } from './HelpSheet.tsx';

// The editor is needed least often: its own chunk again.
const MacroEditor = lazy(async () => ({ default: (await import('./MacroEditor.tsx')).MacroEditor }));

export default function OperatorCommands({
  panel,
  chat,
  open,
  onClose,
}: {
  panel: CommandsPanel | null;
  chat: Chat | undefined;
  open(panel: CommandsPanel): void;
  onClose(): void;
}) {
  if (panel === 'help') return <HelpSheet onClose={onClose} />;
  if (panel === 'commands') return <CommandBar chat={chat} onClose={onClose} onEditMacros={() => open('macros')} />;
  if (panel === 'macros')
    return (
      <Suspense fallback={null}>
        <MacroEditor onClose={onClose} />
      </Suspense>
    );
  return null;
}
