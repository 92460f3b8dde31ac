import { api } from '../../lib/api.ts';

export const appointmentStatuses = ['booked', 'confirmed', 'arrived', 'completed', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];
export const importKinds = ['branches', 'services', 'doctors', 'schedules', 'exceptions'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface DayAppointment {
  id: number;
  starts_at: string;
  ends_at: string;
  status: AppointmentStatus;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  phone: string | null;
  doctor: string;
  service_ru: string;
  branch_ru: string;
}

export interface Day {
  date: string;
  time_zone: string;
  results: DayAppointment[];
}

export const dayKey = ['clinic', 'day'] as const;
export const fetchDay = (date: string | null) => api.get<Day>(`/api/clinic/appointments${date ? `?date=${date}` : ''}`);
export const markAppointment = (input: { id: number; status: AppointmentStatus }) =>
  api.patch<DayAppointment>(`/api/clinic/appointments/${input.id}`, { status: input.status });
export const importCsv = (input: { kind: ImportKind; csv: string }) =>
  api.post<{ imported: number }>(`/api/clinic/import/${input.kind}`, { csv: input.csv });

export interface NpsReport {
  from: string;
  to: string;
  weeks: Array<{ week: string; nps: number; answers: number }>;
  doctors: Array<{ id: number; name: string; nps: number; answers: number }>;
}
export interface Detractor {
  appointment_id: number;
  score: number;
  comment: string | null;
  created_at: string;
  doctor: string;
  branch_ru: string;
}
export const npsKey = ['clinic', 'nps'] as const;
export const fetchNps = () => api.get<NpsReport>('/api/clinic/nps');
export const fetchDetractors = () => api.get<{ results: Detractor[] }>('/api/clinic/nps/detractors');
