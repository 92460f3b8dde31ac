// The clinic's FAQ: categories and questions in Russian, Kazakh and English. Staff edit it; the bot shows it by
// category in the patient's language; the bot API and staff search it (every language's question and answer).
import {
  clinicFaqCategoryBody,
  clinicFaqEntryBody,
  clinicFaqQuery,
  clinicIdParams,
  type ClinicFaq,
  type ClinicFaqCategory,
  type ClinicFaqEntry,
} from '@switchboard/contract';
import { sql, type Kysely } from 'kysely';
import { notFound, type HttpApp } from '../../platform/index.ts';
import type { ClinicTables } from './tables.ts';

const tags = ['clinic FAQ'];
const reception = { access: { roles: ['reception', 'operator'] } } as const;
const categoryBody = clinicFaqCategoryBody;
const entryBody = clinicFaqEntryBody;
const entryJson = (row: Omit<ClinicFaqEntry, 'updated_at'> & { updated_at: Date }): ClinicFaqEntry => ({
  ...row,
  updated_at: row.updated_at.toISOString(),
});

export type Faq = ReturnType<typeof createFaq>;

export function createFaq(db: Kysely<ClinicTables>, clock: () => Date) {
  return {
    categories: () => db.selectFrom('clinic_faq_categories').selectAll().orderBy('position').orderBy('id').execute(),
    category: (categoryId: number) => db.selectFrom('clinic_faq_categories').selectAll().where('id', '=', categoryId).executeTakeFirst(),
    entry: (entryId: number) => db.selectFrom('clinic_faq').selectAll().where('id', '=', entryId).executeTakeFirst(),
    /** Questions, by category and position; `q` matches any language's question or answer. */
    entries(filter: { categoryId?: number; q?: string } = {}) {
      let query = db.selectFrom('clinic_faq').selectAll().orderBy('category_id').orderBy('position').orderBy('id');
      if (filter.categoryId) query = query.where('category_id', '=', filter.categoryId);
      if (filter.q) {
        const like = `%${filter.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
        query = query.where(
          sql<boolean>`concat_ws(' ', question_ru, question_kk, question_en, answer_ru, answer_kk, answer_en) ilike ${like}`,
        );
      }
      return query.limit(500).execute();
    },
    clock,
  };
}

export function registerFaqRoutes(app: HttpApp, faq: Faq, db: Kysely<ClinicTables>): void {
  app.get(
    '/api/clinic/faq',
    {
      config: reception,
      schema: {
        tags,
        summary: 'The FAQ in every language; q searches it',
        querystring: clinicFaqQuery,
      },
    },
    async (request): Promise<ClinicFaq> => ({
      categories: await faq.categories(),
      entries: (await faq.entries({ q: request.query.q || undefined })).map(entryJson),
    }),
  );

  app.post(
    '/api/clinic/faq/categories',
    { config: reception, schema: { tags, summary: 'Add a FAQ category', body: categoryBody } },
    async (request, reply): Promise<ClinicFaqCategory> => {
      reply.status(201);
      return db.insertInto('clinic_faq_categories').values(request.body).returningAll().executeTakeFirstOrThrow();
    },
  );

  app.patch(
    '/api/clinic/faq/categories/:id',
    { config: reception, schema: { tags, summary: 'Change a FAQ category', params: clinicIdParams, body: categoryBody.partial() } },
    async (request): Promise<ClinicFaqCategory> => {
      const row = await db
        .updateTable('clinic_faq_categories')
        .set(request.body)
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(`FAQ category ${request.params.id}`);
      return row;
    },
  );

  app.delete(
    '/api/clinic/faq/categories/:id',
    { config: reception, schema: { tags, summary: 'Delete a FAQ category and its questions', params: clinicIdParams } },
    async (request, reply) => {
      const result = await db.deleteFrom('clinic_faq_categories').where('id', '=', request.params.id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound(`FAQ category ${request.params.id}`);
      reply.status(204);
    },
  );

  app.post(
    '/api/clinic/faq/entries',
    { config: reception, schema: { tags, summary: 'Add a FAQ question', body: entryBody } },
    async (request, reply): Promise<ClinicFaqEntry> => {
      if (!(await faq.category(request.body.category_id))) throw notFound(`FAQ category ${request.body.category_id}`);
      reply.status(201);
      return entryJson(
        await db
          .insertInto('clinic_faq')
          .values({ ...request.body, updated_at: faq.clock() })
          .returningAll()
          .executeTakeFirstOrThrow(),
      );
    },
  );

  app.patch(
    '/api/clinic/faq/entries/:id',
    { config: reception, schema: { tags, summary: 'Change a FAQ question', params: clinicIdParams, body: entryBody.partial() } },
    async (request): Promise<ClinicFaqEntry> => {
      if (request.body.category_id && !(await faq.category(request.body.category_id)))
        throw notFound(`FAQ category ${request.body.category_id}`);
      const row = await db
        .updateTable('clinic_faq')
        .set({ ...request.body, updated_at: faq.clock() })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(`FAQ question ${request.params.id}`);
      return entryJson(row);
    },
  );

  app.delete(
    '/api/clinic/faq/entries/:id',
    { config: reception, schema: { tags, summary: 'Delete a FAQ question', params: clinicIdParams } },
    async (request, reply) => {
      const result = await db.deleteFrom('clinic_faq').where('id', '=', request.params.id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound(`FAQ question ${request.params.id}`);
      reply.status(204);
    },
  );
}
