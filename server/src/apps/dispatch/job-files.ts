// Photos and documents of a job (issue 19): the crew sends them from the bot (a wizard holds the job while files
// arrive; each is fetched through the channel), staff upload them from the web job drawer (job-upload.routes.ts).
// Either way each is kept in the app files store, listed on the job and recorded in its history; staff read them
// through signed links.
import { defineWizard, type FlowReply, type WizardDefinition } from '../app.ts';
import type { DispatchContext } from './context.ts';
import type { CrewService } from './crew.service.ts';
import { crewLanguageOf } from './dispatch.messages.ts';
import { extraText } from './extras.messages.ts';

export const filesWizard = 'job-files';
const donePayload = 'dsp:files:done';
/** How long a link sent in the bot keeps working. */
export const botLinkSeconds = 7 * 86_400;

export function createJobFiles(context: DispatchContext) {
  const db = context.ownTables;
  return {
    /** Stores the bytes, then lists the file on the job with a history row; the bytes go if the job went meanwhile. */
    async add(
      jobId: number,
      by: { kind: 'crew'; id: number } | { kind: 'staff'; id: number; name: string },
      file: { name: string; contentType: string; data: Buffer },
    ) {
      const crewId = by.kind === 'crew' ? by.id : null;
      const stored = await context.files.store(file);
      try {
        return await db.transaction().execute(async (trx) => {
          const job = await trx.selectFrom('dispatch_jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
          if (!job) return undefined;
          const row = await trx
            .insertInto('dispatch_job_files')
            .values({
              job_id: jobId,
              file_id: stored.id,
              name: file.name,
              content_type: file.contentType,
              size: stored.size,
              crew_id: crewId,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('dispatch_job_history')
            .values({
              job_id: jobId,
              event: 'file',
              from_status: job.status,
              to_status: job.status,
              measurer_id: job.measurer_id,
              actor_kind: by.kind,
              actor_id: by.id,
              author_name: by.kind === 'staff' ? by.name : null,
              note: file.name,
            })
            .execute();
          return row;
        });
      } catch (error) {
        await context.files.remove(stored.id);
        throw error;
      }
    },
    list: (jobId: number) => db.selectFrom('dispatch_job_files').selectAll().where('job_id', '=', jobId).orderBy('id').execute(),
    /** A signed link, absolute when PUBLIC_URL is set. */
    link(fileId: string, seconds: number) {
      const path = context.files.signedUrl(fileId, seconds);
      return context.publicUrl ? `${context.publicUrl.replace(/\/$/, '')}${path}` : path;
    },
  };
}

export type JobFiles = ReturnType<typeof createJobFiles>;

interface FilesData {
  jobId: number;
  count: number;
}

/** The job-context step: files sent while it runs belong to the job; ✅ Done (or /cancel) ends it. */
export function createFilesWizard(options: { context: DispatchContext; crew: CrewService; files: JobFiles }): WizardDefinition<FilesData> {
  const { context, crew, files } = options;
  const languageOf = (origin: { sender: { languageCode?: string | null } | null }) => crewLanguageOf(origin.sender?.languageCode);
  const done = (language: 'ru' | 'en') => [[{ title: extraText(language, 'buttonDone'), payload: donePayload }]];
  return defineWizard<FilesData>({
    name: filesWizard,
    timeoutMs: 30 * 60_000,
    firstStep: 'collect',
    steps: {
      collect: {
        prompt: ({ data, origin }) => {
          const language = languageOf(origin);
          return [{ type: 'choices', text: extraText(language, 'photosPrompt', { id: data.jobId }), rows: done(language) }];
        },
        async answer({ data, origin, event }) {
          const member = origin.sender ? await crew.member(origin.channel.id, origin.sender.externalId) : undefined;
          const language = member ? crewLanguageOf(member.language) : languageOf(origin);
          if (event.type === 'choice' && event.payload === donePayload)
            return { finish: [{ type: 'text', text: extraText(language, 'photosDone', { id: data.jobId, count: data.count }) }] };
          if (event.type !== 'file' || !member)
            return { stay: [{ type: 'choices', text: extraText(language, 'photosHint'), rows: done(language) }] };
          const fetched = await context.channels.downloadFile(origin.channel.id, event.fileId);
          if ('tooBig' in fetched)
            return {
              stay: [{ type: 'text', text: extraText(language, 'photosTooBig', { mb: Math.floor(fetched.limitBytes / 1_048_576) }) }],
            };
          const name = event.fileName ?? `${event.kind}-${Date.now()}${event.kind === 'photo' ? '.jpg' : ''}`;
          const contentType = event.mimeType ?? (event.kind === 'photo' ? 'image/jpeg' : 'application/octet-stream');
          const saved = await files.add(data.jobId, { kind: 'crew', id: member.id }, { name, contentType, data: fetched.data });
          if (!saved) return { finish: [{ type: 'text', text: extraText(language, 'photosDone', { id: data.jobId, count: data.count }) }] };
          const count = data.count + 1;
          const reply: FlowReply = { type: 'text', text: extraText(language, 'photosSaved', { id: data.jobId, count }) };
          context.logger.info({ job_id: data.jobId, file_id: saved.file_id, size: saved.size }, 'dispatch job file saved');
          return { stay: [reply], data: { ...data, count } };
        },
      },
    },
  });
}
