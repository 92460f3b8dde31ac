// seed 000's /api/messengers/*: the request and answer types are the API contract's (@switchboard/contract).
import type { EnabledMessengers, MessengerSetting, MessengerSettings, MessengerSettingUpdate } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

export type { MessengerSetting };

/** The cards' order on the Messengers tab (seed 000); a family not listed follows them. */
export const messengerOrder: string[] = ['instagram', 'whatsapp', 'telegram', 'tiktok'];

export const messengersKeys = {
  settings: ['messengers', 'settings'] as const,
  enabled: ['messengers', 'enabled'] as const,
};

export async function fetchMessengerSettings(): Promise<MessengerSetting[]> {
  const response = await api.get<MessengerSettings>('/api/messengers/settings');
  return response.settings;
}

export async function fetchEnabledMessengers(): Promise<EnabledMessengers['enabled_messengers']> {
  const response = await api.get<EnabledMessengers>('/api/messengers/enabled');
  return response.enabled_messengers;
}

export function updateMessengerSetting(type: string, body: MessengerSettingUpdate): Promise<unknown> {
  return api.put(`/api/messengers/settings/${type}`, body);
}
