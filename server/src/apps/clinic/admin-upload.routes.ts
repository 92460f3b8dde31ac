// Staff attach a file to a patient as multipart/form-data (issue 21): fields `type` and `title`, the file in
// `file`. @fastify/multipart reads it in this route's own scope (as the inbox's upload does); the file is held
// in memory up to the 10 MB limit and its type is sniffed from the bytes (file-type), whatever its name says.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, type HttpApp } from '../../platform/index.ts';
import type { Audit } from './audit.ts';
import { refused } from './documents.routes.ts';
import { maxDocumentBytes, type Documents } from './documents.ts';
import type { DocumentService } from './documents.service.ts';
import { documentTypes } from './documents.tables.ts';

const reception = { access: { roles: ['reception', 'operator'] } } as const;
const id = z.coerce.number().int().positive().max(2_147_483_647);
const formLimits = {
  fields: 10,
  fieldSize: 4 * 1024,
  files: 1,
  parts: 12,
  headerPairs: 20,
  fieldNameSize: 100,
  fileSize: maxDocumentBytes,
};
const fieldsSchema = z.object({ type: z.enum(documentTypes), title: z.string().trim().min(1).max(200) });
const help =
  'Send multipart/form-data with the fields "type" and "title" and the file in "file" (curl -F type=lab_result -F title=… -F file=@scan.pdf).';

async function readForm(request: FastifyRequest) {
  if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) throw new HttpError(415, 'unsupported_media_type', help);
  const fields: Record<string, string> = {};
  let file: { name: string; data: Buffer } | null = null;
  try {
    for await (const part of request.parts({ limits: formLimits })) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else if (part.fieldname === 'file' && !file) file = { name: part.filename, data: await part.toBuffer() };
      else part.file.resume();
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new HttpError(
        413,
        'file_too_large',
        `The file is over the limit of ${maxDocumentBytes / 1024 / 1024} MB; scan it at a lower resolution.`,
      );
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new HttpError(413, 'form_too_large', `The form has too many parts. ${help}`);
    throw new HttpError(400, 'malformed_multipart', `The multipart form could not be read. ${help}`);
  }
  if (!file) throw new HttpError(422, 'upload_missing', `No file in the field "file". ${help}`);
  const parsed = fieldsSchema.safeParse(fields);
  if (!parsed.success)
    throw new HttpError(
      422,
      'invalid_input',
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') +
        ` (type is one of ${documentTypes.join(', ')}).`,
    );
  return { ...parsed.data, file };
}

export function registerDocumentUploadRoute(app: HttpApp, deps: { documents: Documents; service: DocumentService; audit: Audit }): void {
  const { documents, service, audit } = deps;
  void app.register(async (plain) => {
    await plain.register(fastifyMultipart);
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.post(
      '/api/clinic/patients/:id/documents',
      {
        config: reception,
        bodyLimit: maxDocumentBytes + 64 * 1024,
        schema: {
          tags: ['clinic documents'],
          summary:
            'Attach a file to a patient (multipart: type, title, file — a PDF or image, at most 10 MB); the patient is told in the bot',
          params: z.object({ id }),
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const patient = await service.patient(request.params.id);
        const form = await readForm(request);
        const sniffed = await documents.sniff(form.file.data).catch(refused);
        const who = await audit.actorOf(request);
        const base = form.file.name.replace(/\.[^.]*$/, '').slice(0, 150) || 'document';
        const document = await documents.create({
          patientId: patient.id,
          type: form.type,
          title: form.title,
          fileName: `${base}.${sniffed.extension}`,
          contentType: sniffed.contentType,
          data: form.file.data,
          source: 'upload',
          createdBy: who.actor,
        });
        await audit.write(who, {
          action: 'document.uploaded',
          patientId: patient.id,
          details: { document_id: document.id, size: document.size },
        });
        await service.notify(document);
        return reply.status(201).send(document);
      },
    );
  });
}
