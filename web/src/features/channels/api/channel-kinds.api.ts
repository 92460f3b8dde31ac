// GET /api/channels/kinds: the answer's types are the API contract's (@switchboard/contract, channel-kinds.ts), which
// the server's channel modules declare themselves with.
import type { ChannelKindDescription, ChannelKinds } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

export type { ChannelCapabilities, ChannelVocabulary } from '@switchboard/contract';
export type ChannelKind = ChannelKindDescription;

export const channelKindsKey = ['channels', 'kinds'] as const;

export async function fetchChannelKinds(): Promise<ChannelKind[]> {
  const response = await api.get<ChannelKinds>('/api/channels/kinds');
  return response.results;
}
