// A patient's documents: staff upload them (the type sniffed from the bytes, the size limited) or generate
// them from templates as PDF; each is kept in the app's files, listed by type, and shared by a download
// link that works for 48 hours (seed 004's TTL) unless staff revoke it. A 6-hourly job removes expired
// links, and files past retention or of deleted documents.
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../app.ts';
import type { ClinicSettings } from './clinic.settings.ts';
import type { DocumentType } from './documents.tables.ts';
import type { ClinicTables, PatientLanguage } from './tables.ts';

export const linkTtlHours = 48;
export const maxDocumentBytes = 10 * 1024 * 1024;
/** What staff may upload: what a clinic hands patients (PDF, scans, photos). */
export const acceptedTypes = new Map([
  ['application/pdf', 'pdf'],
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/webp', 'webp'],
  ['image/tiff', 'tiff'],
]);

export class DocumentRefused extends Error {}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
export const linkPath = (token: string) => `/api/clinic/document-links/${token}`;

export type Documents = ReturnType<typeof createDocuments>;

export function createDocuments(deps: {
  db: Kysely<ClinicTables>;
  context: Pick<AppContext<ClinicTables, ClinicSettings>, 'files' | 'settings' | 'publicUrl'>;
  clock(): Date;
}) {
  const { db, context, clock } = deps;
  const columns = [
    'id',
    'patient_id',
    'type',
    'title',
    'file_name',
    'content_type',
    'size',
    'source',
    'template',
    'created_by',
    'created_at',
  ] as const;

  async function create(input: {
    patientId: number;
    type: DocumentType;
    title: string;
    fileName: string;
    contentType: string;
    data: Buffer;
    source: 'upload' | 'template';
    template?: string;
    createdBy: string;
  }) {
    const stored = await context.files.store({ name: input.fileName, contentType: input.contentType, data: input.data });
    try {
      return await db
        .insertInto('clinic_documents')
        .values({
          patient_id: input.patientId,
          type: input.type,
          title: input.title,
          file_id: stored.id,
          file_name: input.fileName,
          content_type: input.contentType,
          size: stored.size,
          source: input.source,
          template: input.template ?? null,
          created_by: input.createdBy,
          created_at: clock(),
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
    } catch (error) {
      // No row, no file: an orphan would only wait for a cleanup that cannot see it.
      await context.files.remove(stored.id);
      throw error;
    }
  }

  const live = () => db.selectFrom('clinic_documents').where('deleted_at', 'is', null).where('file_id', 'is not', null);

  return {
    create,
    /** Links are absolute only with PUBLIC_URL; a messenger needs one to open. */
    hasPublicLinks: Boolean(context.publicUrl),
    list: (patientId: number, type?: DocumentType) => {
      let query = live().select(columns).where('patient_id', '=', patientId).orderBy('created_at', 'desc').orderBy('id', 'desc');
      if (type) query = query.where('type', '=', type);
      return query.limit(500).execute();
    },
    find: (id: number) =>
      live()
        .select([...columns, 'file_id'])
        .where('id', '=', id)
        .executeTakeFirst(),
    async read(id: number) {
      const found = await live().select('file_id').where('id', '=', id).executeTakeFirst();
      return found?.file_id ? context.files.read(found.file_id) : undefined;
    },
    /** A new download link for 48 hours; the page it shows when it no longer works speaks the language given. */
    async issueLink(documentId: number, language: PatientLanguage, createdBy: string) {
      const token = randomBytes(24).toString('base64url');
      const now = clock();
      const expiresAt = new Date(now.getTime() + linkTtlHours * 3_600_000);
      await db
        .insertInto('clinic_document_links')
        .values({
          document_id: documentId,
          token_hash: hash(token),
          language,
          created_by: createdBy,
          created_at: now,
          expires_at: expiresAt,
        })
        .execute();
      const path = linkPath(token);
      return { url: context.publicUrl ? `${context.publicUrl.replace(/\/+$/, '')}${path}` : path, path, expires_at: expiresAt };
    },
    async revokeLinks(documentId: number, by: string): Promise<number> {
      const result = await db
        .updateTable('clinic_document_links')
        .set({ revoked_at: clock(), revoked_by: by })
        .where('document_id', '=', documentId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', clock())
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** What a link stands for now: the document, or why it no longer works (and in which language to say so). */
    async resolveLink(token: string) {
      const link = await db
        .selectFrom('clinic_document_links as l')
        .innerJoin('clinic_documents as d', 'd.id', 'l.document_id')
        .select(['l.id', 'l.language', 'l.expires_at', 'l.revoked_at', 'd.id as document_id', 'd.patient_id', 'd.file_id', 'd.deleted_at'])
        .where('l.token_hash', '=', hash(token))
        .executeTakeFirst();
      if (!link) return { state: 'unknown' as const };
      if (link.revoked_at || link.deleted_at || !link.file_id) return { state: 'revoked' as const, link };
      if (link.expires_at <= clock()) return { state: 'expired' as const, link };
      const file = await context.files.read(link.file_id);
      return file ? { state: 'ok' as const, link, file } : { state: 'revoked' as const, link };
    },
    async remove(id: number): Promise<boolean> {
      const result = await db
        .updateTable('clinic_documents')
        .set({ deleted_at: clock() })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    /** The 6-hourly cleanup: expired and revoked links go; files of deleted documents and past retention are removed. */
    async cleanup(): Promise<{ links: number; files: number }> {
      const now = clock();
      const links = await db
        .deleteFrom('clinic_document_links')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('revoked_at', 'is not', null)]))
        .executeTakeFirst();
      const { document_retention_days: days } = await context.settings.read();
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      const orphans = await db
        .selectFrom('clinic_documents')
        .select(['id', 'file_id'])
        .where('file_id', 'is not', null)
        .where((eb) => eb.or([eb('deleted_at', 'is not', null), eb('created_at', '<', cutoff)]))
        .limit(1000)
        .execute();
      for (const orphan of orphans) {
        await context.files.remove(orphan.file_id!);
        await db
          .updateTable('clinic_documents')
          .set({ file_id: null, deleted_at: sql<Date>`coalesce(deleted_at, ${now})` })
          .where('id', '=', orphan.id)
          .execute();
        await db.deleteFrom('clinic_document_links').where('document_id', '=', orphan.id).execute();
      }
      return { links: Number(links.numDeletedRows), files: orphans.length };
    },
  };
}
