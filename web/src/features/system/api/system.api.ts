import type { ConnectionHealth } from '../../../components/ConnectionHealthText.tsx';
import { api, type Page } from '../../../lib/api.ts';

/** How one bot's intake is doing (GET /api/health, /api/system/status). */
export interface ChannelHealth {
  channel_id: number;
  name: string;
  status: 'ok' | 'degraded';
  reason: string | null;
  waiting: number;
  parked: number;
  /** An account with a connection of its own (a personal account): reconnects, and the backoff while it is down. */
  connection?: ConnectionHealth & { connected: boolean; state: string | null };
}

export interface Health {
  status: 'healthy' | 'degraded';
  /** By id only: /api/health answers anyone. */
  channels: Array<Omit<ChannelHealth, 'name'>>;
}

/** An update that still failed after its retries; its chat went on without it. */
export interface ParkedUpdate {
  id: number;
  channel_id: number;
  event_id: string;
  chat_key: string;
  attempts: number;
  error: string | null;
  received_at: string;
  parked_at: string | null;
}

export interface SystemStatus {
  version: string;
  uptime_seconds: number;
  database: { engine: string; size_bytes: number };
  channels: ChannelHealth[];
}

export const healthKey = ['health'] as const;
export const parkedKey = ['system', 'parked-updates'] as const;
export const systemStatusKey = ['system', 'status'] as const;

export const fetchHealth = () => api.get<Health>('/api/health');
export const fetchSystemStatus = () => api.get<SystemStatus>('/api/system/status');
export const fetchParkedUpdates = () => api.get<Page<ParkedUpdate>>('/api/system/parked-updates');
export const retryParkedUpdate = (id: number) => api.post<{ id: number; state: 'pending' }>(`/api/system/parked-updates/${id}/retry`);
