// Custom attributes (0021): the definitions admins keep, and the values on contacts and conversations.
import { sql } from 'kysely';
import type { AttributeDefinition, AttributeTarget, AttributeValues } from '@switchboard/contract';
import type { InboxDb } from '../tables.ts';

type DefinitionRow = Awaited<ReturnType<typeof listDefinitions>>[number];

export function serializeDefinition(row: DefinitionRow): AttributeDefinition {
  return {
    ...row,
    applies_to: row.applies_to as AttributeDefinition['applies_to'],
    type: row.type as AttributeDefinition['type'],
    options: row.options ?? [],
    created_at: row.created_at.toISOString(),
  };
}

export function listDefinitions(db: InboxDb, target?: AttributeTarget) {
  let query = db.selectFrom('attribute_definitions').selectAll();
  if (target) query = query.where('applies_to', '=', target);
  return query.orderBy('applies_to').orderBy('id').execute();
}

export async function definitionById(db: InboxDb, id: number): Promise<AttributeDefinition | undefined> {
  const row = await db.selectFrom('attribute_definitions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && serializeDefinition(row);
}

export async function definitionByKey(db: InboxDb, target: AttributeTarget, key: string): Promise<AttributeDefinition | undefined> {
  const row = await db
    .selectFrom('attribute_definitions')
    .selectAll()
    .where('applies_to', '=', target)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && serializeDefinition(row);
}

/** Undefined when the key is taken for that target (the unique index decides, so two admins cannot race). */
export async function insertDefinition(
  db: InboxDb,
  definition: Omit<AttributeDefinition, 'id' | 'created_at'>,
): Promise<AttributeDefinition | undefined> {
  const row = await db
    .insertInto('attribute_definitions')
    .values({ ...definition, options: JSON.stringify(definition.options) })
    .onConflict((conflict) => conflict.columns(['applies_to', 'key']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && serializeDefinition(row);
}

export async function updateDefinition(
  db: InboxDb,
  id: number,
  change: { label_ru?: string; label_en?: string; options?: string[] },
): Promise<AttributeDefinition> {
  const row = await db
    .updateTable('attribute_definitions')
    .set({
      ...(change.label_ru !== undefined ? { label_ru: change.label_ru } : {}),
      ...(change.label_en !== undefined ? { label_en: change.label_en } : {}),
      ...(change.options !== undefined ? { options: JSON.stringify(change.options) } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return serializeDefinition(row);
}

/** Removes the definition and its values everywhere, in the caller's transaction. */
export async function deleteDefinition(trx: InboxDb, definition: AttributeDefinition): Promise<void> {
  const table = definition.applies_to === 'contact' ? 'contacts' : 'conversations';
  await sql`UPDATE ${sql.table(table)} SET attributes = attributes - ${definition.key}::text WHERE attributes ? ${definition.key}::text`.execute(
    trx,
  );
  await trx.deleteFrom('attribute_definitions').where('id', '=', definition.id).execute();
}

/** Sets and removes values on one contact or conversation in one statement; returns the values after. */
export async function writeValues(
  trx: InboxDb,
  target: AttributeTarget,
  id: number,
  set: AttributeValues,
  remove: string[],
): Promise<AttributeValues> {
  const table = target === 'contact' ? 'contacts' : 'conversations';
  const row = await sql<{ attributes: AttributeValues }>`
    UPDATE ${sql.table(table)} SET attributes = (attributes - ${remove}::text[]) || ${JSON.stringify(set)}::jsonb, updated_at = now()
    WHERE id = ${id} RETURNING attributes`.execute(trx);
  return row.rows[0]?.attributes ?? {};
}
