// The side panel's custom attributes, one lazy step away: the inbox's first load carries not even the
// attributes feature's entry (the bundle gate).
import type { Chat } from '../../conversations/index.ts';
import { AttributesPanel } from '../../attributes/index.ts';

export default function AttributesSlot({ chat }: { chat: Chat }) {
  return <AttributesPanel chat={chat} />;
}
