// Staff's document routes (reception and operators: list, generate, download, links, revoke, delete)
// and the public download link, which answers a page in the patient's language once it no longer works.
import {
  clinicDocumentLinkParams,
  clinicDocumentsQuery,
  clinicGenerateBody,
  clinicIdParams,
  type ClinicDocument,
  type ClinicDocumentLink,
  type ClinicDocuments,
  type ClinicLinksRevoked,
} from '@switchboard/contract';
import type { FastifyReply } from 'fastify';
import { HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import type { Audit } from './audit.ts';
import { DocumentRefused, type Documents } from './documents.ts';
import { docText } from './documents.texts.ts';
import type { DocumentService } from './documents.service.ts';
import type { PatientLanguage } from './tables.ts';

const tags = ['clinic documents'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A document as staff see it. */
export function serializeDocument(row: Omit<ClinicDocument, 'created_at'> & { created_at: Date }): ClinicDocument {
  return { ...row, created_at: row.created_at.toISOString() };
}

export const refused = (error: unknown): never => {
  if (error instanceof DocumentRefused) throw new HttpError(422, 'invalid_input', error.message);
  throw error;
};

export function sendDocument(reply: FastifyReply, file: { name: string; contentType: string; data: Buffer }) {
  return reply
    .type(file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    )
    .header('cache-control', 'private, no-store')
    .send(file.data);
}

function linkPage(
  reply: FastifyReply,
  status: number,
  languages: PatientLanguage[],
  keys: ['linkExpiredTitle' | 'linkRevokedTitle' | 'linkUnknownTitle', 'linkExpired' | 'linkRevoked' | 'linkUnknown'],
) {
  const sections = languages
    .map(
      (language) =>
        `<section lang="${language}"><h1>${escapeHtml(docText(language, keys[0]))}</h1><p>${escapeHtml(docText(language, keys[1]))}</p></section>`,
    )
    .join('\n');
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="${languages[0]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(docText(languages[0]!, keys[0]))}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style></head><body>${sections}</body></html>`,
    );
}

export function registerDocumentRoutes(app: HttpApp, deps: { documents: Documents; service: DocumentService; audit: Audit }): void {
  const { documents, service, audit } = deps;

  app.get(
    '/api/clinic/patients/:id/documents',
    {
      config: reception,
      schema: {
        tags,
        summary: "A patient's documents, newest first",
        params: clinicIdParams,
        querystring: clinicDocumentsQuery,
      },
    },
    async (request): Promise<ClinicDocuments> => {
      const patient = await service.patient(request.params.id);
      const results = await documents.list(patient.id, request.query.type);
      await audit.record(request, { action: 'documents.listed', patientId: patient.id, details: { type: request.query.type ?? null } });
      return { results: results.map(serializeDocument) };
    },
  );

  // Uploads are multipart: admin-upload.routes.ts.

  app.post(
    '/api/clinic/patients/:id/documents/generate',
    {
      config: reception,
      schema: {
        tags,
        summary: 'Generate a PDF from a template (visit certificate, visit summary) with the clinic’s details; the patient is told',
        params: clinicIdParams,
        body: clinicGenerateBody,
      },
    },
    async (request, reply): Promise<ClinicDocument> => {
      const patient = await service.patient(request.params.id);
      const who = await audit.actorOf(request);
      const document = await service.generate(patient, { ...request.body, createdBy: who.actor }).catch(refused);
      await audit.write(who, {
        action: 'document.generated',
        patientId: patient.id,
        details: { document_id: document.id, template: request.body.template },
      });
      await service.notify(document);
      reply.status(201);
      return serializeDocument(document);
    },
  );

  async function staffDocument(documentId: number) {
    const found = await documents.find(documentId);
    if (!found) throw notFound(`Document ${documentId}`);
    return found;
  }

  app.get(
    '/api/clinic/documents/:id/file',
    { config: reception, schema: { tags, summary: 'Download a document (audited)', params: clinicIdParams } },
    async (request, reply) => {
      const document = await staffDocument(request.params.id);
      const file = await documents.read(document.id);
      if (!file) throw notFound(`The file of document ${document.id}`);
      await audit.record(request, { action: 'document.downloaded', patientId: document.patient_id, details: { document_id: document.id } });
      return sendDocument(reply, file);
    },
  );

  app.post(
    '/api/clinic/documents/:id/links',
    { config: reception, schema: { tags, summary: 'A download link for the patient (48 hours, revocable)', params: clinicIdParams } },
    async (request, reply): Promise<ClinicDocumentLink> => {
      const document = await staffDocument(request.params.id);
      const who = await audit.actorOf(request);
      const link = await documents.issueLink(document.id, await service.languageOf(document.patient_id), who.actor);
      await audit.write(who, { action: 'document.link_issued', patientId: document.patient_id, details: { document_id: document.id } });
      reply.status(201);
      return { ...link, expires_at: link.expires_at.toISOString() };
    },
  );

  app.delete(
    '/api/clinic/documents/:id/links',
    {
      config: reception,
      schema: { tags, summary: "Revoke every working link of a document (they answer 'revoked' at once)", params: clinicIdParams },
    },
    async (request): Promise<ClinicLinksRevoked> => {
      const document = await staffDocument(request.params.id);
      const who = await audit.actorOf(request);
      const revoked = await documents.revokeLinks(document.id, who.actor);
      await audit.write(who, {
        action: 'document.links_revoked',
        patientId: document.patient_id,
        details: { document_id: document.id, revoked },
      });
      return { revoked };
    },
  );

  app.delete(
    '/api/clinic/documents/:id',
    {
      config: reception,
      schema: { tags, summary: 'Delete a document: its links stop at once, its file goes at the next cleanup', params: clinicIdParams },
    },
    async (request, reply) => {
      const document = await staffDocument(request.params.id);
      await documents.remove(document.id);
      await audit.record(request, { action: 'document.deleted', patientId: document.patient_id, details: { document_id: document.id } });
      reply.status(204);
    },
  );

  app.get(
    '/api/clinic/document-links/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Download a document by its link (the link is the permission; every download is audited)',
        params: clinicDocumentLinkParams,
      },
    },
    async (request, reply) => {
      const found = await documents.resolveLink(request.params.token);
      if (found.state === 'unknown') return linkPage(reply, 404, ['ru', 'kk'], ['linkUnknownTitle', 'linkUnknown']);
      const language = found.link.language;
      if (found.state === 'expired') return linkPage(reply, 410, [language], ['linkExpiredTitle', 'linkExpired']);
      if (found.state === 'revoked') return linkPage(reply, 410, [language], ['linkRevokedTitle', 'linkRevoked']);
      await audit.write(
        { actor: `link:${found.link.id}`, name: 'download link', ip: request.ip },
        { action: 'document.downloaded', patientId: found.link.patient_id, details: { document_id: found.link.document_id } },
      );
      return sendDocument(reply, found.file);
    },
  );
}
