// Seed 004's bot API, part 2 (documents, support, FAQ), for integrations, with its trailing slashes.
// Every read and change of a patient's documents is audited with the integration's name and address.
import { z } from 'zod';
import { HttpError, notFound, type HttpApp } from '../../platform/index.ts';
import type { AppContext } from '../app.ts';
import type { Audit } from './audit.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import { templates } from './document-templates.ts';
import type { Documents } from './documents.ts';
import { refused } from './documents.routes.ts';
import type { DocumentService } from './documents.service.ts';
import { documentTypes } from './documents.tables.ts';
import type { Faq } from './faq.ts';
import { integrationKind } from './integrations.ts';
import type { Patients } from './patients.ts';
import type { Support } from './support.ts';
import type { ClinicTables } from './tables.ts';

const config = { access: { principals: [integrationKind] } } as const;
const tags = ['clinic bot API'];
const id = z.coerce.number().int().positive().max(2_147_483_647);
const telegramUserId = z.string().regex(/^\d{1,20}$/, 'the numeric Telegram user id');

export function registerBotApiPartTwoRoutes(
  app: HttpApp,
  deps: {
    context: Pick<AppContext<ClinicTables, ClinicSettings>, 'channels' | 'conversations'>;
    patients: Patients;
    documents: Documents;
    service: DocumentService;
    support: Support;
    faq: Faq;
    audit: Audit;
  },
): void {
  const { context, patients, documents, service, audit } = deps;

  async function patientOf(userId: string) {
    const bot = await context.channels.defaultChannel();
    const patient = bot ? await patients.byChat(bot.id, userId) : undefined;
    if (!patient)
      throw new HttpError(
        404,
        'patient_not_registered',
        `No patient is registered for Telegram user ${userId}; register them with POST /api/bot/patient/upsert/.`,
      );
    return patient;
  }

  app.get(
    '/api/bot/documents/',
    {
      config,
      schema: {
        tags,
        summary: "A patient's documents, newest first, optionally of one type",
        querystring: z.object({ telegram_user_id: telegramUserId, type: z.enum(documentTypes).optional() }),
      },
    },
    async (request) => {
      const patient = await patientOf(request.query.telegram_user_id);
      const results = await documents.list(patient.id, request.query.type);
      await audit.record(request, { action: 'documents.listed', patientId: patient.id, details: { type: request.query.type ?? null } });
      return { results };
    },
  );

  app.post(
    '/api/bot/documents/generate/',
    {
      config,
      schema: {
        tags,
        summary: 'Generate a PDF for a patient from a template (visit certificate, visit summary); the patient is told in the bot',
        body: z.object({
          telegram_user_id: telegramUserId,
          template: z.enum(templates),
          appointment_id: id.optional(),
          text: z.string().max(10_000).optional(),
          language: z.enum(['ru', 'kk']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { telegram_user_id: userId, ...input } = request.body;
      const patient = await service.patient((await patientOf(userId)).id);
      const who = await audit.actorOf(request);
      const document = await service.generate(patient, { ...input, createdBy: who.actor }).catch(refused);
      await audit.write(who, {
        action: 'document.generated',
        patientId: patient.id,
        details: { document_id: document.id, template: input.template },
      });
      await service.notify(document);
      reply.status(201);
      return document;
    },
  );

  app.get(
    '/api/bot/documents/:id/download/',
    {
      config,
      schema: {
        tags,
        summary: 'A download link for a document (48 hours, revocable by staff); with telegram_user_id, only that patient’s',
        params: z.object({ id }),
        querystring: z.object({ telegram_user_id: telegramUserId.optional() }),
      },
    },
    async (request) => {
      const document = await documents.find(request.params.id);
      const owner = request.query.telegram_user_id ? await patientOf(request.query.telegram_user_id) : undefined;
      if (!document || (owner && owner.id !== document.patient_id)) throw notFound(`Document ${request.params.id}`);
      const who = await audit.actorOf(request);
      const link = await documents.issueLink(document.id, await service.languageOf(document.patient_id), who.actor);
      await audit.write(who, { action: 'document.link_issued', patientId: document.patient_id, details: { document_id: document.id } });
      return { id: document.id, title: document.title, file_name: document.file_name, ...link };
    },
  );

  app.post(
    '/api/bot/support/ticket/',
    {
      config,
      schema: {
        tags,
        summary: "Open a support ticket: the patient's conversation goes to the inbox queue with their profile and appointments",
        body: z.object({ telegram_user_id: telegramUserId, text: z.string().trim().min(1).max(4000) }),
      },
    },
    async (request, reply) => {
      const patient = await patientOf(request.body.telegram_user_id);
      const chat = await patients.chatOf(patient.id);
      const conversationId = chat ? ((await context.conversations.findByChat(chat.channel_id, chat.chat_id)) ?? null) : null;
      const ticket = await deps.support.open({ patient, conversationId, text: request.body.text, source: 'api' });
      await audit.record(request, { action: 'support.ticket_opened', patientId: patient.id, details: { ticket_id: ticket.id } });
      reply.status(201);
      return ticket;
    },
  );

  app.get(
    '/api/bot/support/faq/',
    {
      config,
      schema: {
        tags,
        summary: 'The FAQ by category in one language (ru, kk or en); q searches questions and answers',
        querystring: z.object({
          lang: z.enum(['ru', 'kk', 'en']).default('ru'),
          q: z.string().trim().max(200).optional(),
          category_id: id.optional(),
        }),
      },
    },
    async (request) => {
      const { lang, q, category_id: categoryId } = request.query;
      const [categories, entries] = await Promise.all([deps.faq.categories(), deps.faq.entries({ q: q || undefined, categoryId })]);
      const pick = (row: Record<string, unknown>, field: string) => (row[`${field}_${lang}`] as string) || (row[`${field}_ru`] as string);
      return {
        results: categories
          .map((category) => ({
            id: category.id,
            title: pick(category, 'title'),
            questions: entries
              .filter((entry) => entry.category_id === category.id)
              .map((entry) => ({ id: entry.id, question: pick(entry, 'question'), answer: pick(entry, 'answer') })),
          }))
          .filter((category) => category.questions.length > 0),
      };
    },
  );
}
