// The journal's move to one event identity (inbox/0006) happens in place: rows written before it survive,
// keep their order and state, and their event id is the old update_id.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { migrationSources } from '../../main.ts';
import { applyMigrations, openDatabase, type SwitchboardTables } from '../../platform/index.ts';
import { inboxTables } from '../tables.ts';
import { appendToJournal } from './journal.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-journal-migration-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

test('rows journaled before the event-identity migration survive it with their id, body and state', async () => {
  const inbox = migrationSources.find((source) => source.module === 'inbox')!;
  const older = path.join(folder, 'inbox-before');
  fs.mkdirSync(older);
  for (const file of fs.readdirSync(inbox.directory).filter((name) => name < '0006'))
    fs.copyFileSync(path.join(inbox.directory, file), path.join(older, file));
  const core = migrationSources.filter((source) => ['platform', 'channels'].includes(source.module));
  const database = await openDatabase<SwitchboardTables>({ dataDir: path.join(folder, 'data'), queryTimeoutMs: 10_000 });
  try {
    await applyMigrations(database, [...core, { module: 'inbox', directory: older }]);
    const payload = { update_id: 4_242, message: { message_id: 1, text: 'written before' } };
    await sql`INSERT INTO intake_journal (channel_id, update_id, chat_key, payload, state) VALUES (1, 4242, 'chat:1', ${JSON.stringify(payload)}, 'pending'), (1, 4243, 'chat:1', '{"update_id":4243}', 'failed')`.execute(
      database.db,
    );

    assert.ok((await applyMigrations(database, [...core, inbox])).includes('inbox/0006_intake_event_identity'));
    const rows = await sql<{
      event_id: string;
      chat_key: string;
      body: string;
      state: string;
    }>`SELECT event_id, chat_key, body, state FROM intake_journal ORDER BY id`.execute(database.db);
    assert.deepEqual(
      rows.rows.map((row) => ({ ...row, body: JSON.parse(row.body) })),
      [
        { event_id: '4242', chat_key: 'chat:1', body: payload, state: 'pending' },
        // An update that failed for good before is now parked: listed for an admin to retry.
        { event_id: '4243', chat_key: 'chat:1', body: { update_id: 4243 }, state: 'parked' },
      ],
    );
    // The old dedupe carries over: the same id within 24 hours is still a duplicate.
    assert.deepEqual(await appendToJournal(inboxTables(database.db), 1, [{ eventId: '4242', chatKey: 'chat:1', payload }]), []);
  } finally {
    await database.close();
  }
});
