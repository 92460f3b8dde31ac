// Standalone fake: bin/node24 tools/fake-amocrm/src/cli.ts [--port N] [--host H] [--subdomain S]
// Prints its URL and the integration's credentials, then serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startFakeAmocrm } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    subdomain: { type: 'string', default: 'example' },
  },
});

const fake = await startFakeAmocrm({ port: Number(values.port), host: values.host, subdomain: values.subdomain });
process.stdout.write(`${fake.url}\n`);
const integration = fake.control.integration();
process.stderr.write(
  `client_id=${integration.clientId} client_secret=${integration.clientSecret} redirect_uri=${integration.redirectUri}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void fake.stop().then(() => process.exit(0));
  });
}
