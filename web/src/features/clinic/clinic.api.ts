// Reception's day and the NPS reports; the request and answer types are the API contract's (@switchboard/contract,
// clinic-reception.ts, clinic-admin.ts).
import type {
  ClinicAppointment,
  ClinicAppointmentPatch,
  ClinicAppointmentStatus,
  ClinicDay,
  ClinicDayAppointment,
  ClinicDetractor,
  ClinicDetractors,
  ClinicImported,
  ClinicImportKind,
  ClinicNpsReport,
} from '@switchboard/contract';
import { clinicAppointmentStatuses, clinicImportKinds } from '@switchboard/contract/clinic-values';
import { api } from '../../lib/api.ts';

export const appointmentStatuses = clinicAppointmentStatuses;
export type AppointmentStatus = ClinicAppointmentStatus;
export const importKinds = clinicImportKinds;
export type ImportKind = ClinicImportKind;
export type DayAppointment = ClinicDayAppointment;
export type Day = ClinicDay;

export const dayKey = ['clinic', 'day'] as const;
export const fetchDay = (date: string | null) => api.get<Day>(`/api/clinic/appointments${date ? `?date=${date}` : ''}`);
export const markAppointment = (input: { id: number } & ClinicAppointmentPatch) =>
  api.patch<ClinicAppointment>(`/api/clinic/appointments/${input.id}`, { status: input.status });
export const importCsv = (input: { kind: ImportKind; csv: string }) =>
  api.post<ClinicImported>(`/api/clinic/import/${input.kind}`, { csv: input.csv });

export type NpsReport = ClinicNpsReport;
export type Detractor = ClinicDetractor;
export const npsKey = ['clinic', 'nps'] as const;
export const fetchNps = () => api.get<NpsReport>('/api/clinic/nps');
export const fetchDetractors = () => api.get<ClinicDetractors>('/api/clinic/nps/detractors');
