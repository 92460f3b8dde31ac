// Scenario 6 — faults: drills that print counts (lost must be 0; duplicates
// explained by the in-flight window; per-chat order kept).
import { goal, type Engine, type Report } from '../lib/report.ts';
import { enginesFor, type BenchOptions } from '../lib/setup.ts';
import { failingCalls, killDuringDelivery } from './faults-delivery.ts';
import { duplicateWebhooks, killDuringIntake } from './faults-intake.ts';

/** Runs one drill; a failure is noted and counted as a missed goal, and the other drills still run. */
async function drill<T>(report: Report, engine: Engine, name: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    report.note(`${engine} ${name}: failed: ${(error as Error).stack ?? String(error)}`);
    report.goal({ engine, name: `${name} completed`, target: 'yes', value: null, met: false });
    process.stderr.write(`${engine} ${name} failed: ${(error as Error).stack ?? String(error)}\n`);
    return null;
  }
}

export async function runFaults(report: Report, options: BenchOptions): Promise<void> {
  const quick = options.quick;
  for (const engine of enginesFor(options, ['postgres'])) {
    const kill = await drill(report, engine, 'kill -9 in delivery', () => killDuringDelivery(engine, quick ? 1_000 : 5_000, quick));
    const failing = await drill(report, engine, '20% failing calls', () => failingCalls(engine, quick ? 300 : 2_000));
    const twice = await drill(report, engine, 'webhook twice', () => duplicateWebhooks(engine, quick ? 300 : 2_000));
    const crash = await drill(report, engine, 'kill -9 in intake', () => killDuringIntake(engine, quick ? 20 : 50, quick ? 10 : 20));
    report.figure(engine, { kill_during_delivery: kill, failing_calls: failing, webhook_twice: twice, kill_during_intake: crash });
    if (kill) {
      report.headline(
        'kill -9 in delivery',
        `${kill.in_flight_at_kill} in flight; ${kill.duplicated} dup; ${kill.lost} lost; ${kill.order_violations} order; done ${kill.recovery_ms} ms after restart`,
        engine,
      );
      report.goal(goal('kill -9 in delivery: lost', '0', kill.lost, (value) => value === 0, engine));
      report.goal(
        goal(
          'kill -9 in delivery: duplicates ≤ in flight at kill',
          `≤ ${kill.in_flight_at_kill}`,
          kill.duplicated,
          (value) => value <= kill.in_flight_at_kill,
          engine,
        ),
      );
      report.goal(goal('kill -9 in delivery: order violations', '0', kill.order_violations, (value) => value === 0, engine));
    }
    if (failing) {
      report.headline(
        '20% failing calls',
        `${failing.injected_share} of ${failing.send_calls} calls failed; ${failing.lost} lost; ${failing.duplicated} dup; ${failing.order_violations} order`,
        engine,
      );
      report.goal(goal('20% failing: lost (incl. failed rows)', '0', failing.lost + failing.failed_rows, (value) => value === 0, engine));
      report.goal(goal('20% failing: per-chat order violations', '0', failing.order_violations, (value) => value === 0, engine));
    }
    if (twice) {
      report.headline('webhook twice at once', `${twice.duplicates} dup; ${twice.lost} lost of ${twice.updates}`, engine);
      report.goal(goal('webhook twice: duplicates stored', '0', twice.duplicates, (value) => value === 0, engine));
      report.goal(goal('webhook twice: lost', '0', twice.lost, (value) => value === 0, engine));
      report.goal(goal('webhook twice: unprocessed after 120 s', '0', twice.unprocessed_after_wait, (value) => value === 0, engine));
    }
    if (crash) {
      report.headline(
        'kill -9 in intake',
        `${crash.acknowledged_before_kill} acked before; ${crash.lost} lost; ${crash.duplicates} dup; ${crash.order_violations} order`,
        engine,
      );
      report.goal(goal('kill -9 in intake: not stored 180 s after restart', '0', crash.lost, (value) => value === 0, engine));
      report.goal(
        goal(
          'kill -9 in intake: duplicates + order violations',
          '0',
          crash.duplicates + crash.order_violations,
          (value) => value === 0,
          engine,
        ),
      );
    }
  }
}
