import { api } from '../../../lib/api.ts';

/** The part of JSON Schema (zod's output) the generic form understands; `x-ru` holds the Russian title and help. */
export interface FieldSchema {
  type?: string;
  anyOf?: FieldSchema[];
  enum?: Array<string | number>;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  default?: unknown;
  'x-widget'?: 'bot';
  /** A secret: the server answers it masked and keeps it when a save sends it empty. */
  'x-secret'?: boolean;
  'x-ru'?: { title?: string; description?: string };
}

export interface AppSettingsSchema extends FieldSchema {
  properties: Record<string, FieldSchema>;
}

export interface AppSettings {
  app: string;
  schema: AppSettingsSchema;
  values: Record<string, unknown>;
}

export const appSettingsKey = ['app-settings'] as const;

export async function fetchAllAppSettings(): Promise<AppSettings[]> {
  return (await api.get<{ apps: AppSettings[] }>('/api/apps/settings')).apps;
}

export function saveAppSettings(input: { app: string; values: Record<string, unknown> }): Promise<Record<string, unknown>> {
  return api.put(`/api/apps/${encodeURIComponent(input.app)}/settings`, input.values);
}
