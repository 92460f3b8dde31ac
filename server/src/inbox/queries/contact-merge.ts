// Merging two contacts of one person: what the admin's merge (POST /api/contacts/:id/merge) and the contacts port's
// linkIdentity (a messenger account proven to be an app's person) both do.
import { moveContactLinks } from './contact-links.ts';
import { deleteContact, lockContacts, moveContactReferences, recordsReferencing, updateContact } from './contacts.ts';
import type { ContactRow, InboxDb } from '../tables.ts';

export type MergeOutcome =
  | { outcome: 'merged'; contact: ContactRow }
  | { outcome: 'missing'; id: number }
  /** The duplicate has rows outside the inbox (a portal account, a patient record) that deleting it would lose. */
  | { outcome: 'has_records'; records: string[] };

/**
 * Moves the duplicate's identities, conversations, sent messages, reachability and links to the kept contact, joins
 * their profiles and deletes the duplicate, in the caller's transaction; a refusal leaves the caller to roll back.
 */
export async function mergeContactInto(trx: InboxDb, keep: number, duplicate: number): Promise<MergeOutcome> {
  const rows = await lockContacts(trx, [keep, duplicate]);
  const target = rows.find((row) => row.id === keep);
  const source = rows.find((row) => row.id === duplicate);
  if (!target || !source) return { outcome: 'missing', id: target ? duplicate : keep };
  await moveContactReferences(trx, duplicate, keep);
  await moveContactLinks(trx, duplicate, keep);
  const records = await recordsReferencing(trx, duplicate);
  if (records.length > 0) return { outcome: 'has_records', records };
  await deleteContact(trx, duplicate);
  const contact = await updateContact(trx, keep, {
    // A name staff set wins (theirs, or the duplicate's when only it had one); the messenger's name is kept beside it.
    display_name: !target.name_set_by_staff && source.name_set_by_staff ? source.display_name : target.display_name,
    name_set_by_staff: target.name_set_by_staff || source.name_set_by_staff,
    profile_name: target.profile_name || source.profile_name,
    phone: target.phone ?? source.phone,
    username: target.username ?? source.username,
    tags: [...new Set([...(target.tags ?? []), ...(source.tags ?? [])])],
    notes: [target.notes, source.notes].filter(Boolean).join('\n\n'),
    // The kept contact's own values win; the duplicate fills in the attributes it lacks.
    attributes: JSON.stringify({ ...(source.attributes ?? {}), ...(target.attributes ?? {}) }),
  });
  return { outcome: 'merged', contact };
}
