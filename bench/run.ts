// npm run bench [-- --quick] [-- <scenario> …]: starts everything it needs on
// loopback, runs the scenarios, writes bench/results/<scenario>.json, prints one table.
import { cleanUpDatabases } from './lib/databases.ts';
import { createReport, formatTable, log, type Engine, type Report, type ScenarioResult } from './lib/report.ts';
import type { BenchOptions } from './lib/setup.ts';
import { runClinic } from './clinic.ts';
import { runDispatch } from './dispatch.ts';
import { runBroadcasts } from './scenarios/broadcasts.ts';
import { runClusterDrill } from './scenarios/cluster-drill.ts';
import { runDelivery } from './scenarios/delivery.ts';
import { runDispatchBoard } from './scenarios/dispatch-board.ts';
import { runFanout } from './scenarios/fanout.ts';
import { runFaults } from './scenarios/faults.ts';
import { runFootprint } from './scenarios/footprint.ts';
import { runHeavyWork } from './scenarios/heavy-work.ts';
import { runInboxScale } from './scenarios/inbox-scale.ts';
import { runInbound } from './scenarios/inbound.ts';
import { runSearch } from './scenarios/search.ts';
import { runWhatsApp } from './scenarios/whatsapp.ts';
import { runTelegramUser } from './telegram-user.ts';

const scenarios: Record<string, (report: Report, options: BenchOptions) => Promise<void>> = {
  inbound: runInbound,
  delivery: runDelivery,
  'inbox-scale': runInboxScale,
  search: runSearch,
  fanout: runFanout,
  footprint: runFootprint,
  faults: runFaults,
  'heavy-work': runHeavyWork,
  'cluster-drill': runClusterDrill,
  'telegram-user': runTelegramUser,
  dispatch: runDispatch,
  'dispatch-board': runDispatchBoard,
  broadcasts: runBroadcasts,
  clinic: runClinic,
  whatsapp: runWhatsApp,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const engineArg = args.find((arg) => arg.startsWith('--engines='));
const engines = (engineArg ? engineArg.slice('--engines='.length).split(',') : ['postgres', 'pglite']) as Engine[];
const selected = args.filter((arg) => !arg.startsWith('--'));
const unknown = selected.filter((name) => !(name in scenarios));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario ${unknown.join(', ')}; choose from ${Object.keys(scenarios).join(', ')}\n`);
  process.exit(2);
}
const options: BenchOptions = { mode: quick ? 'quick' : 'full', quick, engines };
const startedAt = Date.now();
const results: ScenarioResult[] = [];
const failures: string[] = [];

const stopOnSignal = () => {
  void cleanUpDatabases().finally(() => process.exit(130));
};
process.once('SIGINT', stopOnSignal);
process.once('SIGTERM', stopOnSignal);

try {
  for (const name of selected.length > 0 ? selected : Object.keys(scenarios)) {
    const report = createReport(name, options.mode);
    log(`${name}: starting (${options.mode}, engines ${engines.join(', ')})`);
    try {
      await scenarios[name]!(report, options);
    } catch (error) {
      failures.push(name);
      report.note(`failed: ${(error as Error).stack ?? String(error)}`);
      process.stderr.write(`${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    }
    const result = report.write();
    results.push(result);
    log(`${name}: done in ${Math.round(result.duration_ms / 1000)} s`);
  }
} finally {
  await cleanUpDatabases();
}

process.stdout.write(`\n${formatTable(results)}\n\n`);
const missed = results.flatMap((result) =>
  result.goals
    .filter((entry) => entry.met === false)
    .map((entry) => `${result.scenario}${entry.engine ? `/${entry.engine}` : ''}: ${entry.name}`),
);
process.stdout.write(
  `${results.length} scenarios in ${Math.round((Date.now() - startedAt) / 1000)} s; goals missed: ${missed.length === 0 ? 'none' : missed.join('; ')}\n`,
);
if (failures.length > 0) {
  process.stdout.write(`scenarios that failed to run: ${failures.join(', ')}\n`);
  process.exit(1);
}
process.exit(0);
