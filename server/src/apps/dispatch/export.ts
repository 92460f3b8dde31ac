// Report export (issue 19): the jobs of a period and filters as CSV or XLSX (exceljs).
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { CrewService } from './crew.service.ts';
import { listJobs, type JobFilters } from './jobs.query.ts';
import type { DispatchTables } from './tables.ts';

/** The most rows one export carries: a year of a busy business fits; narrow the period for more. */
export const exportLimit = 50_000;

const columns = [
  'id',
  'amocrm_lead_id',
  'status',
  'client_name',
  'client_phone',
  'address',
  'measurer',
  'manager',
  'created_at',
  'assigned_at',
  'planned_at',
  'planned_end_at',
  'completed_at',
  'cancelled_at',
] as const;
type Column = (typeof columns)[number];
type Cell = string | number | Date | null;
export type ExportRow = Record<Column, Cell>;

export async function exportRows(db: Kysely<DispatchTables>, crew: CrewService, filters: Omit<JobFilters, 'limit'>): Promise<ExportRow[]> {
  const jobs = await listJobs(db, { ...filters, limit: exportLimit });
  const crewNames = new Map((await crew.list()).map((member) => [member.id, member]));
  const managers = new Map<number, string>();
  for (const member of crewNames.values())
    if (member.role === 'manager' && member.active && member.amocrm_user_id !== null && !managers.has(Number(member.amocrm_user_id)))
      managers.set(Number(member.amocrm_user_id), member.name);
  return jobs.map((job) => ({
    id: job.id,
    amocrm_lead_id: Number(job.amocrm_lead_id),
    status: job.status,
    client_name: job.client_name,
    client_phone: job.client_phone,
    address: job.address,
    measurer: job.measurer_id === null ? null : (crewNames.get(job.measurer_id)?.name ?? null),
    manager: job.responsible_user_id === null ? null : (managers.get(Number(job.responsible_user_id)) ?? null),
    created_at: job.created_at,
    assigned_at: job.assigned_at,
    planned_at: job.planned_at,
    planned_end_at: job.planned_end_at,
    completed_at: job.completed_at,
    cancelled_at: job.cancelled_at,
  }));
}

/** Quoted when needed; a leading = + - @ (or tab, CR) is defused so that spreadsheets do not run it as a formula. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 with CRLF, and a BOM so that Excel reads UTF-8 (Cyrillic names) right. */
export function toCsv(rows: ExportRow[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Strings stay strings in XLSX (exceljs writes them as shared strings, never formulas); dates are real dates. */
export async function toXlsx(rows: ExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  const sheet = workbook.addWorksheet('jobs');
  sheet.columns = columns.map((column) => ({
    header: column,
    key: column,
    width: column.endsWith('_at') ? 20 : 18,
    ...(column.endsWith('_at') ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
