// Standalone fake: bin/node24 tools/fake-meta/src/cli.ts [--port N] [--host H]
// Prints the WhatsApp and Instagram base URLs, then serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startFakeMeta } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const fake = await startFakeMeta({ port: Number(values.port), host: values.host });
process.stdout.write(`META_GRAPH_URL=${fake.whatsappUrl}\nINSTAGRAM_GRAPH_URL=${fake.instagramUrl}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.stop().then(() => process.exit(0));
  });
}
