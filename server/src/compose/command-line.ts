// `npm start`: reads .env, starts the server, explains a refusal to start in one line (no stack), and stops on
// SIGINT / SIGTERM. Handed the start function, so this file does not import main.ts back.
import { ConfigError, DataDirLockedError, loadConfig, WrongAppSecretError, type Config, type Logger } from '../platform/index.ts';
import { PortUnavailableError } from '../platform/startup-console.ts';

export async function runFromCommandLine(start: (config: Config) => Promise<{ logger: Logger; stop(): Promise<void> }>): Promise<void> {
  try {
    process.loadEnvFile('.env');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let switchboard: Awaited<ReturnType<typeof start>>;
  try {
    switchboard = await start(loadConfig());
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof WrongAppSecretError ||
      error instanceof PortUnavailableError
    ) {
      process.stderr.write(`switchboard: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    switchboard.logger.info(`${signal}: stopping`);
    switchboard.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        switchboard.logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
