// Staff attach a file to a patient as multipart/form-data (issue 21): fields `type` and `title`, the file in
// `file`, read and sniffed by the platform's upload form (http/upload-form.ts): at most 10 MB, a PDF or an image
// by its bytes, whatever its name says.
import { clinicIdParams, clinicUploadFields, type ClinicDocument } from '@switchboard/contract';
import type { FastifyRequest } from 'fastify';
import { HttpError, readUploadForm, sniffUpload, withMultipart, type HttpApp } from '../../platform/index.ts';
import type { Audit } from './audit.ts';
import { acceptedTypes, maxDocumentBytes, type Documents } from './documents.ts';
import { serializeDocument } from './documents.routes.ts';
import type { DocumentService } from './documents.service.ts';
import { documentTypes } from './documents.tables.ts';

const reception = { access: { roles: ['reception', 'operator'] } } as const;
const fieldsSchema = clinicUploadFields;
const rules = {
  maxBytes: maxDocumentBytes,
  help: 'Send multipart/form-data with the fields "type" and "title" and the file in "file" (curl -F type=lab_result -F title=… -F file=@scan.pdf).',
  tooLargeHint: 'scan it at a lower resolution',
};

async function readForm(request: FastifyRequest) {
  const { fields, file } = await readUploadForm(request, rules);
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
  withMultipart(app, (scope) => {
    scope.post(
      '/api/clinic/patients/:id/documents',
      {
        config: reception,
        bodyLimit: maxDocumentBytes + 64 * 1024,
        schema: {
          tags: ['clinic documents'],
          summary:
            'Attach a file to a patient (multipart: type, title, file — a PDF or image, at most 10 MB); the patient is told in the bot',
          params: clinicIdParams,
          consumes: ['multipart/form-data'],
        },
      },
      async (request, reply) => {
        const patient = await service.patient(request.params.id);
        const form = await readForm(request);
        const sniffed = await sniffUpload(form.file.data, {
          accepted: acceptedTypes,
          maxBytes: maxDocumentBytes,
          expected: 'a PDF or an image',
        });
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
        const answer: ClinicDocument = serializeDocument(document);
        return reply.status(201).send(answer);
      },
    );
  });
}
