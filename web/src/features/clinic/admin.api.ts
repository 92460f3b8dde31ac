// The clinic admin pages (issue 21): the catalogue (branches, services with prices in tiyn, doctors, weekly hours,
// days off), the payment provider (secrets write-only), and the patient page's reads.
// The request and answer types are the API contract's (@switchboard/contract, clinic-admin.ts, clinic-patients.ts,
// clinic-payments.ts).
import type {
  ClinicBalance,
  ClinicBranch,
  ClinicBranchBody,
  ClinicCatalogue,
  ClinicDayOff,
  ClinicDayOffBody,
  ClinicDoctor,
  ClinicDoctorBody,
  ClinicPatient,
  ClinicPatientVisit,
  ClinicPatientVisits,
  ClinicProviderBody,
  ClinicProviderState,
  ClinicSchedule,
  ClinicScheduleBody,
  ClinicService,
  ClinicServiceBody,
} from '@switchboard/contract';
import { api } from '../../lib/api.ts';

export type Branch = ClinicBranch;
export type Service = ClinicService;
export type Doctor = ClinicDoctor;
export type Schedule = ClinicSchedule;
export type DayOff = ClinicDayOff;
export type Catalogue = ClinicCatalogue;

export const catalogueKey = ['clinic', 'catalogue'] as const;
export const fetchCatalogue = () => api.get<Catalogue>('/api/clinic/catalogue');
export const addBranch = (input: ClinicBranchBody) => api.post<Branch>('/api/clinic/branches', input);
export const addService = (input: ClinicServiceBody) => api.post<Service>('/api/clinic/services', input);
export const addDoctor = (input: ClinicDoctorBody) => api.post<Doctor>('/api/clinic/doctors', input);
export const setActive = (input: { kind: 'branches' | 'services' | 'doctors'; id: number; is_active: boolean }) =>
  api.patch<Branch | Service | Doctor>(`/api/clinic/${input.kind}/${input.id}`, { is_active: input.is_active });
export const deleteRecord = (input: { kind: 'branches' | 'services' | 'doctors' | 'schedules' | 'exceptions'; id: number }) =>
  api.delete<void>(`/api/clinic/${input.kind}/${input.id}`);
export const addSchedule = (input: ClinicScheduleBody) => api.post<Schedule>('/api/clinic/schedules', input);
export const addDayOff = (input: ClinicDayOffBody) => api.post<DayOff>('/api/clinic/exceptions', input);

export type ProviderState = ClinicProviderState;
export const providerKey = ['clinic', 'provider'] as const;
export const fetchProvider = () => api.get<ProviderState>('/api/clinic/payments-provider');
export const saveProvider = (input: ClinicProviderBody) => api.put<ProviderState>('/api/clinic/payments-provider', input);

export type PatientProfile = ClinicPatient;
export type PatientVisit = ClinicPatientVisit;
export type Balance = ClinicBalance;
export const patientKey = (id: number) => ['clinic', 'patient', id] as const;
export const fetchPatient = (id: number) => api.get<PatientProfile>(`/api/clinic/patients/${id}`);
export const fetchVisits = (id: number) => api.get<ClinicPatientVisits>(`/api/clinic/patients/${id}/appointments`);
export const fetchBalance = (id: number) => api.get<Balance>(`/api/clinic/patients/${id}/balance`);

/** Minutes of the day as HH:MM. */
export const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
/** "8 000,50" tenge typed by a person → tiyn; null when it is not a price. */
export function tiynOf(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0₸]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}
