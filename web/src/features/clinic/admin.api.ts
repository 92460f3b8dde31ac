// The clinic admin pages (issue 21): the catalogue (branches, services with prices in tiyn, doctors, weekly hours,
// days off), the payment provider (secrets write-only), and the patient page's reads.
import { api } from '../../lib/api.ts';
import type { AppointmentStatus } from './clinic.api.ts';

export interface Branch {
  id: number;
  code: string;
  name_ru: string;
  name_kk: string;
  address: string;
  is_active: boolean;
}
export interface Service {
  id: number;
  branch_id: number;
  code: string;
  name_ru: string;
  name_kk: string;
  duration_minutes: number;
  price_minor: number;
  is_active: boolean;
}
export interface Doctor {
  id: number;
  code: string;
  full_name: string;
  specialty_ru: string;
  specialty_kk: string;
  is_active: boolean;
  service_ids: number[];
}
export interface Schedule {
  id: number;
  doctor_id: number;
  branch_id: number;
  weekday: number;
  start_minute: number;
  end_minute: number;
  break_start_minute: number | null;
  break_end_minute: number | null;
  valid_from: string | null;
  valid_to: string | null;
}
export interface DayOff {
  id: number;
  doctor_id: number | null;
  day: string;
  kind: 'holiday' | 'leave' | 'sick' | 'other';
  start_minute: number | null;
  end_minute: number | null;
  note: string;
}
export interface Catalogue {
  branches: Branch[];
  services: Service[];
  doctors: Doctor[];
  schedules: Schedule[];
  exceptions: DayOff[];
}

export const catalogueKey = ['clinic', 'catalogue'] as const;
export const fetchCatalogue = () => api.get<Catalogue>('/api/clinic/catalogue');
export const addBranch = (input: Omit<Branch, 'id' | 'is_active'>) => api.post<Branch>('/api/clinic/branches', input);
export const addService = (input: Omit<Service, 'id' | 'is_active'>) => api.post<Service>('/api/clinic/services', input);
export const addDoctor = (input: Omit<Doctor, 'id' | 'is_active'>) => api.post<Doctor>('/api/clinic/doctors', input);
export const setActive = (input: { kind: 'branches' | 'services' | 'doctors'; id: number; is_active: boolean }) =>
  api.patch<object>(`/api/clinic/${input.kind}/${input.id}`, { is_active: input.is_active });
export const deleteRecord = (input: { kind: 'branches' | 'services' | 'doctors' | 'schedules' | 'exceptions'; id: number }) =>
  api.delete<void>(`/api/clinic/${input.kind}/${input.id}`);
export const addSchedule = (input: {
  doctor_id: number;
  branch_id: number;
  weekday: number;
  start: string;
  end: string;
  break_start: string | null;
  break_end: string | null;
}) => api.post<Schedule>('/api/clinic/schedules', input);
export const addDayOff = (input: { doctor_id: number | null; day: string; kind: DayOff['kind']; note: string }) =>
  api.post<DayOff>('/api/clinic/exceptions', input);

export interface ProviderState {
  provider: { kind: 'gateway'; base_url: string } | null;
  bot_payments_token_set: boolean;
}
export const providerKey = ['clinic', 'provider'] as const;
export const fetchProvider = () => api.get<ProviderState>('/api/clinic/payments-provider');
export const saveProvider = (input: {
  provider?: { kind: 'gateway'; base_url: string; api_key: string; webhook_secret: string } | null;
  bot_payments_token?: string | null;
}) => api.put<ProviderState>('/api/clinic/payments-provider', input);

export interface PatientProfile {
  id: number;
  first_name: string;
  last_name: string;
  patronymic: string | null;
  phone: string | null;
  sex: 'M' | 'F';
  language: 'ru' | 'kk';
  iin: string;
  birth_date: string;
  tags: string[];
  consents: Partial<Record<'personal_data' | 'medical' | 'marketing', boolean>>;
}
export interface PatientVisit {
  id: number;
  starts_at: string;
  status: AppointmentStatus;
  doctor: string;
  service_ru: string;
  branch_ru: string;
  price_minor: number;
  nps_score: number | null;
  nps_comment: string | null;
}
export interface Balance {
  paid_minor: number;
  services_rendered_minor: number;
  refunded_minor: number;
  balance_minor: number;
  open_invoices_minor: number;
}
export const patientKey = (id: number) => ['clinic', 'patient', id] as const;
export const fetchPatient = (id: number) => api.get<PatientProfile>(`/api/clinic/patients/${id}`);
export const fetchVisits = (id: number) =>
  api.get<{ time_zone: string; results: PatientVisit[] }>(`/api/clinic/patients/${id}/appointments`);
export const fetchBalance = (id: number) => api.get<Balance>(`/api/clinic/patients/${id}/balance`);

/** Minutes of the day as HH:MM. */
export const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
/** "8 000,50" tenge typed by a person → tiyn; null when it is not a price. */
export function tiynOf(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0₸]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}
