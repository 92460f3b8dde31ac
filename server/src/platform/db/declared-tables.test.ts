// Typed data (issue 16): the table types each part declares in its tables.ts are the schema its migrations make.
// The compiler reads the declarations (every `*Tables` interface, with the parts' additions to SwitchboardTables);
// a migrated database answers what exists. A column typed but never made, a table declared under a wrong name or a
// migration's column the types leave out fails here, not in a query at run time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import ts from 'typescript';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/harness.ts';
import { openDatabase, type Database } from './database.ts';

const serverSource = path.resolve(import.meta.dirname, '../..');

/** Tables the migration runner keeps for itself. */
const bookkeeping = new Set(['schema_migrations']);

function tableFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tableFiles(full);
    return /(^|\.)tables\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** table → its declared columns, from every exported interface named `…Tables` in a tables.ts. */
function declaredTables(): Map<string, Set<string>> {
  const files = tableFiles(serverSource);
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const tables = new Map<string, Set<string>>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol, `${file} is a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (!exported.name.endsWith('Tables') || !(exported.flags & ts.SymbolFlags.Interface)) continue;
      for (const table of checker.getDeclaredTypeOfSymbol(exported).getProperties()) {
        const columns = tables.get(table.name) ?? new Set<string>();
        for (const column of checker.getTypeOfSymbol(table).getProperties()) columns.add(column.name);
        tables.set(table.name, columns);
      }
    }
  }
  return tables;
}

for (const engine of testEngines()) {
  describe(`the declared table types and the migrated schema, on ${engine}`, () => {
    let testDatabase: TestDatabase;
    let database: Database<unknown>;
    before(async () => {
      testDatabase = await createTestDatabase(engine);
      database = await openDatabase({ dataDir: testDatabase.dataDir, databaseUrl: testDatabase.databaseUrl, queryTimeoutMs: 10_000 });
    });
    after(async () => {
      await database.close();
      await testDatabase.drop();
    });

    test('every table and column a part declares exists, and every migrated one is declared', async () => {
      const declared = declaredTables();
      assert.ok(declared.size > 40, `the declarations were read (${declared.size} tables)`);
      const { rows } = await sql<{ table_name: string; column_name: string }>`
        SELECT c.table_name, c.column_name FROM information_schema.columns c
          JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`.execute(database.db);
      const migrated = new Map<string, Set<string>>();
      for (const row of rows) migrated.set(row.table_name, (migrated.get(row.table_name) ?? new Set()).add(row.column_name));

      const problems: string[] = [];
      for (const [table, columns] of declared) {
        const made = migrated.get(table);
        if (!made) {
          problems.push(`${table}: declared, but no migration makes it`);
          continue;
        }
        for (const column of columns) if (!made.has(column)) problems.push(`${table}.${column}: declared, but not in the table`);
        for (const column of made) if (!columns.has(column)) problems.push(`${table}.${column}: in the table, but not declared`);
      }
      for (const table of migrated.keys())
        if (!declared.has(table) && !bookkeeping.has(table)) problems.push(`${table}: made by a migration, declared by no part`);
      assert.deepEqual(problems, []);
    });
  });
}
