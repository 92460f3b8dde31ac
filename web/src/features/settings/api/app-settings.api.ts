// Settings → Apps: the request and answer types are the API contract's (@switchboard/contract, app-settings.ts).
import type { AppSettings, AppSettingsList, AppSettingsValues, SettingsFieldSchema } from '@switchboard/contract';
import { api } from '../../../lib/api.ts';

export type { AppSettings, AppSettingsSchema } from '@switchboard/contract';
export type FieldSchema = SettingsFieldSchema;

export const appSettingsKey = ['app-settings'] as const;

export async function fetchAllAppSettings(): Promise<AppSettings[]> {
  return (await api.get<AppSettingsList>('/api/apps/settings')).apps;
}

export function saveAppSettings(input: { app: string; values: AppSettingsValues }): Promise<AppSettingsValues> {
  return api.put(`/api/apps/${encodeURIComponent(input.app)}/settings`, input.values);
}
