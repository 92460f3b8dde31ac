import { api } from '../../../lib/api.ts';
import type { Messenger } from '../../conversations/index.ts';

export interface MessengerSetting {
  type: Messenger;
  name: string;
  is_enabled: boolean;
  is_available: boolean;
  token_source: 'env' | 'database' | null;
  api_token_masked: string | null;
}

export const messengerOrder: Messenger[] = ['instagram', 'whatsapp', 'telegram', 'tiktok'];

export const messengersKeys = {
  settings: ['messengers', 'settings'] as const,
  enabled: ['messengers', 'enabled'] as const,
};

export async function fetchMessengerSettings(): Promise<MessengerSetting[]> {
  const response = await api.get<{ settings: MessengerSetting[] }>('/api/messengers/settings');
  return response.settings;
}

export async function fetchEnabledMessengers(): Promise<Array<{ type: Messenger; name: string }>> {
  const response = await api.get<{ enabled_messengers: Array<{ type: Messenger; name: string }> }>('/api/messengers/enabled');
  return response.enabled_messengers;
}

export function updateMessengerSetting(type: Messenger, body: { is_enabled: boolean; api_token?: string }): Promise<unknown> {
  return api.put(`/api/messengers/settings/${type}`, body);
}
