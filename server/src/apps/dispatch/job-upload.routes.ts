// Staff add photos and documents to a job from the web job drawer, as the crew does from the bot (issue 19):
// multipart/form-data with the file in `file`, read and sniffed by the platform's upload form (http/upload-form.ts,
// the clinic's way): a photo or a document by its bytes, at most 20 MB (what the bot can fetch from a messenger).
import { idParams } from '@switchboard/contract';
import { currentUser, notFound, readUploadForm, sniffUpload, withMultipart, type HttpApp } from '../../platform/index.ts';
import type { DispatchContext } from './context.ts';
import { serializeJobFile } from './job-extras.routes.ts';
import type { JobFiles } from './job-files.ts';
import { jobChangedEvent } from './lifecycle.ts';

export const maxJobFileBytes = 20 * 1024 * 1024;
/** What a job's files are: photos of the site and the documents a measurement produces. */
const acceptedTypes = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['image/heic', 'heic'],
  ['application/pdf', 'pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
]);
const rules = {
  maxBytes: maxJobFileBytes,
  help: 'Send multipart/form-data with the file in "file" (curl -F file=@photo.jpg).',
  tooLargeHint: 'send a smaller photo or split the document',
};

export function registerJobUploadRoute(app: HttpApp, options: { context: DispatchContext; files: JobFiles }): void {
  const { context, files } = options;
  withMultipart(app, (scope) => {
    scope.post(
      '/api/dispatch/jobs/:id/files',
      {
        config: { access: 'staff' },
        bodyLimit: maxJobFileBytes + 64 * 1024,
        schema: {
          tags: ['dispatch'],
          summary:
            'Add a photo or a document to a job (multipart: file — JPEG, PNG, WebP, HEIC, PDF, DOCX or XLSX by its bytes, at most 20 MB); 413 past the limit, 415 for other types',
          params: idParams,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const jobId = request.params.id;
        const job = await context.ownTables.selectFrom('dispatch_jobs').select('id').where('id', '=', jobId).executeTakeFirst();
        if (!job) throw notFound(`Job ${jobId}`);
        const { file } = await readUploadForm(request, rules);
        const sniffed = await sniffUpload(file.data, {
          accepted: acceptedTypes,
          maxBytes: maxJobFileBytes,
          expected: 'a photo or a document',
        });
        const base = file.name.replace(/\.[^.]*$/, '').slice(0, 150) || 'file';
        const user = currentUser(request);
        const saved = await files.add(
          jobId,
          { kind: 'staff', id: user.id, name: user.name },
          { name: `${base}.${sniffed.extension}`, contentType: sniffed.contentType, data: file.data },
        );
        if (!saved) throw notFound(`Job ${jobId}`);
        await context.staff.announce(jobChangedEvent, { job_id: jobId, action: 'file' });
        return reply.status(201).send(serializeJobFile(saved, context.files));
      },
    );
  });
}
