// The bot's /export for admins (issue 19's report export, which the web's reports tab offers as CSV and XLSX): the
// jobs created in the last N days (30 unless given) or between two days (the business's zone, the end day included),
// sent as an XLSX workbook and a CSV file, the same rows as GET /api/dispatch/export.*.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FlowReply } from '../app.ts';
import type { DispatchContext } from './context.ts';
import type { CrewService } from './crew.service.ts';
import type { CrewLanguage } from './dispatch.messages.ts';
import { formatLocal, parseLocal } from './dispatch-time.ts';
import { exportLimit, exportRows, toCsv, toXlsx } from './export.ts';
import { extraText } from './extras.messages.ts';

const defaultDays = 30;
/** The files are written here for the channel to upload, and removed an hour later (as /photos' copies are). */
const sendFolder = path.join(os.tmpdir(), 'switchboard-dispatch-exports');

/** The period an admin asked for: `/export`, `/export 7`, `/export 2026-11-01 2026-11-30`; undefined when unreadable. */
export function exportPeriod(args: string, now: Date, timeZone: string): { from: Date; to: Date } | undefined {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { from: new Date(now.getTime() - defaultDays * 86_400_000), to: now };
  if (words.length === 1 && /^\d{1,3}$/.test(words[0]!)) {
    const days = Number(words[0]);
    return days >= 1 && days <= 366 ? { from: new Date(now.getTime() - days * 86_400_000), to: now } : undefined;
  }
  if (words.length !== 2) return undefined;
  const from = parseLocal(words[0]!, '00:00', timeZone);
  const lastDay = parseLocal(words[1]!, '00:00', timeZone);
  if (!from || !lastDay || lastDay < from) return undefined;
  // The end day is included: the period ends at the next day's midnight in the zone.
  const nextDay = new Date(new Date(`${words[1]!}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
  const to = parseLocal(nextDay, '00:00', timeZone);
  return to ? { from, to } : undefined;
}

async function removeOldFiles(): Promise<void> {
  for (const name of await fs.readdir(sendFolder).catch(() => [] as string[])) {
    const file = path.join(sendFolder, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < Date.now() - 3_600_000) await fs.rm(file, { force: true });
  }
}

export function createExportAction(options: { context: DispatchContext; crew: CrewService }) {
  const { context, crew } = options;
  return async (language: CrewLanguage, args: string, now: Date): Promise<FlowReply[]> => {
    const { time_zone } = await context.settings.read();
    const period = exportPeriod(args, now, time_zone);
    if (!period) return [{ type: 'text', text: extraText(language, 'exportUsage') }];
    const rows = await exportRows(context.ownTables, crew, period);
    const range = { from: formatLocal(period.from, time_zone), to: formatLocal(period.to, time_zone) };
    if (rows.length === 0) return [{ type: 'text', text: extraText(language, 'exportEmpty', range) }];
    await removeOldFiles();
    await fs.mkdir(sendFolder, { recursive: true });
    const stamp = `${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`;
    const name = `dispatch-jobs-${now.toISOString().slice(0, 10)}`;
    const xlsx = path.join(sendFolder, `${stamp}.xlsx`);
    const csv = path.join(sendFolder, `${stamp}.csv`);
    await fs.writeFile(xlsx, await toXlsx(rows));
    await fs.writeFile(csv, toCsv(rows));
    const summary = extraText(language, rows.length >= exportLimit ? 'exportCapped' : 'exportReady', { ...range, count: rows.length });
    return [
      { type: 'text', text: summary },
      {
        type: 'file',
        path: xlsx,
        fileName: `${name}.xlsx`,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      { type: 'file', path: csv, fileName: `${name}.csv`, mimeType: 'text/csv' },
    ];
  };
}
