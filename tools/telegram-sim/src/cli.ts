// Standalone simulator: node24 tools/telegram-sim/src/cli.ts [--port N] [--host H] [--time-scale X] [--seed N] [--state-file F]
import { parseArgs } from 'node:util';
import { startTelegramSimulator, type StartOptions } from './simulator-server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'time-scale': { type: 'string', default: '1' },
    seed: { type: 'string' },
    'state-file': { type: 'string' },
  },
});

const options: StartOptions = { port: Number(values.port), host: values.host, timeScale: Number(values['time-scale']) };
if (values.seed !== undefined) options.seed = Number(values.seed);
if (values['state-file'] !== undefined) options.stateFile = values['state-file'];
const simulator = await startTelegramSimulator(options);
process.stdout.write(`${simulator.url}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.stop().then(() => process.exit(0));
  });
}
