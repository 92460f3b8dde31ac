// `npm run cli -- bot test | webhook show | set [url] | delete`: Bot API calls
// for the default bot, run from the command line (cli.ts hands over the
// configuration and how to read the stored token).
import { Api } from 'grammy';
import type { Config } from '../../platform/index.ts';
import { maskBotTokens } from './profile.ts';
import { telegramBotKind } from './seed.routes.ts';

export interface TelegramCliContext {
  config: Config;
  /** The pid of a server holding the data folder, if one runs. */
  lockHolder(): number | undefined;
  /** The default account's decrypted credentials of a kind, read from the database; null when none is connected. */
  storedCredentials(kind: string): Promise<string | null>;
  /** The default account's decrypted webhook secret of a kind; null when none is stored. */
  storedWebhookSecret(kind: string): Promise<string | null>;
  write(text: string): void;
  writeError(text: string): void;
}

/** `args`: ['bot', 'test'] or ['webhook', 'show' | 'set' | 'delete', url?]. Returns the exit code. */
export async function runTelegramCliCommand(args: string[], context: TelegramCliContext): Promise<number> {
  const { config } = context;
  const [command, subcommand, argument] = args;
  const action = command === 'bot' ? 'test' : subcommand;
  if (!['test', 'show', 'set', 'delete'].includes(action ?? '')) {
    context.write('usage: npm run cli -- bot test | webhook show | webhook set [url] | webhook delete\n');
    return 2;
  }
  const holder = config.DATABASE_URL ? undefined : context.lockHolder();
  if (holder && !config.TELEGRAM_BOT_TOKEN) {
    context.writeError(
      `A server (pid ${holder}) holds ${config.dataDir}: use its API (/api/accounts/<id>/webhook) or set TELEGRAM_BOT_TOKEN.\n`,
    );
    return 1;
  }
  try {
    const token = config.TELEGRAM_BOT_TOKEN ?? (await context.storedCredentials(telegramBotKind));
    if (!token) throw new Error('No Telegram bot is connected: set TELEGRAM_BOT_TOKEN or add one in Settings → Messengers.');
    const api = new Api(token, { apiRoot: config.TELEGRAM_API_ROOT });
    let result: unknown;
    if (action === 'test') result = await api.getMe();
    else if (action === 'show') result = await api.getWebhookInfo();
    else if (action === 'delete') result = await api.deleteWebhook();
    else {
      const url = argument ?? (config.PUBLIC_URL ? `${config.PUBLIC_URL.replace(/\/+$/, '')}/webhooks/telegram` : undefined);
      if (!url) throw new Error('Give the URL (npm run cli -- webhook set https://…) or set PUBLIC_URL.');
      // Never without a secret: the server refuses every update of a webhook that sends none (401).
      const secret = config.TELEGRAM_WEBHOOK_SECRET ?? (await context.storedWebhookSecret(telegramBotKind));
      if (!secret)
        throw new Error(
          'The default bot has no webhook secret yet: start the server once (it generates one) or set TELEGRAM_WEBHOOK_SECRET.',
        );
      result = await api.setWebhook(url, { secret_token: secret });
    }
    context.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    context.writeError(`${maskBotTokens((error as Error).message)}\n`);
    return 1;
  }
}
