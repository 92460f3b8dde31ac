// docs/OPERATIONS.md and docs/grafana-dashboard.json name metrics: every name must
// be one the server exports, and every one of Switchboard's own must be documented.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { registerBacklogMetrics } from './cluster-metrics.ts';
import { createMetricsRegistry, type Db, type Jobs } from './platform/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const metricName = /\b(?:switchboard|process|nodejs)_[a-z0-9_]+\b/g;

async function exportedNames(): Promise<Set<string>> {
  const registry: Registry = createMetricsRegistry();
  registerBacklogMetrics(registry, { db: {} as Db, jobs: {} as Jobs });
  // Names only: nothing is collected, so no database is needed.
  const names = registry.getMetricsAsArray().map((metric) => metric.name);
  // Set by the health routes, beside the registry's defaults.
  return new Set([...names, 'switchboard_instance_info']);
}

test('the Grafana dashboard only queries metrics the server exports', async () => {
  const exported = await exportedNames();
  const dashboard = JSON.parse(fs.readFileSync(path.join(root, 'docs/grafana-dashboard.json'), 'utf8')) as {
    panels: Array<{ targets?: Array<{ expr: string }> }>;
  };
  const used = new Set(dashboard.panels.flatMap((panel) => panel.targets ?? []).flatMap((target) => target.expr.match(metricName) ?? []));
  assert.ok(used.size >= 10);
  // Histograms and counters are queried by their series names.
  const unknown = [...used].filter((name) => !exported.has(name) && !exported.has(name.replace(/_(sum|count|bucket)$/, '')));
  assert.deepEqual(unknown, []);
});

test('OPERATIONS.md lists every metric the server exports, and no other', async () => {
  const exported = await exportedNames();
  const whole = fs.readFileSync(path.join(root, 'docs/OPERATIONS.md'), 'utf8');
  // The Monitoring section (elsewhere switchboard_… also names NOTIFY channels and databases).
  const text = whole.slice(whole.indexOf('## Monitoring'), whole.indexOf('\n## ', whole.indexOf('## Monitoring') + 1));
  const documented = new Set(text.match(metricName) ?? []);
  const expandedLag = [...documented].flatMap((name) =>
    name === 'nodejs_eventloop_lag_seconds'
      ? ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'].map((part) => `nodejs_eventloop_lag_${part}_seconds`)
      : [],
  );
  for (const name of expandedLag) documented.add(name);
  assert.deepEqual(
    [...exported].filter((name) => !documented.has(name)),
    [],
    'exported but not documented',
  );
  assert.deepEqual(
    [...documented].filter((name) => !exported.has(name)),
    [],
    'documented but not exported',
  );
});
