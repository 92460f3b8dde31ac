// The bot's side of issue 19: /history, /comment, /visit, /calendar, /stats, /photos and /export, and the history button.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FlowReply } from '../app.ts';
import type { CalendarFeeds } from './calendar.service.ts';
import { feedPath } from './calendar.service.ts';
import type { DispatchContext } from './context.ts';
import type { CrewMember, CrewService } from './crew.service.ts';
import { roleName, statusName, text, type CrewLanguage } from './dispatch.messages.ts';
import { formatLocal, parseLocal } from './dispatch-time.ts';
import { createExportAction } from './export.flows.ts';
import { eventName, extraText } from './extras.messages.ts';
import type { JobExtras } from './job-extras.service.ts';
import { botLinkSeconds, type JobFiles } from './job-files.ts';
import { jobHistory } from './jobs.query.ts';
import type { JobRow } from './notifier.ts';
import { measurerStats } from './stats.query.ts';

export const extraCommands = ['history', 'comment', 'visit', 'calendar', 'stats', 'photos', 'export'] as const;
export const historyPayload = (jobId: number) => `dsp:hist:${jobId}`;
const historyLines = 30;
const statsDays = 30;
/** The latest photos /photos sends back as files (the rest stay links): a chat is not flooded by a big job. */
const photosShown = 5;
/** Copies of stored photos, kept only while the channel uploads them (the flow reply sends a file by path). */
const sendFolder = path.join(os.tmpdir(), 'switchboard-dispatch-photos');

async function removeOldCopies(): Promise<void> {
  for (const name of await fs.readdir(sendFolder).catch(() => [] as string[])) {
    const file = path.join(sendFolder, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < Date.now() - 3_600_000) await fs.rm(file, { force: true });
  }
}

export function createExtraActions(options: {
  context: DispatchContext;
  crew: CrewService;
  extras: JobExtras;
  feeds: CalendarFeeds;
  files: JobFiles;
}) {
  const { context, crew, extras, feeds, files } = options;
  const db = context.ownTables;
  const say = (value: string): FlowReply[] => [{ type: 'text', text: value }];
  const exportJobs = createExportAction({ context, crew });

  /** The job when the member takes part in it (an admin, its measurer, its deal's manager). */
  async function jobOf(member: CrewMember, jobId: number): Promise<JobRow | 'none' | 'not_yours'> {
    const job = await db.selectFrom('dispatch_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
    if (!job) return 'none';
    return (await extras.participants(job)).some((each) => each.id === member.id) ? job : 'not_yours';
  }
  const refusal = (language: CrewLanguage, outcome: 'none' | 'not_yours') =>
    say(outcome === 'none' ? text(language, 'noJob') : extraText(language, 'notParticipant'));

  async function history(member: CrewMember, language: CrewLanguage, jobId: number): Promise<FlowReply[]> {
    const job = await jobOf(member, jobId);
    if (typeof job === 'string') return refusal(language, job);
    const { time_zone } = await context.settings.read();
    const entries = (await jobHistory(db, job.id)).slice(-historyLines);
    const names = new Map(
      (
        await crew.findMany([...new Set(entries.flatMap((each) => (each.actor_kind === 'crew' && each.actor_id ? [each.actor_id] : [])))])
      ).map((each) => [each.id, each.name]),
    );
    const lines = entries.map((entry) => {
      const who =
        entry.author_name ??
        (entry.actor_kind === 'crew' ? names.get(entry.actor_id ?? -1) : entry.actor_kind === 'amocrm' ? 'AmoCRM' : undefined);
      const state =
        entry.to_status && entry.event !== 'comment' && entry.event !== 'note' ? ` → ${statusName(language, entry.to_status)}` : '';
      let note = entry.note ? `: ${entry.note}` : '';
      if (entry.event === 'planned') {
        // The note is "<ISO start> +<minutes>m" (job-extras.service); shown in the business's zone.
        const [start, minutes] = (entry.note ?? '').split(' +');
        note = start ? `: ${formatLocal(new Date(start), time_zone)}, ${minutes}` : `: ${extraText(language, 'visitCleared')}`;
      }
      return `${formatLocal(entry.at, time_zone)} ${eventName(language, entry.event)}${state}${who ? ` — ${who}` : ''}${note}`;
    });
    return say([extraText(language, 'historyTitle', { id: job.id }), ...lines].join('\n'));
  }

  async function comment(member: CrewMember, language: CrewLanguage, args: string): Promise<FlowReply[]> {
    const match = /^#?(\d{1,9})\s+([\s\S]+)$/.exec(args.trim());
    if (!match) return say(extraText(language, 'commentUsage'));
    const job = await jobOf(member, Number(match[1]));
    if (typeof job === 'string') return refusal(language, job);
    await extras.comment(job.id, { actor: { kind: 'crew', id: member.id }, name: member.name }, match[2]!.trim().slice(0, 4000));
    return say(extraText(language, 'commentSaved', { id: job.id }));
  }

  async function visit(member: CrewMember, language: CrewLanguage, args: string): Promise<FlowReply[]> {
    const match = /^#?(\d{1,9})\s+(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})(?:\s+(\d{1,3}))?$/.exec(args.trim());
    const settings = await context.settings.read();
    const start = match ? parseLocal(match[2]!, match[3]!, settings.time_zone) : undefined;
    const minutes = match?.[4] ? Number(match[4]) : settings.visit_minutes;
    if (!match || !start || minutes < 5 || minutes > 720) return say(extraText(language, 'visitUsage'));
    const job = await jobOf(member, Number(match[1]));
    if (typeof job === 'string') return refusal(language, job);
    // An admin or the job's own measurer plans its visit; a manager only follows it.
    if (member.role !== 'admin' && job.measurer_id !== member.id) return say(extraText(language, 'notParticipant'));
    const outcome = await extras.planVisit(job.id, { start, minutes }, { kind: 'crew', id: member.id });
    if (outcome.ok) return say(extraText(language, 'visitSet', { id: job.id, when: formatLocal(start, settings.time_zone), minutes }));
    if (outcome.reason === 'conflict')
      return say(
        extraText(language, 'visitConflict', { other: outcome.other.id, when: formatLocal(outcome.other.planned_at!, settings.time_zone) }),
      );
    return outcome.reason === 'closed' ? say(extraText(language, 'visitClosed', { id: job.id })) : say(text(language, 'noJob'));
  }

  async function stats(language: CrewLanguage, now: Date): Promise<FlowReply[]> {
    const settings = await context.settings.read();
    const rows = (
      await measurerStats(db, {
        period: 'month',
        from: new Date(now.getTime() - statsDays * 86_400_000),
        to: now,
        timeZone: settings.time_zone,
        graceMinutes: settings.grace_minutes,
      })
    ).filter((row) => row.bucket === null);
    if (rows.length === 0) return say(extraText(language, 'statsEmpty'));
    const names = new Map((await crew.findMany(rows.map((row) => row.measurer_id))).map((each) => [each.id, each.name]));
    const none = extraText(language, 'noValue');
    const lines = rows.map((row) =>
      extraText(language, 'statsLine', {
        name: names.get(row.measurer_id) ?? '?',
        completed: row.completed,
        median:
          row.median_seconds === null
            ? none
            : extraText(language, 'hours', { h: Math.floor(row.median_seconds / 3600), m: Math.round((row.median_seconds % 3600) / 60) }),
        onTime: row.planned === 0 ? none : `${Math.round((row.on_time / row.planned) * 100)}%`,
        cancelled: row.cancelled,
      }),
    );
    return say([extraText(language, 'statsTitle'), ...lines].join('\n'));
  }

  async function calendar(member: CrewMember, language: CrewLanguage): Promise<FlowReply[]> {
    if (!context.publicUrl) return say(extraText(language, 'calendarNoUrl'));
    const url = `${context.publicUrl.replace(/\/$/, '')}${feedPath(await feeds.issue(member.id))}`;
    return say(extraText(language, 'calendarLink', { url }));
  }

  /** The job's files as links; then, for an admin or the job's measurer, the step that takes new ones. */
  async function photos(member: CrewMember, language: CrewLanguage, args: string, collect: (data: object) => Promise<void>) {
    const jobId = /^#?(\d{1,9})$/.exec(args.trim())?.[1];
    if (!jobId) return say(extraText(language, 'photosUsage'));
    const job = await jobOf(member, Number(jobId));
    if (typeof job === 'string') return refusal(language, job);
    const stored = await files.list(job.id);
    const listing =
      stored.length === 0
        ? extraText(language, 'photosNone', { id: job.id })
        : [
            extraText(language, 'photosList', { id: job.id }),
            ...stored.map((file) => `${file.name}: ${files.link(file.file_id, botLinkSeconds)}`),
          ].join('\n');
    if (member.role === 'admin' || job.measurer_id === member.id) await collect({ jobId: job.id, count: 0 });
    return [...say(listing), ...(await photoReplies(stored))];
  }

  /** The latest photos as files in the chat, from the app's files store. */
  async function photoReplies(stored: Awaited<ReturnType<JobFiles['list']>>): Promise<FlowReply[]> {
    const photos = stored.filter((file) => file.content_type.startsWith('image/')).slice(-photosShown);
    if (photos.length === 0) return [];
    await removeOldCopies();
    await fs.mkdir(sendFolder, { recursive: true });
    const replies: FlowReply[] = [];
    for (const photo of photos) {
      const read = await context.files.read(photo.file_id);
      if (!read) continue;
      const copy = path.join(sendFolder, `${photo.id}-${photo.file_id}-${photo.name.replace(/[^\w.-]/g, '_')}`);
      await fs.writeFile(copy, read.data);
      replies.push({ type: 'file', path: copy, fileName: photo.name, mimeType: photo.content_type, caption: photo.name });
    }
    return replies;
  }

  const wrongRole = (language: CrewLanguage, role: 'admin' | 'measurer') =>
    say(text(language, 'wrongRole', { role: roleName(language, role) }));

  return {
    async command(
      member: CrewMember,
      language: CrewLanguage,
      command: string,
      args: string,
      collect: (data: object) => Promise<void>,
    ): Promise<FlowReply[]> {
      if (command === 'photos') return photos(member, language, args, collect);
      if (command === 'stats') return member.role === 'admin' ? stats(language, new Date()) : wrongRole(language, 'admin');
      if (command === 'export') return member.role === 'admin' ? exportJobs(language, args, new Date()) : wrongRole(language, 'admin');
      if (command === 'calendar') return member.role === 'measurer' ? calendar(member, language) : wrongRole(language, 'measurer');
      if (command === 'comment') return comment(member, language, args);
      if (command === 'visit') return visit(member, language, args);
      const jobId = /^#?(\d{1,9})$/.exec(args.trim())?.[1];
      return jobId ? history(member, language, Number(jobId)) : say(extraText(language, 'historyUsage'));
    },
    /** The 🕓 button under a job card. */
    history: (member: CrewMember, language: CrewLanguage, jobId: number) => history(member, language, jobId),
  };
}

export type ExtraActions = ReturnType<typeof createExtraActions>;
