// The container files cannot be built or run here (no Docker engine, no image pulls):
// they are linted instead. compose.yaml against the Compose Specification schema
// (dclint ships it and validates with it) and dclint's rules; the Dockerfile with
// dockerfile-utils' validator on dockerfile-ast's parse, plus our own rules.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { DCLinter } from 'dclint';
import dockerfileAst from 'dockerfile-ast';
import { validate as validateDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
type LintMessage = { type: string; rule: string; message: string };

test('compose.yaml follows the Compose Specification and dclint has no errors', () => {
  // The proxy must listen on every interface: that is its job.
  const linter = new DCLinter({ rules: { 'no-unbound-port-interfaces': 0 }, quiet: true, debug: false, exclude: [] });
  const [result] = linter.lintFiles([path.join(root, 'compose.yaml')], false);
  assert.deepEqual(
    // Its warnings are taste (key order, quoting) and stay off; errors are schema or safety problems.
    result!.messages
      .filter((message: LintMessage) => message.type === 'error')
      .map((message: LintMessage) => `${message.rule}: ${message.message}`),
    [],
  );
});

test('dclint does reject a file outside the schema (the check above can fail)', () => {
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-compose-')), 'compose.yaml');
  try {
    fs.writeFileSync(broken, read('compose.yaml').replace('    stop_grace_period: 30s', '    stop_grace_period: 30s\n    replicaz: 3'));
    const [result] = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] }).lintFiles([broken], false);
    assert.ok(result!.messages.some((message: LintMessage) => message.rule === 'invalid-schema'));
  } finally {
    fs.rmSync(path.dirname(broken), { recursive: true, force: true });
  }
});

test('compose.yaml: web and worker roles, a scalable worker, PostgreSQL 18 with a volume and a healthcheck, Caddy with TLS', () => {
  const compose = parseYaml(read('compose.yaml'), { merge: true });
  const { services } = compose;
  assert.equal(services['switchboard-web'].environment.SWITCHBOARD_ROLE, 'web');
  assert.equal(services['switchboard-worker'].environment.SWITCHBOARD_ROLE, 'worker');
  assert.match(String(services['switchboard-worker'].deploy.replicas), /SWITCHBOARD_WORKERS/);
  for (const name of ['switchboard-web', 'switchboard-worker']) {
    const environment = services[name].environment;
    assert.match(
      environment.APP_SECRET,
      /^\$\{APP_SECRET:\?/,
      `${name} takes APP_SECRET from the environment or .env, and refuses to start without`,
    );
    assert.match(environment.DATABASE_URL, /^\$\{DATABASE_URL:-postgres:\/\/.*@postgres:5432\//);
    assert.equal(environment.MEDIA_DIR, '/media');
    assert.ok(services[name].volumes.includes('media:/media'), `${name} shares the media folder`);
    assert.equal(services[name].depends_on.postgres.condition, 'service_healthy');
  }
  assert.equal(services.postgres.image, 'postgres:18');
  assert.ok(services.postgres.volumes.includes('postgres-data:/var/lib/postgresql'));
  assert.match(services.postgres.healthcheck.test.join(' '), /pg_isready/);
  assert.match(services.caddy.image, /^caddy:2/);
  assert.ok(services.caddy.volumes.includes('./Caddyfile:/etc/caddy/Caddyfile:ro'));
  assert.ok(services.caddy.ports.includes('443:443'));
  assert.ok(Object.keys(compose.volumes).includes('postgres-data'));

  const caddyfile = read('Caddyfile');
  assert.match(caddyfile, /^\{\$SWITCHBOARD_DOMAIN\} \{/m, 'a site address, so Caddy gets a certificate for it');
  assert.match(caddyfile, /name switchboard-web\n\s+port 3000/);
  assert.match(caddyfile, /health_uri \/api\/health/);
  assert.match(read('.env.example'), /^APP_SECRET=$/m);
});

test('the Dockerfile parses cleanly and keeps our rules', () => {
  const content = read('Dockerfile');
  assert.deepEqual(
    validateDockerfile(content).map((diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`),
    [],
  );
  const dockerfile = dockerfileAst.DockerfileParser.parse(content);
  const froms = dockerfile.getFROMs();
  assert.ok(froms.length >= 2, 'multi-stage: the build tools stay out of the image');
  for (const from of froms) {
    assert.equal(from.getImageName(), 'node', 'every stage is on the official Node image');
    assert.match(from.getImageTag() ?? '', /^24(\.\d+)*-slim$/, 'the base is pinned to Node 24 (no latest, no floating major)');
  }
  const instructions = dockerfile.getInstructions();
  const finalStage = instructions.slice(instructions.lastIndexOf(froms.at(-1)!));
  const users = finalStage.filter((instruction) => instruction.getKeyword() === 'USER');
  assert.ok(users.length > 0 && !/^(root|0)(:|$)/.test(users.at(-1)!.getArgumentsContent() ?? ''), 'the server runs as a non-root user');
  assert.equal(dockerfile.getHEALTHCHECKs().length, 1);
  assert.match(dockerfile.getHEALTHCHECKs()[0]!.getArgumentsContent() ?? '', /\/api\/health/);
  for (const add of instructions.filter((instruction) => instruction.getKeyword() === 'ADD')) {
    assert.doesNotMatch(add.getArgumentsContent() ?? '', /https?:\/\//, 'no ADD of URLs: downloads are unpinned and unverified');
  }
  const runs = instructions
    .filter((instruction) => instruction.getKeyword() === 'RUN')
    .map((instruction) => instruction.getArgumentsContent() ?? '');
  assert.ok(runs.some((run) => /npm ci\b/.test(run)) && !runs.some((run) => /npm install\b/.test(run)), 'installs exactly the lockfile');
  assert.ok(
    runs.some((run) => /web\/scripts\/build\.ts/.test(run)),
    'builds the web app',
  );
  const environment = finalStage
    .filter((instruction) => instruction.getKeyword() === 'ENV')
    .map((instruction) => instruction.getArgumentsContent())
    .join(' ');
  assert.match(environment, /SWITCHBOARD_ROLE=all/, 'the role defaults to all and is overridden per container');
  assert.match(environment, /HOST=0\.0\.0\.0/);

  const ignored = read('.dockerignore').split('\n');
  for (const entry of ['.git', '**/node_modules', '.env', 'data']) assert.ok(ignored.includes(entry), `.dockerignore leaves out ${entry}`);
});
