// The clinic's FAQ: categories and questions in Russian, Kazakh and English. Staff edit it; the bot shows it by
// category in the patient's language; the bot API and staff search it (every language's question and answer).
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { notFound, type HttpApp } from '../../platform/index.ts';
import type { ClinicTables } from './tables.ts';

const tags = ['clinic FAQ'];
const id = z.coerce.number().int().positive().max(2_147_483_647);
const reception = { access: { roles: ['reception', 'operator'] } } as const;
const short = z.string().trim().min(1).max(300);
const long = z.string().trim().min(1).max(4000);
const categoryBody = z.object({
  title_ru: short,
  title_kk: short,
  title_en: z.string().trim().max(300).default(''),
  position: z.number().int().min(0).max(10_000).default(0),
});
const entryBody = z.object({
  category_id: id,
  question_ru: short,
  question_kk: short,
  question_en: z.string().trim().max(300).default(''),
  answer_ru: long,
  answer_kk: long,
  answer_en: z.string().trim().max(4000).default(''),
  position: z.number().int().min(0).max(10_000).default(0),
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
        querystring: z.object({ q: z.string().trim().max(200).optional() }),
      },
    },
    async (request) => ({ categories: await faq.categories(), entries: await faq.entries({ q: request.query.q || undefined }) }),
  );

  app.post(
    '/api/clinic/faq/categories',
    { config: reception, schema: { tags, summary: 'Add a FAQ category', body: categoryBody } },
    async (request, reply) => {
      reply.status(201);
      return db.insertInto('clinic_faq_categories').values(request.body).returningAll().executeTakeFirstOrThrow();
    },
  );

  app.patch(
    '/api/clinic/faq/categories/:id',
    { config: reception, schema: { tags, summary: 'Change a FAQ category', params: z.object({ id }), body: categoryBody.partial() } },
    async (request) => {
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
    { config: reception, schema: { tags, summary: 'Delete a FAQ category and its questions', params: z.object({ id }) } },
    async (request, reply) => {
      const result = await db.deleteFrom('clinic_faq_categories').where('id', '=', request.params.id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound(`FAQ category ${request.params.id}`);
      reply.status(204);
    },
  );

  app.post(
    '/api/clinic/faq/entries',
    { config: reception, schema: { tags, summary: 'Add a FAQ question', body: entryBody } },
    async (request, reply) => {
      if (!(await faq.category(request.body.category_id))) throw notFound(`FAQ category ${request.body.category_id}`);
      reply.status(201);
      return db
        .insertInto('clinic_faq')
        .values({ ...request.body, updated_at: faq.clock() })
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  );

  app.patch(
    '/api/clinic/faq/entries/:id',
    { config: reception, schema: { tags, summary: 'Change a FAQ question', params: z.object({ id }), body: entryBody.partial() } },
    async (request) => {
      if (request.body.category_id && !(await faq.category(request.body.category_id)))
        throw notFound(`FAQ category ${request.body.category_id}`);
      const row = await db
        .updateTable('clinic_faq')
        .set({ ...request.body, updated_at: faq.clock() })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(`FAQ question ${request.params.id}`);
      return row;
    },
  );

  app.delete(
    '/api/clinic/faq/entries/:id',
    { config: reception, schema: { tags, summary: 'Delete a FAQ question', params: z.object({ id }) } },
    async (request, reply) => {
      const result = await db.deleteFrom('clinic_faq').where('id', '=', request.params.id).executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound(`FAQ question ${request.params.id}`);
      reply.status(204);
    },
  );
}
