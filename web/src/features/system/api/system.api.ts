// The system area: the answer types are the API contract's (@switchboard/contract, system.ts).
import type { Health, ParkedUpdate, ParkedUpdateRetried, SystemStatus } from '@switchboard/contract';
import { api, type Page } from '../../../lib/api.ts';

export type { ChannelHealth, Health, ParkedUpdate, SystemStatus } from '@switchboard/contract';

export const healthKey = ['health'] as const;
export const parkedKey = ['system', 'parked-updates'] as const;
export const systemStatusKey = ['system', 'status'] as const;

export const fetchHealth = () => api.get<Health>('/api/health');
export const fetchSystemStatus = () => api.get<SystemStatus>('/api/system/status');
export const fetchParkedUpdates = () => api.get<Page<ParkedUpdate>>('/api/system/parked-updates');
export const retryParkedUpdate = (id: number) => api.post<ParkedUpdateRetried>(`/api/system/parked-updates/${id}/retry`);
