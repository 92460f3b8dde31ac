// `npm run cli -- reset-password <email>`: a forgotten password (the admin's, usually) is reset from
// the machine Switchboard runs on. Whoever can run this already holds the database.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { hashPassword, loadConfig, openDatabase, type Config, type PlatformTables } from './platform/index.ts';

const usage = `usage: npm run cli -- reset-password <email>
       printf '%s\\n' "$NEW_PASSWORD" | npm run cli -- reset-password <email> --password-stdin

Sets a new password for the staff member with that e-mail and ends every session they have
(their API tokens stop working too). Without --password-stdin a password is generated and printed
once: sign in with it, then change it under Profile. The password never goes on the command line,
where \`ps\` would show it.
`;

export interface ResetHelpers {
  lockHolder(config: Config): number | undefined;
  readStdin(): Promise<string>;
}

/** 18 random bytes as base64url: 24 characters, no look-alike trouble with a terminal's font. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export async function resetPassword(args: string[], helpers: ResetHelpers): Promise<number> {
  const fromStdin = args.includes('--password-stdin');
  const rest = args.filter((arg) => arg !== '--password-stdin');
  if (rest.length !== 1 || rest[0]!.startsWith('-')) {
    process.stderr.write(usage);
    return 2;
  }
  const email = rest[0]!.trim();
  let password = generatePassword();
  if (fromStdin) {
    password = (await helpers.readStdin()).replace(/\r?\n$/, '');
    if (password.length < 8) return fail('The new password must be at least 8 characters (it was read from stdin).');
    if (password.length > 1024) return fail('The new password must be at most 1,024 characters.');
  }
  const config = loadConfig();
  const holder = config.DATABASE_URL ? undefined : helpers.lockHolder(config);
  if (holder) return fail(`A server (pid ${holder}) holds ${config.dataDir}: stop it, reset the password, then start it again.`);

  const database = await openDatabase<PlatformTables>({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    queryTimeoutMs: 30_000,
  });
  try {
    const db = database.db;
    const user = await db
      .selectFrom('staff_users')
      .select(['id', 'email', 'role', 'is_active'])
      .where(sql<string>`lower(email)`, '=', email.toLowerCase())
      .executeTakeFirst();
    if (!user) return fail(`No staff member has the e-mail ${email}. Check the spelling (the e-mail they sign in with).`);
    const passwordHash = await hashPassword(password);
    const ended = await db.transaction().execute(async (trx) => {
      await trx.updateTable('staff_users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
      const sessions = await trx.deleteFrom('staff_sessions').where('user_id', '=', user.id).executeTakeFirst();
      const tokens = await trx.deleteFrom('api_tokens').where('user_id', '=', user.id).executeTakeFirst();
      return { sessions: Number(sessions.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
    });
    process.stdout.write(
      `Password reset for ${user.email} (${user.role}). Ended ${ended.sessions} session(s), revoked ${ended.tokens} API token(s).\n`,
    );
    if (!fromStdin) process.stdout.write(`New password (shown once): ${password}\nSign in with it, then change it under Profile.\n`);
    if (!user.is_active) process.stdout.write('Note: this account is switched off; an admin switches it on under Team.\n');
    return 0;
  } finally {
    await database.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`reset-password: ${message}\n`);
  return 1;
}
